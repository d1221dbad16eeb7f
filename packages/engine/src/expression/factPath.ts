/**
 * Fact paths are plain dotted property paths rooted in a known namespace.
 * We never hand paths to jsonpath (json-rules-engine's `path`): a path is validated once at
 * compile time and read at run time with own-property lookups only, so no prototype is reachable.
 */
import { didYouMean } from '../errors/suggest.js';

export const FACT_ROOTS = ['lead', 'event', 'derived', 'owner', 'rep', 'score', 'grade', 'stage', 'outcome'] as const;
export type FactRoot = (typeof FACT_ROOTS)[number];

const SEGMENT = /^(?:[A-Za-z_][A-Za-z0-9_]*|0|[1-9][0-9]{0,5})$/;
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']);
/**
 * Facts a decision writes as it runs (not sent by the CRM): the compiler requires every writer to
 * come before a reader, and the run keeps what was written for the lead. The one list both read.
 */
export const RUNTIME_FACT_ROOTS = ['score', 'grade', 'stage', 'outcome'] as const satisfies readonly FactRoot[];
export type RuntimeFactRoot = (typeof RUNTIME_FACT_ROOTS)[number];
/** Runtime facts that are a single value (score, grade, stage): no sub-path allowed, set on the lead afterwards. */
export const SCALAR_FACT_ROOTS = ['score', 'grade', 'stage'] as const satisfies readonly RuntimeFactRoot[];

const SCALAR_ROOTS = new Set<string>(SCALAR_FACT_ROOTS);

export interface FactPathProblem {
  path: string;
  message: { en: string; zh: string };
}

export function checkFactPath(path: unknown): FactPathProblem | undefined {
  if (typeof path !== 'string' || path.length === 0) {
    return { path: String(path), message: { en: 'fact path must be a non-empty string', zh: '事实路径必须是非空字符串' } };
  }
  if (path.length > 200) return { path, message: { en: 'fact path is longer than 200 characters', zh: '事实路径超过 200 个字符' } };
  const segments = path.split('.');
  const root = segments[0]!;
  if (!(FACT_ROOTS as readonly string[]).includes(root)) {
    // Quote what was typed and, for a near miss (leed → lead), the path it probably meant.
    const near = didYouMean(root, FACT_ROOTS);
    const meant = near === undefined ? undefined : [near, ...segments.slice(1)].join('.');
    return {
      path,
      message: {
        en: `unknown fact "${path}"${meant ? ` — did you mean "${meant}"? A` : '; a'} fact path must start with one of ${FACT_ROOTS.join(', ')}`,
        zh: `未知的事实 "${path}"${meant ? `——是否想写 "${meant}"？` : '；'}事实路径必须以 ${FACT_ROOTS.join('、')} 之一开头`,
      },
    };
  }
  if (SCALAR_ROOTS.has(root) && segments.length > 1) {
    return { path, message: { en: `"${root}" is a single value and has no sub-path`, zh: `"${root}" 是单个值，不能带子路径` } };
  }
  if (!SCALAR_ROOTS.has(root) && segments.length < 2) {
    return { path, message: { en: `"${root}" needs a field, e.g. ${root}.region`, zh: `"${root}" 需要指定字段，例如 ${root}.region` } };
  }
  for (const segment of segments) {
    if (FORBIDDEN.has(segment)) {
      return { path, message: { en: `segment "${segment}" is not allowed in a fact path`, zh: `事实路径中不允许出现 "${segment}"` } };
    }
    if (!SEGMENT.test(segment)) {
      return {
        path,
        message: {
          en: `segment "${segment}" is not a plain property name (letters, digits, underscore)`,
          zh: `"${segment}" 不是合法的属性名（只能包含字母、数字、下划线）`,
        },
      };
    }
  }
  return undefined;
}

/** Reads a dotted path (without its root) from a value using own properties only. */
export function readPath(value: unknown, segments: readonly string[]): unknown {
  let current = value;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

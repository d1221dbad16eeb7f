import { z } from 'zod';
import { checkFactPath } from './factPath.js';
import { OPERATORS, OPERATOR_NAMES } from './operators.js';

/** A condition in json-rules-engine's own JSON shape, restricted to what we can check. */
export type Scalar = string | number | boolean | null;
export type ConditionValue = Scalar | Scalar[] | { fact: string };
export type Condition =
  | { all: Condition[]; name?: string }
  | { any: Condition[]; name?: string }
  | { not: Condition; name?: string }
  | { fact: string; operator: string; value: ConditionValue };

const scalar = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]);
const conditionValue = z.union([scalar, z.array(scalar).max(1000), z.strictObject({ fact: z.string() })]);

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(conditionSchema).max(200), name: z.string().optional() }),
    z.strictObject({ any: z.array(conditionSchema).max(200), name: z.string().optional() }),
    z.strictObject({ not: conditionSchema, name: z.string().optional() }),
    z.strictObject({ fact: z.string(), operator: z.enum(OPERATOR_NAMES), value: conditionValue }),
  ]),
);

export interface ConditionProblem {
  /** Field path inside the condition, e.g. `all[1].fact`. */
  field: string;
  message: { en: string; zh: string };
}

/** Semantic checks the schema cannot express: fact paths, operator/value agreement. */
export function checkCondition(condition: Condition, field = ''): ConditionProblem[] {
  const problems: ConditionProblem[] = [];
  const at = (suffix: string) => (field ? `${field}.${suffix}` : suffix);
  if ('all' in condition || 'any' in condition) {
    const list = 'all' in condition ? condition.all : condition.any;
    const op = 'all' in condition ? 'all' : 'any';
    list.forEach((child, i) => problems.push(...checkCondition(child, `${at(op)}[${i}]`)));
    return problems;
  }
  if ('not' in condition) return checkCondition(condition.not, at('not'));
  const factProblem = checkFactPath(condition.fact);
  if (factProblem) problems.push({ field: at('fact'), message: factProblem.message });
  const value = condition.value;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const refProblem = checkFactPath(value.fact);
    if (refProblem) problems.push({ field: at('value.fact'), message: refProblem.message });
    if (OPERATORS.get(condition.operator)?.value === 'array') {
      problems.push({
        field: at('value'),
        message: { en: `operator "${condition.operator}" needs a literal list, not a fact`, zh: `运算符 "${condition.operator}" 需要固定列表，不能引用事实` },
      });
    }
    return problems;
  }
  const spec = OPERATORS.get(condition.operator);
  if (!spec) {
    problems.push({ field: at('operator'), message: { en: `unknown operator "${condition.operator}"`, zh: `未知运算符 "${condition.operator}"` } });
    return problems;
  }
  const ok =
    spec.value === 'any' ||
    (spec.value === 'array' && Array.isArray(value)) ||
    (spec.value === 'number' && typeof value === 'number' && Number.isFinite(value)) ||
    (spec.value === 'string' && typeof value === 'string') ||
    (spec.value === 'boolean' && typeof value === 'boolean');
  if (!ok) {
    problems.push({
      field: at('value'),
      message: { en: `operator "${spec.name}" needs a ${spec.value} value`, zh: `运算符 "${spec.name}" 需要${typeLabelZh[spec.value]}类型的值` },
    });
  }
  return problems;
}

const typeLabelZh: Record<string, string> = { array: '列表', number: '数字', string: '文本', boolean: '布尔', any: '任意' };

/** Every fact path a condition reads, in first-seen order. */
export function conditionFacts(condition: Condition, out: string[] = []): string[] {
  if ('all' in condition) condition.all.forEach((c) => conditionFacts(c, out));
  else if ('any' in condition) condition.any.forEach((c) => conditionFacts(c, out));
  else if ('not' in condition) conditionFacts(condition.not, out);
  else {
    if (!out.includes(condition.fact)) out.push(condition.fact);
    const v = condition.value;
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && !out.includes(v.fact)) out.push(v.fact);
  }
  return out;
}

export type FactSlots = unknown[];
export type CompiledCondition = (facts: FactSlots) => boolean;

/**
 * Turns a condition into a plain synchronous closure over a slot array. Empty `all`/`any`
 * are true, as in json-rules-engine.
 */
export function compileCondition(condition: Condition, slotOf: (path: string) => number): CompiledCondition {
  if ('all' in condition) {
    const parts = condition.all.map((c) => compileCondition(c, slotOf));
    if (parts.length === 0) return () => true;
    if (parts.length === 1) return parts[0]!;
    if (parts.length === 2) {
      const [a, b] = parts as [CompiledCondition, CompiledCondition];
      return (f) => a(f) && b(f);
    }
    return (f) => {
      for (let i = 0; i < parts.length; i++) if (!parts[i]!(f)) return false;
      return true;
    };
  }
  if ('any' in condition) {
    const parts = condition.any.map((c) => compileCondition(c, slotOf));
    if (parts.length === 0) return () => true;
    if (parts.length === 1) return parts[0]!;
    return (f) => {
      for (let i = 0; i < parts.length; i++) if (parts[i]!(f)) return true;
      return false;
    };
  }
  if ('not' in condition) {
    const inner = compileCondition(condition.not, slotOf);
    return (f) => !inner(f);
  }
  const op = OPERATORS.get(condition.operator)!.evaluate;
  const slot = slotOf(condition.fact);
  const value = condition.value;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const other = slotOf(value.fact);
    return (f) => op(f[slot], f[other]);
  }
  return (f) => op(f[slot], value);
}

export type ConditionTrace =
  | { op: 'all' | 'any' | 'not'; result: boolean; children: ConditionTrace[] }
  | { fact: string; operator: string; value: ConditionValue; saw: unknown; result: boolean };

/** Evaluates a condition for the explanation, recording what each leaf saw. */
export function traceCondition(condition: Condition, read: (path: string) => unknown): ConditionTrace {
  if ('all' in condition || 'any' in condition) {
    const isAll = 'all' in condition;
    const children = (isAll ? condition.all : condition.any).map((c) => traceCondition(c, read));
    const result = children.length === 0 ? true : isAll ? children.every((c) => c.result) : children.some((c) => c.result);
    return { op: isAll ? 'all' : 'any', result, children };
  }
  if ('not' in condition) {
    const child = traceCondition(condition.not, read);
    return { op: 'not', result: !child.result, children: [child] };
  }
  const saw = read(condition.fact);
  const v = condition.value;
  const rhs = v !== null && typeof v === 'object' && !Array.isArray(v) ? read(v.fact) : v;
  const result = OPERATORS.get(condition.operator)!.evaluate(saw, rhs);
  return { fact: condition.fact, operator: condition.operator, value: v, saw: saw === undefined ? null : saw, result };
}

/**
 * A fact a node's conditions read that had no value. "Missing" (the CRM did not send the field)
 * and "null" (it sent the field, empty) both fail most tests, but they are different fixes: the
 * first is often a typo or an integration gap, the second a lead nobody filled in.
 */
export interface AbsentFact {
  fact: string;
  is: 'missing' | 'null';
  message: { en: string; zh: string };
}

/** The facts among `facts` that read as missing or null, in the order given. */
export function absentFacts(facts: readonly string[], read: (path: string) => unknown): AbsentFact[] {
  const out: AbsentFact[] = [];
  for (const fact of facts) {
    const value = read(fact);
    if (value === undefined) out.push({ fact, is: 'missing', message: { en: `${fact} is missing (not sent)`, zh: `${fact} 缺失（未传入）` } });
    else if (value === null) out.push({ fact, is: 'null', message: { en: `${fact} is null`, zh: `${fact} 为空值（null）` } });
  }
  return out;
}

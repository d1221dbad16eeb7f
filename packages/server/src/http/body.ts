import type { Context } from 'hono';
import type { z } from 'zod';
import { ProblemError, type FieldError, validationFailed } from './problem.js';
import { fieldErrors } from './fieldErrors.js';

export const MAX_BODY_BYTES = 1_048_576;
export const MAX_DEPTH = 32;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Reads a JSON body defensively: size-capped, depth-capped, prototype-polluting keys refused,
 * then validated by a zod schema whose errors carry JSON paths. Never throws anything but a
 * ProblemError, so bad input is always a 4xx.
 */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new ProblemError(415, 'unsupported-media-type', 'Send the body as application/json', { detailZh: '请求体必须是 application/json' });
  }
  const text = await c.req.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) {
    throw bodyTooLarge();
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ProblemError(400, 'invalid-json', 'The body is not valid JSON', { detail: (e as Error).message, detailZh: '请求体不是合法的 JSON' });
  }
  const bad = inspect(value, '$', 0);
  if (bad) throw new ProblemError(400, 'invalid-body', bad.message, { ...(bad.messageZh ? { detailZh: bad.messageZh } : {}), errors: [bad] });
  return parseWith(schema, value);
}

export function bodyTooLarge(): ProblemError {
  return new ProblemError(413, 'body-too-large', `The body exceeds ${MAX_BODY_BYTES} bytes`, { detailZh: `请求体超过 ${MAX_BODY_BYTES} 字节` });
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const errors = fieldErrors(r.error.issues, value);
  throw validationFailed(errors);
}

/**
 * Text PostgreSQL cannot store: a NUL character (no text value may hold one) or a lone UTF-16
 * surrogate (JSON's "\ud800" escape parses to one; it has no UTF-8 form, so jsonb refuses it).
 */
export function unstorableText(s: string): boolean {
  return s.includes('\0') || !isWellFormed(s);
}

/** String.prototype.isWellFormed (Node 20+), typed here: the project's lib is ES2023. */
const isWellFormed = (s: string): boolean => (s as string & { isWellFormed(): boolean }).isWellFormed();

export const UNSTORABLE_TEXT = {
  message: 'contains a NUL character (U+0000) or an unpaired UTF-16 surrogate',
  messageZh: '包含 NUL 字符 (U+0000) 或不成对的 UTF-16 代理项',
};

function inspect(value: unknown, path: string, depth: number): FieldError | undefined {
  if (typeof value === 'string') {
    return unstorableText(value) ? { path, message: `the string ${UNSTORABLE_TEXT.message}`, messageZh: `字符串${UNSTORABLE_TEXT.messageZh}` } : undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  if (depth >= MAX_DEPTH) return { path, message: `nested deeper than ${MAX_DEPTH} levels`, messageZh: `嵌套超过 ${MAX_DEPTH} 层` };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = inspect(value[i], `${path}[${i}]`, depth + 1);
      if (bad) return bad;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return { path: `${path}.${key}`, message: `the key "${key}" is not allowed`, messageZh: `不允许使用键名 "${key}"` };
    if (unstorableText(key)) return { path: `${path}.${key}`, message: `the key ${UNSTORABLE_TEXT.message}`, messageZh: `键名${UNSTORABLE_TEXT.messageZh}` };
    const bad = inspect((value as Record<string, unknown>)[key], `${path}.${key}`, depth + 1);
    if (bad) return bad;
  }
  return undefined;
}

import { jsonPath, schemaIssueZh, type SchemaIssue } from '@sluice/engine';
import type { FieldError } from './problem.js';

/**
 * zod issues as problem+json field errors: the JSON path of the bad field, zod's English message
 * (a schema's custom message kept as is) and the engine's Chinese for the same issue — the one
 * translator the compiler and the editor use too.
 *
 * `input` is the value that was validated (the body, the query…): the Chinese "received …" needs it.
 */
export function fieldErrors(issues: readonly SchemaIssue[], input?: unknown): FieldError[] {
  return issues.map((issue) => {
    const path = jsonPath(issue.path);
    if (isMissing(issue, input)) return { path, message: 'required', messageZh: '必填' };
    return { path, message: issue.message, messageZh: schemaIssueZh(issue, input) };
  });
}

/** zod's own words for a wrong type (a schema's custom message never reads like this). */
const ZOD_WRONG_TYPE = /^Invalid input: expected .+, received \S+$/;

/**
 * A field left out: "expected string, received undefined" reads as a bug in the client's value, when
 * the field is simply not there (a query parameter, coerced, even says "received NaN").
 */
function isMissing(issue: SchemaIssue, input: unknown): boolean {
  if (issue.code !== 'invalid_type' || issue.path.length === 0 || !ZOD_WRONG_TYPE.test(issue.message)) return false;
  let parent = input;
  for (const key of issue.path.slice(0, -1)) {
    if (parent === null || typeof parent !== 'object' || !Object.hasOwn(parent, key)) return false;
    parent = (parent as Record<PropertyKey, unknown>)[key];
  }
  if (parent === null || typeof parent !== 'object' || Array.isArray(parent)) return false;
  const key = issue.path.at(-1)!;
  return !Object.hasOwn(parent, key) || (parent as Record<PropertyKey, unknown>)[key] === undefined;
}

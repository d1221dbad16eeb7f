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
  return issues.map((issue) => ({ path: jsonPath(issue.path), message: issue.message, messageZh: schemaIssueZh(issue, input) }));
}

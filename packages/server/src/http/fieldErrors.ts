import { jsonPath, schemaIssueMessage, type SchemaIssue } from '@sluice/engine';
import type { FieldError } from './problem.js';

/**
 * zod issues as problem+json field errors: the JSON path of the bad field and what is wrong with it
 * in English and Chinese, in the engine's words ("must be 0 or more" / "不能小于 0", "required" /
 * "必填"; a schema's own message kept) — the one translator the compiler and the editor use too.
 *
 * `input` is the value that was validated (the body, the query…): "required" (a field left out, a
 * query parameter coerced to NaN) and the type received are told from it.
 */
export function fieldErrors(issues: readonly SchemaIssue[], input?: unknown): FieldError[] {
  return issues.map((issue) => {
    const { en, zh } = schemaIssueMessage(issue, input);
    return { path: jsonPath(issue.path), message: en, messageZh: zh };
  });
}

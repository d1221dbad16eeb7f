import { schemaIssueMessage, type SchemaIssue } from '@sluice/engine';

/**
 * A schema issue on one line in both languages, from the engine's one translator: "must be 0 or
 * more / 不能小于 0". The path is printed before it by the caller.
 */
export function bothLanguages(issue: SchemaIssue, input: unknown): string {
  const { en, zh } = schemaIssueMessage(issue, input);
  return en === zh ? en : `${en} / ${zh}`;
}

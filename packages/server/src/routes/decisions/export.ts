import type { StoredDecision } from './query.js';

/** CSV columns of the decision export; the full record (explanation included) is in JSONL. */
export const CSV_COLUMNS = [
  'decision_id',
  'at',
  'event_id',
  'event_type',
  'lead_id',
  'policy_key',
  'policy_version',
  'policy_kind',
  'action_types',
  'assigned_to',
  'summary_en',
  'summary_zh',
  'actions_json',
] as const;

/**
 * One CSV cell. Text that a spreadsheet would run as a formula (it begins with =, +, -, @, a tab
 * or a carriage return: OWASP "CSV injection") gets a leading single quote, so it is shown as
 * text; then RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.
 * Only strings are neutralised: the export's own numbers are written as numbers.
 */
export function csvField(value: unknown): string {
  const s = value === null || value === undefined ? '' : typeof value === 'string' ? neutraliseFormula(value) : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** OWASP's mitigation for CSV/formula injection: `=1+1` → `'=1+1`; other text unchanged. */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function csvRow(values: readonly unknown[]): string {
  return values.map(csvField).join(',') + '\r\n';
}

export function csvLine(d: StoredDecision): string {
  const policy = d.policy as { key: string; version: number; kind: string };
  const actions = (d.actions as Array<{ type: string; repId?: string }>) ?? [];
  const summary = (d.explanation as { summary?: { en: string; zh: string } } | undefined)?.summary;
  return csvRow([
    d.decisionId,
    d.at,
    d.eventId,
    d.eventType,
    d.leadId,
    policy.key,
    policy.version,
    policy.kind,
    actions.map((a) => a.type).join(';'),
    actions.flatMap((a) => (a.type === 'assign' && a.repId ? [a.repId] : [])).join(';'),
    summary?.en,
    summary?.zh,
    JSON.stringify(actions),
  ]);
}

export function jsonLine(d: StoredDecision): string {
  return JSON.stringify(d) + '\n';
}

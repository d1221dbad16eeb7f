/**
 * `sluice import`: read CRM export files through a mapping and print what was read, used and
 * skipped, and every rejected row with its row number, column and reason (en / zh).
 */
import { writeFileSync } from 'node:fs';
import { FILE_WORDS, type ImportResult, type ImportSummary, importHistory, rejectReason } from '@sluice/simulator/history';
import { type Command, parseFlags, requireFlags } from './args.js';
import { HISTORY_OPTIONS, readHistoryFiles } from './history-files.js';
import { IMPORT_HELP } from './import-help.js';
import { userFacing } from './mapping.js';

const IMPORT: Command = { name: 'import', help: IMPORT_HELP };

export function runImport(args: string[]): Promise<void> {
  return userFacing(async () => {
    const parsed = parseFlags(IMPORT, args, { ...HISTORY_OPTIONS, json: { type: 'boolean' }, out: { type: 'string' }, strict: { type: 'boolean' } });
    if (!parsed) return;
    const { values } = parsed;
    requireFlags(IMPORT, values, ['leads', 'mapping']);
    const { input, paths } = await readHistoryFiles({ ...values, leads: values.leads!, mapping: values.mapping! });
    const result = importHistory(input);
    if (values.out !== undefined) writeFileSync(values.out, `${JSON.stringify(result.history, null, 2)}\n`);
    process.stdout.write(values.json ? `${JSON.stringify(asJson(result, paths), null, 2)}\n` : report(result, paths));
    if (values.strict && result.rejects.length > 0) process.exitCode = 1;
  });
}

function totals(result: ImportResult) {
  const h = result.history;
  return { leads: h.leads.length, activities: h.activities.length, stageChanges: h.stageChanges.length, reps: h.reps.length, teams: h.teams.length };
}

function asJson(result: ImportResult, paths: Record<string, string | undefined>) {
  return {
    summaries: result.summaries.map((s) => ({ path: paths[s.file], ...s })),
    rejects: result.rejects,
    totals: totals(result),
  };
}

const delimiterName = (d: string) => (d === '\t' ? 'tab' : d);

function summaryLines(s: ImportSummary, path: string | undefined): string[] {
  const f = FILE_WORDS[s.file];
  const how = [s.encoding, s.delimiter !== undefined ? `delimiter "${delimiterName(s.delimiter)}"` : undefined].filter(Boolean).join(', ');
  const lines = [
    `${f.en} / ${f.zh} ${path ?? ''}${how ? ` (${how})` : ''}`,
    `  ${s.rowsRead} rows read, ${s.rowsUsed} used, ${s.rowsSkipped} skipped / 读取 ${s.rowsRead} 行，使用 ${s.rowsUsed} 行，跳过 ${s.rowsSkipped} 行`,
  ];
  const reasons = Object.entries(s.skippedBy).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (reasons.length > 0) {
    lines.push('  skipped because / 跳过原因:');
    for (const [code, n] of reasons) {
      const r = rejectReason(code);
      lines.push(`    ${String(n).padStart(6)}  ${code} — ${r.en} / ${r.zh}`);
    }
  }
  for (const n of s.notes ?? []) lines.push(`  note: ${n.en}`, `  说明：${n.zh}`);
  return lines;
}

function report(result: ImportResult, paths: Record<string, string | undefined>): string {
  const lines: string[] = [];
  for (const s of result.summaries) lines.push(...summaryLines(s, paths[s.file]), '');
  if (result.rejects.length > 0) {
    lines.push(`rejected rows / 被拒绝的行 (${result.rejects.length}):`);
    for (const r of result.rejects) {
      const where = `${paths[r.file] ?? r.file} row ${r.row}${r.column !== undefined ? `, column "${r.column}"` : ''}`;
      lines.push(`  ✗ ${where} [${r.code}]: ${r.reason.en}`, `      第 ${r.row} 行${r.column !== undefined ? `“${r.column}”列` : ''}：${r.reason.zh}`);
    }
    lines.push('');
  }
  const t = totals(result);
  lines.push(
    `history: ${t.leads} leads, ${t.activities} activities, ${t.stageChanges} stage changes, ${t.reps} reps, ${t.teams} teams`,
    `历史：${t.leads} 条线索，${t.activities} 条跟进，${t.stageChanges} 次阶段变更，${t.reps} 位销售，${t.teams} 个团队`,
  );
  return `${lines.join('\n')}\n`;
}

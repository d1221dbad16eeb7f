/**
 * The CRM export files that `sluice import` and `sluice simulate` both read through a mapping: their
 * flags and how they become the simulator's import input, written once so the two commands take
 * exactly the same files the same way.
 */
import { FILE_WORDS, type HistoryFile, type ImportHistoryInput, type ImportResult, importHistory } from '@sluice/simulator/history';
import { encodingFlag, readExport, readMappingFile } from './mapping.js';

export const HISTORY_FILES = ['leads', 'activities', 'stages', 'roster'] as const satisfies readonly HistoryFile[];

/** The parseArgs options for the export files, the mapping and the encoding. */
export const HISTORY_OPTIONS = {
  leads: { type: 'string' },
  activities: { type: 'string' },
  stages: { type: 'string' },
  roster: { type: 'string' },
  mapping: { type: 'string' },
  encoding: { type: 'string' },
} as const;

export type HistoryFlags = { [K in keyof typeof HISTORY_OPTIONS]?: string | undefined };

/**
 * Checks --encoding, then reads the mapping and each given file (problems as CliProblem, exit 2).
 * `paths` says which file each kind came from, for the messages that name it.
 */
export async function readHistoryFiles(values: HistoryFlags & { leads: string; mapping: string }): Promise<{
  input: ImportHistoryInput;
  paths: Partial<Record<HistoryFile, string>>;
}> {
  const encoding = encodingFlag(values.encoding);
  const input: ImportHistoryInput = { mapping: readMappingFile(values.mapping), leads: new Uint8Array() };
  const paths: Partial<Record<HistoryFile, string>> = {};
  for (const f of HISTORY_FILES) {
    const path = values[f];
    if (path === undefined) continue;
    paths[f] = path;
    input[f] = await readExport(path, f);
  }
  if (encoding) input.encoding = encoding;
  // The clock is read here, not in the import: leads created after it get a note.
  input.now = new Date().toISOString();
  return { input, paths };
}

/** Imports the files and says on stderr, per file, how many rows were read, used and skipped. */
export function importWithSummary(input: ImportHistoryInput): ImportResult {
  const imported = importHistory(input);
  for (const s of imported.summaries) {
    const w = FILE_WORDS[s.file];
    process.stderr.write(
      `${w.en} / ${w.zh}: ${s.rowsRead} rows read, ${s.rowsUsed} used, ${s.rowsSkipped} skipped / 读取 ${s.rowsRead} 行，使用 ${s.rowsUsed} 行，跳过 ${s.rowsSkipped} 行\n`,
    );
  }
  if (imported.rejects.length > 0)
    process.stderr.write(
      `  see \`sluice import\` for the ${imported.rejects.length} rejected row(s) / 被拒绝的 ${imported.rejects.length} 行详见 \`sluice import\`\n`,
    );
  return imported;
}

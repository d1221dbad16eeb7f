/**
 * Guessing from the files of one export together: the leads file's id is the column the
 * activity and stage files' lead ids are found in, which one file alone cannot tell.
 */
import { decodeText, type EncodingChoice } from './decode.js';
import { HistoryImportError } from './errors.js';
import { type GuessKind, guessKind, guessMapping, type MappingGuess } from './guess.js';
import type { LinkedKeys } from './guessLeadId.js';
import { matchRoles } from './matchRoles.js';
import { ACTIVITY_ROLES, LEAD_ROLES } from './synonyms.js';
import { readTable, type Table } from './table.js';

export interface GuessFileInput {
  content: string | Uint8Array;
  /** Which file this is; guessed from its header when absent. */
  kind?: GuessKind;
  encoding?: EncodingChoice;
}

export type FileGuess = MappingGuess & { encoding: string; delimiter?: string; format: 'csv' | 'jsonl' };

const DEFAULT_SAMPLE = 20_000;

/** One guess per file, in the order given; merge their sections into one mapping. */
export function guessMappingsFromFiles(files: readonly GuessFileInput[], options: { sampleSize?: number } = {}): FileGuess[] {
  const read = files.map((f) => {
    // A file of unknown kind is named "leads file" in a read error, as the first file a user gives.
    const { text, encoding } = located(f.kind, () => decodeText(f.content, f.encoding ?? 'auto', f.kind ?? 'leads'));
    const table = located(f.kind, () => readTable(text, {}, f.kind ?? 'leads'));
    const sample = table.rows.slice(0, options.sampleSize ?? DEFAULT_SAMPLE).map((r) => r.values);
    return { table, encoding, sample, kind: f.kind ?? guessKind(table.headers, sample) };
  });
  const out: FileGuess[] = new Array(files.length);
  const links: LinkedKeys[] = [];
  // The leads file's unique columns with their values, for an activity file whose lead id column
  // has no known name (unique only: a rep's name in both files is no link).
  const leadsFile = read.find((r) => r.kind === 'leads');
  const leadColumns = new Map<string, Set<string>>();
  for (const h of leadsFile?.table.headers ?? []) {
    const cells = leadsFile!.sample.map((row) => (row.get(h) ?? '').trim()).filter((v) => v !== '');
    const set = new Set(cells);
    if (cells.length > 0 && set.size === cells.length) leadColumns.set(h, set);
  }
  // The reps the leads and activities name (their owner and rep columns), for a roster file whose
  // id column is named loosely: its values are those reps.
  const repValues = new Set<string>();
  if (read.some((r) => r.kind === 'roster'))
    for (const r of read) {
      const rep =
        r.kind === 'leads'
          ? matchRoles(r.table.headers, LEAD_ROLES).get('owner')
          : r.kind === 'activities'
            ? matchRoles(r.table.headers, ACTIVITY_ROLES).get('rep')
            : undefined;
      if (rep)
        for (const row of r.sample) {
          const v = (row.get(rep.column) ?? '').trim();
          if (v !== '') repValues.add(v);
        }
    }
  // Files that refer to leads first, so the leads guess knows which ids they use.
  read.forEach((r, i) => {
    if (r.kind === 'leads') return;
    const guess = guessMapping(r.table.headers, r.sample, r.kind, { ...(leadsFile ? { leadColumns } : {}), ...(r.kind === 'roster' ? { repValues } : {}) });
    out[i] = finish(guess, r.table, r.encoding);
    const column = (guess.mapping[r.kind] as { columns?: { leadId?: string } } | undefined)?.columns?.leadId;
    if (column && (r.kind === 'activities' || r.kind === 'stages'))
      links.push({ file: r.kind, column, values: new Set(r.sample.map((row) => (row.get(column) ?? '').trim()).filter((v) => v !== '')) });
  });
  read.forEach((r, i) => {
    if (r.kind === 'leads') out[i] = finish(guessMapping(r.table.headers, r.sample, 'leads', { links }), r.table, r.encoding);
  });
  return out;
}

/** Errors reading a file of known kind say which file in `where` too, for the server's answer. */
function located<T>(kind: GuessKind | undefined, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof HistoryImportError && kind !== undefined && e.where.file === undefined) throw new HistoryImportError(e.words, { ...e.where, file: kind });
    throw e;
  }
}

/** Reads a file's bytes or text and guesses from its header and first `sampleSize` rows. */
export function guessMappingFromFile(
  content: string | Uint8Array,
  options: { encoding?: EncodingChoice; kind?: GuessKind; sampleSize?: number } = {},
): FileGuess {
  const { sampleSize, ...file } = options;
  return guessMappingsFromFiles([{ content, ...file }], sampleSize === undefined ? {} : { sampleSize })[0]!;
}

/** The file options (encoding, delimiter, format) go into the section, first, the way a person writes the file. */
function finish(guess: MappingGuess, table: Table, encoding: string): FileGuess {
  const section = guess.mapping[guess.kind] as Record<string, unknown>;
  if (encoding === 'gb18030') section.encoding = 'gb18030';
  if (table.format === 'jsonl') section.format = 'jsonl';
  if (table.delimiter && table.delimiter !== ',') section.delimiter = table.delimiter;
  guess.mapping[guess.kind] = Object.fromEntries(Object.entries(section).sort(([a], [b]) => order(a) - order(b))) as never;
  return { ...guess, encoding, ...(table.delimiter ? { delimiter: table.delimiter } : {}), format: table.format };
}

const KEY_ORDER = ['format', 'encoding', 'delimiter', 'dateOrder', 'columns', 'outcomeValues', 'typeValues', 'attributes'];
const order = (key: string) => KEY_ORDER.indexOf(key);

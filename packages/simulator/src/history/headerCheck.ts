/**
 * A mapping checked against the headers of the files it is for, before it is saved: every column
 * it names that a file's header lacks, each at its own mapping path. Only the head of each file is
 * needed (the header line is the first record), so a server can check a 100 MB export's mapping
 * without reading it whole.
 */
import type { Words } from '../types.js';
import { decodeText } from './decode.js';
import { FILE_WORDS, type HistoryFile } from './errors.js';
import type { Mapping } from './mapping.js';
import { readTable } from './table.js';

export interface HeaderProblem {
  /** Where in the mapping, e.g. leads.columns.owner. */
  path: string;
  message: Words;
}

/**
 * `heads`: the first bytes of each uploaded file (any length that holds the header line). A file
 * that is JSON Lines is not checked: its columns are the keys of every line, which a head cannot
 * list; nor is a head that cannot be decoded or holds no whole line (the import will say why).
 */
export function mappedColumnsMissing(mapping: Mapping, heads: Partial<Record<HistoryFile, Uint8Array>>): HeaderProblem[] {
  const problems: HeaderProblem[] = [];
  for (const file of ['leads', 'activities', 'stages', 'roster'] as const) {
    const section = mapping[file];
    const head = heads[file];
    if (section === undefined || head === undefined) continue;
    const headers = headerColumns(head, section, file);
    if (headers === undefined) continue;
    for (const { path, column } of namedColumns(mapping, file)) {
      if (headers.includes(column)) continue;
      const f = FILE_WORDS[file];
      problems.push({
        path,
        message: {
          en: `column "${column}" is not in the ${f.en}'s header. Columns: ${headers.join(', ')}`,
          zh: `“${column}”列不在${f.zh}的表头中。现有列：${headers.join('，')}`,
        },
      });
    }
  }
  return problems;
}

/** How a file's bytes are read: what of a mapping section the header line depends on. */
export type HeaderOptions = Partial<Pick<NonNullable<Mapping[HistoryFile]>, 'format' | 'encoding' | 'delimiter'>>;

/**
 * The column names of a file's header line, read from its head with the given options (`auto` where
 * none is given); undefined for JSON Lines (its columns are the keys of every line) and for a head
 * that cannot be decoded or holds no whole line.
 */
export function headerColumns(head: Uint8Array, section: HeaderOptions, file: HistoryFile): string[] | undefined {
  // Up to the last whole line: a head cut inside a character or a quoted value would misread.
  const end = head.lastIndexOf(0x0a);
  if (end < 0) return undefined;
  try {
    const { text } = decodeText(head.subarray(0, end + 1), section.encoding ?? 'auto', file);
    const table = readTable(text, section, file);
    return table.format === 'csv' && table.headers.length > 0 ? table.headers : undefined;
  } catch {
    return undefined;
  }
}

/** Each column the section names, with its mapping path. */
function namedColumns(mapping: Mapping, file: HistoryFile): { path: string; column: string }[] {
  const out: { path: string; column: string }[] = [];
  const section = mapping[file]!;
  for (const [field, column] of Object.entries(section.columns)) if (typeof column === 'string') out.push({ path: `${file}.columns.${field}`, column });
  if (file === 'leads')
    for (const [key, spec] of Object.entries(mapping.leads.attributes))
      out.push(typeof spec === 'string' ? { path: `leads.attributes.${key}`, column: spec } : { path: `leads.attributes.${key}.column`, column: spec.column });
  return out;
}

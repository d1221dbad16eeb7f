import type { ColumnGuess } from './guess.js';
import { pickLinkColumn } from './guessLeadId.js';
import type { Words } from '../types.js';

/**
 * A roster file's id column when its header says little ("Sales Rep", "User"): the column whose
 * values are the reps the leads and activities name (how the replay will look them up), else the
 * name column (a CRM's user list often has no id, and histories name owners by name). Sets
 * `found.id` and says why in `notes`; true when it chose (so no second, vaguer note is added).
 */
export function pickRosterId(
  headers: readonly string[],
  found: Map<string, ColumnGuess>,
  cells: (column: string) => string[],
  repValues: ReadonlySet<string> | undefined,
  notes: Words[],
): boolean {
  const named = found.get('id');
  if (named?.confidence === 'high') return false;
  if (repValues && repValues.size > 0) {
    const taken = new Set([...found].filter(([role]) => role !== 'id').map(([, g]) => g.column));
    const link = pickLinkColumn(headers, (h) => !taken.has(h), cells, new Map([['reps', repValues]]));
    if (link) {
      found.set('id', { column: link.column, role: 'columns.id', confidence: 'low' });
      notes.push({
        en: `"${link.column}" taken as roster.columns.id because its values are the reps the history names: check it`,
        zh: `“${link.column}”的取值是历史数据中出现的销售，因此被当作 roster.columns.id：请核对`,
      });
      return true;
    }
  }
  if (named) return false;
  const name = found.get('name');
  if (!name) return false;
  // The name is the id: the history's owners are matched by it either way.
  found.delete('name');
  found.set('id', { column: name.column, role: 'columns.id', confidence: 'low' });
  notes.push({
    en: `no rep id column: "${name.column}" (the rep's name) taken as roster.columns.id, so the history's owners must be written the same way: check it`,
    zh: `没有销售编号列：以“${name.column}”（姓名）作为 roster.columns.id，历史数据中的负责人须与之写法一致：请核对`,
  });
  return true;
}

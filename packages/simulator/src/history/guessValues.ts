/**
 * Raw values of a column sorted into the mapping's lists (outcomeValues, typeValues) by the word
 * lists, with a note for each value the words do not know.
 */
import type { Words } from '../types.js';
import { asciiKey } from './guessKeys.js';
import { classify } from './valueWords.js';

export function guessValues<K extends string>(
  values: (c: string) => string[],
  rows: ReadonlyArray<ReadonlyMap<string, string>>,
  column: string,
  words: Record<K, readonly string[]>,
  notes: Words[],
  field: string,
): Record<K, string[]> {
  const out = Object.fromEntries(Object.keys(words).map((kind) => [kind, [] as string[]])) as Record<K, string[]>;
  const distinct = [...new Set(values(column))];
  for (const v of distinct) {
    const kind = classify(v, words);
    if (kind !== undefined) out[kind].push(v);
    else if (field === 'typeValues') {
      // An activity kind the words do not know is kept as its own kind rather than rejecting its rows.
      const own = (asciiKey(v) ?? v).slice(0, 60) as K;
      (out[own] ??= []).push(v);
      notes.push({
        en: `typeValues: "${v}" kept as its own kind "${own}": move it to call, visit, email, meeting, wechat or sms if it is one`,
        zh: `typeValues：“${v}”作为单独的类型“${own}”保留：如属于 call、visit、email、meeting、wechat 或 sms，请移过去`,
      });
    } else
      notes.push({
        en: `${field}: could not tell what "${v}" means: add it to one of the lists (or it rejects its rows)`,
        zh: `${field}：无法判断“${v}”的含义：请把它加入其中一个列表（否则这些行会被拒绝）`,
      });
  }
  if (field === 'outcomeValues' && rows.some((r) => (r.get(column) ?? '').trim() === '')) {
    (out as Record<string, string[]>).open!.push('');
    notes.push({ en: 'empty outcome cells are read as open ("" in outcomeValues.open)', zh: '状态为空的单元格视为跟进中（outcomeValues.open 中的 ""）' });
  }
  // Lists nobody uses are left out of activity kinds; outcomes keep all three so the shape is plain.
  if (field === 'typeValues') for (const kind of Object.keys(out) as K[]) if (out[kind].length === 0) delete out[kind];
  return out;
}

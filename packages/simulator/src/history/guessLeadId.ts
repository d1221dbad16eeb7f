/**
 * Which column is the lead id. Exports often carry two: a system id (Prospect ID, a UUID) that
 * other files key on, and a human number (Lead Number 580001). The column the activity or stage
 * file's lead ids are found in wins; without such a file, a unique column named "ID" with opaque
 * values (letters, UUIDs) beats a sequential number, and the note says which others were seen.
 */
import type { Words } from '../types.js';
import { headerKey, LEAD_ID } from './synonyms.js';

/** Lead ids another file of the same export refers to (the activities' lead id column). */
export interface LinkedKeys {
  file: string;
  column: string;
  values: ReadonlySet<string>;
}

export interface LeadIdPick {
  column: string;
  confidence: 'high' | 'low';
  notes: Words[];
}

/** Ids of something else than the lead: a column named so is no lead id candidate. */
const OTHER_ENTITY =
  /owner|user|account|company|campaign|contact|opportunit|team|rep|sales|activit|parent|客户|公司|负责|销售|部门|团队|活动|商机|联系人|员工|工号/;
const LEAD_WORD = /^(?:lead|prospect|线索|record|记录)/;

/** "Lead ID", "leadId", "线索ID", "UUID" — not "Paid". */
export function idNamed(header: string): boolean {
  const h = header.trim();
  return /(?:^|[\s_\-.:#(（])(?:id|uuid|guid)[)）]?$/i.test(h) || /[a-z0-9](?:Id|ID|Uuid|UUID)$/.test(h) || /[\u4e00-\u9fff](?:id|uuid|guid)$/i.test(h);
}

function nameRank(header: string): number {
  const key = headerKey(header);
  const exact = LEAD_ID.indexOf(key);
  if (exact >= 0) return 2 + LEAD_ID.length - exact;
  if (idNamed(header) || LEAD_ID.some((n) => n.length >= 2 && key.includes(n)) || /(?:编号|编码|号)$/.test(key)) return 1;
  return 0;
}

interface Candidate {
  column: string;
  unique: boolean;
  idNamed: boolean;
  opaque: boolean;
  rank: number;
  matches: number;
}

const better = (a: Candidate, b: Candidate) =>
  a.matches - b.matches || +a.unique - +b.unique || +a.idNamed - +b.idNamed || +a.opaque - +b.opaque || a.rank - b.rank;

export function pickLeadId(
  headers: readonly string[],
  free: (column: string) => boolean,
  cells: (column: string) => string[],
  links: readonly LinkedKeys[],
): LeadIdPick | undefined {
  const notes: Words[] = [];
  const candidates: Candidate[] = [];
  for (const column of headers) {
    if (!free(column)) continue;
    const all = cells(column);
    const values = new Set(all);
    const rank = nameRank(column);
    const key = headerKey(column);
    const named = rank > 0 && (!OTHER_ENTITY.test(key) || LEAD_WORD.test(key));
    let matches = 0;
    for (const link of links) for (const v of link.values) if (values.has(v)) matches++;
    if (!named && matches === 0) continue;
    candidates.push({
      column,
      unique: all.length > 0 && !values.has('') && values.size === all.length,
      idNamed: idNamed(column),
      opaque: all.length > 0 && all.every((v) => /[A-Za-z]/.test(v) || /^[0-9a-f]{16,}$/i.test(v.replaceAll('-', ''))),
      rank,
      matches,
    });
  }
  if (candidates.length === 0) return otherEntityId(headers, free, cells);
  const best = candidates.reduce((a, b) => (better(b, a) > 0 ? b : a));
  const others = candidates.filter((c) => c !== best).map((c) => `"${c.column}"`);
  const linked = links.reduce((n, l) => n + l.values.size, 0);
  if (links.length > 0 && best.matches === 0)
    for (const l of links)
      notes.push({
        en: `no column of the leads file holds the lead ids of ${l.file} column "${l.column}": check leads.columns.id and ${l.file}.columns.leadId`,
        zh: `线索文件中没有列包含 ${l.file} 文件“${l.column}”列的线索编号：请核对 leads.columns.id 和 ${l.file}.columns.leadId`,
      });
  let confidence: 'high' | 'low' = best.unique && best.rank >= 2 ? 'high' : 'low';
  if (best.matches > 0) {
    confidence = best.matches * 2 >= linked ? 'high' : 'low';
    // One candidate holding the ids is no news; a choice among several, or a poor match, is.
    if (others.length > 0 || confidence === 'low')
      notes.push({
        en: `"${best.column}" taken as the lead id because ${best.matches} of the ${linked} lead ids the other files refer to are in it${others.length ? ` (not ${others.join(', ')})` : ''}`,
        zh: `“${best.column}”被当作线索编号，因为其他文件引用的 ${linked} 个线索编号中有 ${best.matches} 个在该列中${others.length ? `（而不是 ${others.join('、')}）` : ''}`,
      });
  } else if (others.length > 0 || (!best.unique && cells(best.column).length > 0)) {
    confidence = 'low';
    const why = [best.unique ? 'unique' : 'not unique', best.idNamed ? 'named ID' : '', best.opaque ? 'opaque' : ''].filter(Boolean).join(', ');
    const whyZh = [best.unique ? '取值唯一' : '取值不唯一', best.idNamed ? '列名为 ID' : '', best.opaque ? '非顺序编号' : ''].filter(Boolean).join('、');
    notes.push({
      en: `"${best.column}" taken as the lead id (${why})${others.length ? `, not ${others.join(', ')}` : ''}: use the column your activity or stage files refer to`,
      zh: `“${best.column}”被当作线索编号（${whyZh}）${others.length ? `，而不是 ${others.join('、')}` : ''}：请选跟进或阶段文件所引用的那一列`,
    });
  }
  return { column: best.column, confidence, notes };
}

/**
 * No column is named for a lead: a leads export whose one id column is named for another record
 * ("商机编号", "Opportunity ID", "Lead #" of a CRM that calls leads deals) still has its id there.
 * Offered at low confidence, with a note, when it is id-named and unique in the sample: an owner
 * or account id repeats, a phone number is not named as an id.
 */
function otherEntityId(headers: readonly string[], free: (column: string) => boolean, cells: (column: string) => string[]): LeadIdPick | undefined {
  for (const column of headers) {
    if (!free(column) || nameRank(column) === 0) continue;
    const all = cells(column);
    if (all.length < 2 || all.includes('') || new Set(all).size !== all.length) continue;
    return {
      column,
      confidence: 'low',
      notes: [
        {
          en: `no column is named as the lead id; "${column}" is taken because it is named as an id and every value in it is different: check that it identifies the lead`,
          zh: `没有以线索编号命名的列；“${column}”被当作线索编号，因为它以编号命名且取值各不相同：请确认它能标识线索`,
        },
      ],
    };
  }
  return undefined;
}

/**
 * For an activity or stage file with no lead-id header name: the column whose values are ids of
 * the leads file (`leadColumns`: each leads column's sample values), when most of them are.
 */
export function pickLinkColumn(
  headers: readonly string[],
  free: (column: string) => boolean,
  cells: (column: string) => string[],
  leadColumns: ReadonlyMap<string, ReadonlySet<string>>,
): { column: string; leadsColumn: string } | undefined {
  let best: { column: string; leadsColumn: string; matches: number } | undefined;
  for (const column of headers) {
    if (!free(column)) continue;
    const distinct = new Set(cells(column).filter((v) => v !== ''));
    if (distinct.size === 0) continue;
    for (const [leadsColumn, values] of leadColumns) {
      let matches = 0;
      for (const v of distinct) if (values.has(v)) matches++;
      if (matches * 2 > distinct.size && (!best || matches > best.matches)) best = { column, leadsColumn, matches };
    }
  }
  return best && { column: best.column, leadsColumn: best.leadsColumn };
}

/**
 * Which segment a lead belongs to, and the groups the review (S31) breaks results down by.
 */
import { parseInstant } from '@sluice/engine';
import { DateTime } from 'luxon';
import type { History, HistoryLead } from '../types.js';

/** Tried in order when no segmentBy is given: the first attribute present on at least half the leads wins. */
export const SEGMENT_CANDIDATES = ['segment', 'industry', 'grade'] as const;

export const NONE = '(none)';

/** segmentBy from the caller, else the first candidate most leads carry, else one segment for everyone. */
export function resolveSegmentBy(history: History, segmentBy?: string[]): string[] {
  if (segmentBy) return segmentBy;
  const half = history.leads.length / 2;
  for (const field of SEGMENT_CANDIDATES) {
    let seen = 0;
    for (const lead of history.leads) if (lead.attributes[field] !== undefined && lead.attributes[field] !== null) seen++;
    if (seen > 0 && seen >= half) return [field];
  }
  return [];
}

function valueText(lead: HistoryLead, field: string): string {
  const value = field === 'team' ? lead.team : lead.attributes[field];
  if (value === undefined || value === null || value === '') return NONE;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The segment key: the segmentBy values joined by " / " ("*" when segmentBy is empty). */
export function segmentOf(lead: HistoryLead, segmentBy: readonly string[]): string {
  if (segmentBy.length === 0) return '*';
  // One field (the usual case): its value is the key, without a joined copy per lead.
  if (segmentBy.length === 1) return valueText(lead, segmentBy[0]!);
  return segmentBy.map((field) => valueText(lead, field)).join(' / ');
}

export function attributeOf(lead: HistoryLead, field: string): string {
  return valueText(lead, field);
}

const label = (year: number, month: number) => {
  const y = year + Math.floor((month - 1) / 12);
  const m = ((((month - 1) % 12) + 12) % 12) + 1;
  return `${y}-${String(m).padStart(2, '0')}`;
};

/**
 * Calendar month of creation in the given zone (the review's month, not UTC's). A zone is at most a day
 * away from UTC, so the zone's month is the UTC month or a neighbour: compare with the zone's month
 * starts, computed once per month (luxon's zone maths is slow per call). null for an unknown zone.
 */
export function monthLabeller(timeZone: string): ((createdAt: string) => string) | null {
  if (!DateTime.fromObject({ year: 2000, month: 1, day: 1 }, { zone: timeZone }).isValid) return null;
  const starts = new Map<number, number>();
  const startOf = (year: number, month: number): number => {
    const index = year * 12 + (month - 1);
    let start = starts.get(index);
    if (start === undefined) {
      start = DateTime.fromObject({ year: Math.floor(index / 12), month: (index % 12) + 1, day: 1 }, { zone: timeZone }).toMillis();
      starts.set(index, start);
    }
    return start;
  };
  return (createdAt) => {
    const t = parseInstant(createdAt);
    if (Number.isNaN(t)) return NONE;
    const utc = new Date(t);
    const year = utc.getUTCFullYear();
    const month = utc.getUTCMonth() + 1;
    if (timeZone === 'UTC') return label(year, month);
    if (t < startOf(year, month)) return label(year, month - 1);
    if (t >= startOf(year, month + 1)) return label(year, month + 1);
    return label(year, month);
  };
}

/**
 * Which leads a model learns from and is judged on: closed ones only (won = 1, lost = 0), in
 * creation order, the newest share held out. Never random rows: a model is used on leads that
 * arrive after the ones it learned from, so it is judged the same way.
 */
import type { History, HistoryActivity, HistoryLead, Words } from '../types.js';
import { activitiesByLead } from '../history/byLead.js';
import { ModelTrainingError } from './errors.js';

export interface LabelledLead {
  lead: HistoryLead;
  y: 0 | 1;
  /** Creation instant, epoch ms. */
  created: number;
  /** Its activities in time order (all of them: the horizon is applied when counting). */
  activities: HistoryActivity[];
}

export interface SplitRows {
  train: LabelledLead[];
  test: LabelledLead[];
  /** Leads still open: not used, counted for the report. */
  open: number;
}

const byCreation = (a: LabelledLead, b: LabelledLead): number => a.created - b.created || (a.lead.id < b.lead.id ? -1 : a.lead.id > b.lead.id ? 1 : 0);

/** Closed leads in creation order, labelled. */
export function labelledLeads(history: History): { closed: LabelledLead[]; open: number } {
  const acts = activitiesByLead(history.activities);
  const closed: LabelledLead[] = [];
  let open = 0;
  for (const lead of history.leads) {
    if (lead.outcome === 'open') {
      open++;
      continue;
    }
    closed.push({ lead, y: lead.outcome === 'won' ? 1 : 0, created: Date.parse(lead.createdAt), activities: acts.get(lead.id) ?? [] });
  }
  closed.sort(byCreation);
  return { closed, open };
}

/** The newest `share` of closed leads held out for evaluation. */
export function timeSplit(history: History, share: number): SplitRows {
  if (!(share > 0 && share < 1))
    throw new ModelTrainingError('bad-test-share', {
      en: `testShare must be between 0 and 1 (exclusive), got ${share}`,
      zh: `testShare 必须在 0 与 1 之间（不含），当前为 ${share}`,
    });
  const { closed, open } = labelledLeads(history);
  const cut = closed.length - Math.round(closed.length * share);
  return { train: closed.slice(0, cut), test: closed.slice(cut), open };
}

/** The oldest `1 − share` for fitting and the newest `share` for choosing settings, inside the training part. */
export function innerSplit<T>(rows: readonly T[], share: number): { fit: T[]; validate: T[] } {
  const cut = rows.length - Math.max(1, Math.round(rows.length * share));
  return { fit: rows.slice(0, cut), validate: rows.slice(cut) };
}

/** Both classes present, enough rows: otherwise a clear error, not a degenerate model. */
export function requireBothClasses(rows: readonly LabelledLead[], part: Words): void {
  const won = rows.reduce((s, r) => s + r.y, 0);
  const lost = rows.length - won;
  if (won === 0 || lost === 0)
    throw new ModelTrainingError('single-class', {
      en: `the ${part.en} has ${won} won and ${lost} lost lead(s): a model needs both won and lost leads to learn from — map the outcome column's values (outcomeValues) or give a longer history`,
      zh: `${part.zh}中赢单 ${won} 条、输单 ${lost} 条：模型需要同时有赢单和输单的线索才能学习——请检查状态列的取值映射（outcomeValues），或提供更长时间的历史`,
    });
}

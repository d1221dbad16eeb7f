import type { History, Words } from '../types.js';
import type { SimulationReport } from './types.js';

/** What the history holds, for the report's inputs section: sizes, period and outcomes. */
export function historySummary(history: History): Omit<SimulationReport['inputs'], 'timeZone' | 'policies'> {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  const see = (iso: string | undefined) => {
    const t = iso === undefined ? Number.NaN : Date.parse(iso);
    if (Number.isNaN(t)) return;
    if (t < start) start = t;
    if (t > end) end = t;
  };
  const outcomes = { won: 0, lost: 0, open: 0, unowned: 0 };
  for (const lead of history.leads) {
    see(lead.createdAt);
    see(lead.closedAt);
    outcomes[lead.outcome]++;
    if (lead.ownerRepId === undefined) outcomes.unowned++;
  }
  for (const a of history.activities) see(a.at);
  for (const s of history.stageChanges) see(s.at);
  const iso = (t: number) => (Number.isFinite(t) ? new Date(t).toISOString() : null);
  return {
    leads: history.leads.length,
    activities: history.activities.length,
    stageChanges: history.stageChanges.length,
    reps: history.reps.length,
    teams: history.teams.length,
    period: { start: iso(start), end: iso(end) },
    outcomes,
  };
}

/**
 * What this history cannot support at all, said before any figure is read: with no won lead every
 * expected win is 0 by construction (no estimate), and with no rep no policy can give a lead to
 * anyone. Empty when neither holds.
 */
export function historyLimits(history: History): Words[] {
  const out: Words[] = [];
  const { outcomes, leads } = historySummary(history);
  if (leads > 0 && outcomes.won === 0) {
    const none = outcomes.lost === 0 ? { en: 'won or lost', zh: '赢单或输单' } : { en: 'won', zh: '赢单' };
    out.push({
      en: `No lead of this history is ${none.en}: expected wins and revenue are 0 for every policy, not an estimate — map the outcome column (leads.columns.outcome and outcomeValues) if the export has one.`,
      zh: `本历史数据中没有${none.zh}的线索：所有策略的预期赢单数与收入都是 0，这不是估计结果——如导出文件有状态列，请映射它（leads.columns.outcome 与 outcomeValues）。`,
    });
  }
  if (leads > 0 && history.reps.length === 0) {
    out.push({
      en: 'The history names no rep (no owner column, no roster file): no policy can give a lead to anyone, so every lead stays unassigned in every run — map the owner column or give a roster file.',
      zh: '历史数据中没有任何销售（未映射负责人列，也没有名单文件）：任何策略都无法把线索分配给任何人，每次运行中所有线索都不会被分配——请映射负责人列或提供名单文件。',
    });
  }
  return out;
}

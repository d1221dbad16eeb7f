/**
 * simulate: the A/B/n of issue #12 in one call. The model is fitted once on the history; every
 * candidate is replayed on the same history with the same seed (history's own course for a lead
 * that keeps its historical rep, the model's for anyone else); then each is compared with the first.
 * Nothing here reads a clock or draws unseeded: the same inputs give a byte-identical report.
 */
import { unknownRosterRefs } from '@sluice/engine';
import { compare } from '../estimate/compare.js';
import { modelBehaviour } from '../estimate/behaviour.js';
import { fitModel } from '../estimate/model.js';
import { unassignedWarnings } from '../estimate/unassignedWarnings.js';
import { historicalBehaviour } from '../replay/historical.js';
import { HistoryIndex } from '../replay/historyIndex.js';
import { replay } from '../replay/replay.js';
import type { ReplayRun, Words } from '../types.js';
import { checkInput, SimulateInputError } from './check.js';
import { historyLimits, historySummary } from './summary.js';
import type { RosterWarning, SimulateInput, SimulationReport, Verdicts } from './types.js';

export { SimulateInputError };

export const VERDICT_RULE = {
  en: 'A candidate is called better (or worse) than the baseline on a metric only when the 95 % interval of the difference excludes zero; otherwise the difference is unclear, or none when the interval is exactly zero (the two decided alike). Counts of circulation (reclaims, reminders …) are reported, not ranked. Leads left unassigned (fewer is better) and leads contacted within the run (more is better) are ranked like any other metric.',
  zh: '仅当差值的 95% 区间不含零时，才判定候选策略在该指标上优于（或劣于）基准策略；否则视为无明显差异，区间恰为零时为无差异（两者决策相同）。流转次数（回收、提醒等）只报告，不评优劣。未分配线索（越少越好）与运行期内已联系的线索（越多越好）与其他指标一样评定优劣。',
};

export function simulate(input: SimulateInput): SimulationReport {
  const compiled = checkInput(input);
  const { history, seed, onProgress } = input;
  const timeZone = input.timeZone ?? 'UTC';
  onProgress?.({ stage: 'fit', done: 0, total: 1 });
  const model = fitModel(history, input.modelOptions ?? {});
  onProgress?.({ stage: 'fit', done: 1, total: 1 });

  // The history's creation instants and id index, and its follow-ups by lead, worked out once for
  // every candidate: both are read only. The behaviour draws each course from a stream seeded by the
  // lead, the rep and the seed, so a lead given to the same rep gets the same course in every candidate.
  const historyIndex = new HistoryIndex(history);
  const behaviour = historicalBehaviour(history, modelBehaviour(model, history, seed));
  const runs: ReplayRun[] = input.policies.map((candidate, index) =>
    replay({
      history,
      index: historyIndex,
      policies: candidate.policies,
      compiled: compiled[index]!,
      behaviour,
      label: candidate.label,
      seed,
      timeZone,
      ...(input.calendars ? { calendars: input.calendars } : {}),
      ...(input.until !== undefined ? { until: input.until } : {}),
      ...(onProgress ? { onProgress: (done: number, total: number) => onProgress({ stage: 'replay', label: candidate.label, index, done, total }) } : {}),
    }),
  );

  onProgress?.({ stage: 'compare', done: 0, total: 1 });
  const comparison = compare(runs, history, model, { seed, timeZone, ...(input.bootstrap !== undefined ? { bootstrap: input.bootstrap } : {}) });
  onProgress?.({ stage: 'compare', done: 1, total: 1 });

  return {
    version: 1,
    seed,
    inputs: {
      ...historySummary(history),
      timeZone,
      policies: input.policies.map((c) => ({
        label: c.label,
        policies: c.policies.map((p) => ({ key: p.key, kind: p.kind, name: p.name, version: typeof p.version === 'number' ? p.version : null })),
      })),
    },
    baseline: comparison.baseline,
    model: withLimits(comparison.model, historyLimits(history)),
    policies: comparison.policies,
    differences: comparison.differences,
    fairnessLeftOut: comparison.fairnessLeftOut ?? [],
    verdicts: comparison.differences.map(verdictsOf),
    rule: VERDICT_RULE,
    warnings: rosterWarnings(input),
    unassignedWarnings: unassignedWarnings(comparison.policies),
  };
}

/** What each candidate names that the roster lacks (the engine's check), with the candidate's label. */
export function rosterWarnings(input: Pick<SimulateInput, 'history' | 'policies'>): RosterWarning[] {
  return input.policies.flatMap((c) =>
    unknownRosterRefs(c.policies, input.history).map((r) => ({ policy: c.label, policyKey: r.policyKey, nodeId: r.nodeId, path: r.path, message: r.message })),
  );
}

/** What the history cannot support at all comes first in the model's "where the history cannot say". */
function withLimits(model: SimulationReport['model'], limits: readonly Words[]): SimulationReport['model'] {
  if (limits.length === 0) return model;
  const join = (lang: keyof Words) => [...limits.map((l) => l[lang]), model.cannotSay[lang]].join(lang === 'en' ? ' ' : '');
  return { ...model, cannotSay: { en: join('en'), zh: join('zh') } };
}

function verdictsOf(d: SimulationReport['differences'][number]): Verdicts {
  const pick = (v: string) => d.metrics.filter((m) => m.verdict === v).map((m) => m.metric);
  return { policy: d.policy, versus: d.versus, better: pick('better'), worse: pick('worse'), same: pick('same'), unclear: pick('unclear') };
}

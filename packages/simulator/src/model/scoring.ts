/** Scores history leads with a model through the engine's own compiled scorer: what a decision would give them. */
import { compileScoreModel, type ScoreContribution, type ScoreModel } from '@sluice/engine';
import type { History, HistoryLead } from '../types.js';
import { scoreInputOf } from './input.js';
import { activitiesByLead } from '../history/byLead.js';

export interface ScoredLead {
  leadId: string;
  probability: number;
  score: number;
  /** The contributions that moved this lead most, largest first. */
  top: ScoreContribution[];
}

/**
 * The horizon the model was trained for: as its provenance says, else its longest activity window
 * (0 when it reads attributes only).
 */
export function modelHorizon(model: ScoreModel): number {
  const stated = model.provenance?.settings?.horizonHours;
  if (typeof stated === 'number' && stated >= 0) return stated;
  return model.features.reduce((h, f) => (f.kind === 'activityCount' ? Math.max(h, f.withinHours) : h), 0);
}

export function probabilities(model: ScoreModel, leads: readonly HistoryLead[], history: History, horizonHours: number): number[] {
  const compiled = compileScoreModel(model);
  const acts = activitiesByLead(history.activities);
  return leads.map((lead) => compiled.score(scoreInputOf(lead, acts.get(lead.id) ?? [], horizonHours)).probability);
}

/** Every lead of the history (open ones too), scored as of `horizonHours` after its creation (default: the model's horizon). */
export function scoreHistory(model: ScoreModel, history: History, options: { horizonHours?: number; top?: number } = {}): ScoredLead[] {
  const compiled = compileScoreModel(model);
  const horizon = options.horizonHours ?? modelHorizon(model);
  const top = options.top ?? 3;
  const acts = activitiesByLead(history.activities);
  return history.leads.map((lead) => {
    const r = compiled.explain(scoreInputOf(lead, acts.get(lead.id) ?? [], horizon));
    return { leadId: lead.id, probability: r.probability, score: r.score, top: r.contributions.slice(0, top) };
  });
}

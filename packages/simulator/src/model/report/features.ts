/** The model's features as the report lists them: what each reads and how strongly it moves the score. */
import type { ModelFeature, ScoreModel } from '@sluice/engine';
import type { UsedFeature } from './types.js';

const spread = (values: number[]): number => Math.max(...values) - Math.min(...values);

function summary(f: ModelFeature): UsedFeature {
  const common = { id: f.id, label: { en: f.label.en, zh: f.label.zh }, kind: f.kind };
  // A missing value is a value of its own only when it carries a weight.
  const missing = f.missingWeight !== 0 ? [f.missingWeight] : [];
  switch (f.kind) {
    case 'numeric':
    case 'activityCount': {
      const w = Math.abs(f.weight);
      return {
        ...common,
        reads: f.kind === 'numeric' ? f.fact : f.activityType ? `activities.${f.activityType}` : 'activities',
        withinHours: f.kind === 'activityCount' ? f.withinHours : null,
        strength: spread([-w, w, ...missing]),
        weight: f.weight,
        missingWeight: f.missingWeight,
        levels: null,
        otherWeight: null,
      };
    }
    case 'flag':
      return {
        ...common,
        reads: f.fact,
        withinHours: null,
        strength: spread([0, f.weight, ...missing]),
        weight: f.weight,
        missingWeight: f.missingWeight,
        levels: null,
        otherWeight: null,
      };
    case 'category': {
      const levels = f.levels
        .map((l) => ({ value: l.value, label: l.label ? { en: l.label.en, zh: l.label.zh } : null, weight: l.weight }))
        .sort((a, b) => b.weight - a.weight || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
      return {
        ...common,
        reads: f.fact,
        withinHours: null,
        strength: spread([...levels.map((l) => l.weight), f.otherWeight, ...missing]),
        weight: null,
        missingWeight: f.missingWeight,
        levels,
        otherWeight: f.otherWeight,
      };
    }
  }
}

/** Strongest first; equal strength by id, so the order is the same every time. */
export function usedFeatures(model: ScoreModel): UsedFeature[] {
  return model.features.map(summary).sort((a, b) => b.strength - a.strength || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A small model and scored splits for the report's tests: values chosen so every number can be checked by hand. */
import { type ScoreModel, scoreModelSchema } from '@sluice/engine';
import type { ModelReportParts, ReportRow } from './build.js';

export const fixtureModel: ScoreModel = scoreModelSchema.parse({
  format: 'sluice.scoreModel/1',
  key: 'smart-score',
  version: 3,
  kind: 'logistic',
  intercept: -0.4,
  features: [
    { id: 'visits', label: { en: 'Total visits', zh: '访问次数' }, kind: 'numeric', fact: 'lead.visits', mean: 3, scale: 2, weight: 0.5 },
    {
      id: 'source',
      label: { en: 'Lead source <web>', zh: '来源渠道' },
      kind: 'category',
      fact: 'lead.source',
      levels: [
        { value: 'Google', weight: -0.3 },
        { value: 'Reference', weight: 1.2, label: { en: 'Reference', zh: '转介绍' } },
      ],
      otherWeight: 0,
      missingWeight: -0.5,
    },
    { id: 'doNotEmail', label: { en: 'Do not e-mail', zh: '拒收邮件' }, kind: 'flag', fact: 'lead.doNotEmail', weight: -0.8 },
    {
      id: 'visit@24h',
      label: { en: 'Visits in the first 24 h', zh: '前 24 小时访问次数' },
      kind: 'activityCount',
      activityType: 'visit',
      withinHours: 24,
      mean: 0.4,
      scale: 0.6,
      weight: 0.3,
    },
  ],
  calibration: { kind: 'platt', a: 1.1, b: -0.05 },
  provenance: { dataHash: 'ab'.repeat(32), rows: 20, positives: 10, trainedAt: '2026-12-05T10:00:00Z', trainedBy: 'ops@example.com' },
});

/**
 * 20 leads a split: won every other one; the model puts every won lead above every lost one (AUC 1);
 * the points are the row number, which barely ranks (AUC 0.55).
 */
export function fixtureRows(month: '01' | '02', points: 'weak' | 'same'): ReportRow[] {
  return Array.from({ length: 20 }, (_, i) => {
    const y = (i % 2) as 0 | 1;
    const p = y === 1 ? 0.7 + i * 0.01 : 0.05 + i * 0.01;
    return { createdAt: `2026-${month}-${String(i + 1).padStart(2, '0')}T08:00:00Z`, y, p, points: points === 'weak' ? i : p };
  });
}

export function fixtureParts(overrides: Partial<ModelReportParts> = {}): ModelReportParts {
  return {
    model: fixtureModel,
    rowsRead: 45,
    open: 5,
    horizonHours: 24,
    train: fixtureRows('01', 'weak'),
    test: fixtureRows('02', 'weak'),
    dropped: [
      { id: 'tags', label: { en: 'Tags', zh: '标签' }, code: 'leak-values', reason: { en: 'filled in after the result', zh: '结果出来后才填写' } },
      { id: 'prospectId', label: { en: 'Prospect ID', zh: '线索编号' }, code: 'id-or-text', reason: { en: 'an id', zh: '是编号' } },
    ],
    points: { key: 'marketing-points', name: 'Marketing points' },
    seed: 1,
    resamples: 200,
    ...overrides,
  };
}

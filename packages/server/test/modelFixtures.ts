import { scoreModelSchema } from '@sluice/engine';
import { buildModelReport, type ModelReport, type ReportRow } from '@sluice/simulator/model';

/**
 * Smart-score models for the server's tests (issue #15): small, hand-written documents of the
 * engine's format, and evaluation reports built by the simulator's own report builder.
 */
export function scoreModel(key: string, intercept = -1, sourceWeight = 0.8): Record<string, unknown> {
  return {
    format: 'sluice.scoreModel/1',
    key,
    version: 0,
    name: { en: 'Win chance', zh: '赢单概率' },
    kind: 'logistic',
    intercept,
    features: [
      {
        id: 'source',
        label: { en: 'Source', zh: '来源' },
        kind: 'category',
        fact: 'lead.source',
        levels: [
          { value: 'referral', weight: sourceWeight },
          { value: 'ads', weight: -0.4 },
        ],
        otherWeight: 0,
        missingWeight: -0.2,
        reference: 0.1,
      },
      {
        id: 'employees',
        label: { en: 'Employees', zh: '员工数' },
        kind: 'numeric',
        fact: 'lead.employees',
        transform: 'log1p',
        mean: 3,
        scale: 1.5,
        weight: 0.6,
        reference: 0,
      },
    ],
    provenance: {
      dataHash: 'ab'.repeat(32),
      rows: 1200,
      positives: 300,
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-06-30T00:00:00.000Z',
      settings: { l2: 1 },
    },
  };
}

/**
 * A real evaluation report (the simulator's builder) for a fixture model: 20 closed leads a month,
 * won every other one. `ranks` says whether the model's probabilities put every won lead first
 * (it beats the base rate: offered) or say the same for every lead (it does not: not offered).
 */
export function evaluation(key: string, ranks: boolean): ModelReport {
  const rows = (month: string): ReportRow[] =>
    Array.from({ length: 20 }, (_, i) => {
      const y = (i % 2) as 0 | 1;
      return { createdAt: `2026-${month}-${String(i + 1).padStart(2, '0')}T08:00:00Z`, y, p: ranks ? (y === 1 ? 0.7 : 0.3) + i * 0.005 : 0.5 };
    });
  const model = scoreModelSchema.parse(scoreModel(key));
  return buildModelReport({ model, rowsRead: 40, open: 0, horizonHours: 0, train: rows('01'), test: rows('02'), dropped: [], seed: 1, resamples: 100 });
}

export const OFFERED = evaluation('fixture', true);
export const NOT_OFFERED = evaluation('fixture', false);

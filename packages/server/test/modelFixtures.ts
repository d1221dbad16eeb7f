/**
 * Smart-score models for the server's tests (issue #15): small, hand-written documents of the
 * engine's format, and the report fields the server reads (offered, reason).
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

export const OFFERED = { offered: true, reason: { en: 'AUC 0.81 vs 0.70 for the points', zh: 'AUC 0.81，积分为 0.70' } };
export const NOT_OFFERED = { offered: false, reason: { en: 'it does not beat the points score', zh: '未优于积分评分' } };

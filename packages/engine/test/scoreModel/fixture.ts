import { scoreModelSchema, type ScoreModelInput } from '../../src/index.js';

/**
 * A small model whose numbers are chosen so every expected value can be worked out by hand:
 * each test writes its arithmetic from these numbers, never from the scorer.
 */
export const HAND_MODEL: ScoreModelInput = {
  format: 'sluice.scoreModel/1',
  key: 'hand',
  version: 3,
  kind: 'logistic',
  intercept: -1,
  features: [
    {
      id: 'visits',
      kind: 'numeric',
      label: { en: 'Visits', zh: '访问次数' },
      fact: 'lead.totalVisits',
      min: 0,
      max: 20,
      mean: 5,
      scale: 2,
      weight: 0.4,
      missingWeight: -0.3,
      reference: 0,
    },
    {
      id: 'timeOnSite',
      kind: 'numeric',
      label: { en: 'Time on site', zh: '停留时长' },
      fact: 'lead.secondsOnSite',
      transform: 'log1p',
      mean: 3,
      scale: 1,
      weight: 0.5,
      reference: 0,
    },
    {
      id: 'source',
      kind: 'category',
      label: { en: 'Source', zh: '来源' },
      fact: 'lead.source',
      levels: [
        { value: '转介绍', weight: 0.9, label: { en: 'Referral', zh: '转介绍' } },
        { value: '广告', weight: -0.3 },
      ],
      otherWeight: -0.2,
      missingWeight: -0.5,
      reference: 0.1,
    },
    { id: 'budget', kind: 'flag', label: { en: 'Has budget', zh: '有预算' }, fact: 'lead.hasBudget', weight: 0.7, reference: 0.35 },
    {
      id: 'email@24h',
      kind: 'activityCount',
      label: { en: 'E-mails in 24 h', zh: '24 小时内邮件' },
      activityType: 'email',
      withinHours: 24,
      transform: 'none',
      mean: 1,
      scale: 1,
      weight: 0.25,
      reference: 0,
    },
  ],
};

export const handModel = () => scoreModelSchema.parse(structuredClone(HAND_MODEL));

export const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export const CREATED = '2026-03-01T00:00:00Z';
export const hours = (h: number) => new Date(Date.parse(CREATED) + h * 3_600_000).toISOString();

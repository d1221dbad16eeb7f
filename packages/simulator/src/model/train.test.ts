import { compileScoreModel, scoreModelSchema } from '@sluice/engine';
import { describe, expect, it } from 'vitest';
import { parseMapping } from '../history/mapping.js';
import type { History } from '../types.js';
import { scoreMetrics } from './evaluate/index.js';
import { ModelTrainingError } from './errors.js';
import { scoreInputOf } from './input.js';
import { probabilities } from './scoring.js';
import { syntheticHistory } from './testkit.js';
import { trainModel } from './train.js';

const HORIZON = 24;
const big = syntheticHistory(5, 8000, 0.05);
const closed = big.history.leads.filter((l) => l.outcome !== 'open').length;
const trained = trainModel(big.history, { horizonHours: HORIZON, now: '2026-12-05T00:00:00Z', trainedBy: 'test' });

describe('trainModel on a history drawn from a known model', () => {
  it('gets within 0.02 AUC of the hidden probabilities on the newest leads, calibrated within 3%', () => {
    const { model, facts } = trained;
    const p = probabilities(
      model,
      facts.test.map((r) => r.lead),
      big.history,
      HORIZON,
    );
    const learned = scoreMetrics(facts.test.map((r, i) => ({ p: p[i]!, y: r.y })));
    const best = scoreMetrics(facts.test.map((r) => ({ p: big.truth.get(r.lead.id)!, y: r.y })));
    expect(facts.test.length).toBe(Math.round(closed / 4));
    expect(facts.train.every((r) => r.lead.createdAt < facts.test[0]!.lead.createdAt)).toBe(true);
    expect(best.auc - learned.auc).toBeLessThan(0.02);
    expect(learned.ece!).toBeLessThan(0.03);
  });

  it('drops every column that cannot be known at scoring time or cannot be learned, each with its reason', () => {
    const codes = Object.fromEntries(trained.facts.dropped.map((d) => [d.id, d.code]));
    expect(codes).toEqual({
      constantly: 'constant',
      email: 'id-or-text',
      quality: 'leak-auc',
      stage: 'leak-name',
      tags: 'leak-fill',
    });
    for (const d of trained.facts.dropped) {
      expect(d.reason.en.length).toBeGreaterThan(10);
      expect(d.reason.zh).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(trained.facts.used.map((u) => u.id)).toEqual(['hasBudget', 'region', 'source', 'visits', 'activities@24h']);
    expect(trained.facts.used.map((u) => u.kind)).toEqual(['flag', 'category', 'category', 'numeric', 'activityCount']);
  });

  it('drops a column named by an outcome value when no open leads show it is filled late', () => {
    const closedOnly = syntheticHistory(9, 3000, 0);
    const { facts } = trainModel(closedOnly.history, {});
    expect(facts.dropped.find((d) => d.id === 'tags')).toMatchObject({ code: 'leak-values' });
    expect(facts.dropped.find((d) => d.id === 'tags')!.reason.en).toContain('"Closed won"');
  });

  it('counts only activities inside the horizon: the week-later visits every won lead got are not a feature', () => {
    const f = trained.model.features.filter((x) => x.kind === 'activityCount');
    expect(f.map((x) => x.id)).toEqual(['activities@24h']);
    // With no horizon nothing after creation is known: no behaviour features at all.
    const atCreation = trainModel(syntheticHistory(5, 2000, 0).history, {});
    expect(atCreation.model.features.some((x) => x.kind === 'activityCount')).toBe(false);
  });

  it("writes references the engine's explanations are measured from: on average a training lead is pushed by 0 logits", () => {
    const compiled = compileScoreModel(trained.model);
    const sums = new Map<string, number>();
    const acts = new Map<string, typeof big.history.activities>();
    for (const a of big.history.activities) acts.set(a.leadId, [...(acts.get(a.leadId) ?? []), a]);
    for (const r of trained.facts.train)
      for (const c of compiled.explain(scoreInputOf(r.lead, acts.get(r.lead.id) ?? [], HORIZON)).contributions) sums.set(c.id, (sums.get(c.id) ?? 0) + c.logit);
    expect(sums.size).toBe(5);
    for (const [, s] of sums) expect(Math.abs(s / trained.facts.train.length)).toBeLessThan(1e-6);
  });

  it('is a valid model artefact with its provenance', () => {
    const m = scoreModelSchema.parse(JSON.parse(JSON.stringify(trained.model)));
    expect(m.provenance).toMatchObject({
      rows: closed - Math.round(closed / 4),
      trainedAt: '2026-12-05T00:00:00Z',
      trainedBy: 'test',
      from: '2026-01-01T00:00:00.000Z',
    });
    expect(m.provenance!.dataHash).toMatch(/^[0-9a-f]{64}$/);
    expect(m.provenance!.settings).toMatchObject({ horizonHours: 24, testShare: 0.25, l2From: 'validation' });
  });
});

describe('trainModel is deterministic', () => {
  it('same history and options → byte-identical model; row order and attribute order do not matter', () => {
    const { history } = syntheticHistory(3, 1500, 0.05);
    const a = JSON.stringify(trainModel(history, { horizonHours: 24 }).model);
    const shuffled: History = {
      ...history,
      leads: [...history.leads].reverse().map((l) => ({ ...l, attributes: Object.fromEntries(Object.entries(l.attributes).reverse()) })),
      activities: [...history.activities].reverse(),
    };
    expect(JSON.stringify(trainModel(history, { horizonHours: 24 }).model)).toBe(a);
    expect(JSON.stringify(trainModel(shuffled, { horizonHours: 24 }).model)).toBe(a);
  });
});

describe('trainModel refuses what it cannot learn from, in both languages', () => {
  const small = syntheticHistory(2, 400, 0).history;
  const trap = (history: History, options = {}) => {
    try {
      trainModel(history, options);
    } catch (e) {
      return e;
    }
    throw new Error('expected a ModelTrainingError');
  };

  it('one class only', () => {
    const allLost: History = { ...small, leads: small.leads.map((l) => ({ ...l, outcome: 'lost' as const })) };
    const e = trap(allLost) as ModelTrainingError;
    expect(e).toBeInstanceOf(ModelTrainingError);
    expect(e.code).toBe('single-class');
    expect(e.words.en).toContain('0 won and 300 lost');
    expect(e.words.zh).toContain('赢单 0 条、输单 300 条');
  });

  it('no closed leads', () => {
    const e = trap({ ...small, leads: small.leads.map((l) => ({ ...l, outcome: 'open' as const })) }) as ModelTrainingError;
    expect(e.code).toBe('no-closed-leads');
    expect(e.words.zh).toContain('没有赢单或输单');
  });

  it('bad settings', () => {
    expect((trap(small, { testShare: 1.5 }) as ModelTrainingError).words.en).toContain('testShare must be between 0 and 1');
    expect((trap(small, { horizonHours: -1 }) as ModelTrainingError).code).toBe('bad-horizon');
  });
});

describe('trainModel reads the mapping', () => {
  const parsed = parseMapping({
    version: 1,
    timeZone: 'UTC',
    leads: {
      columns: { id: 'ID', createdAt: 'Created', outcome: 'Converted' },
      outcomeValues: { won: ['1'], lost: ['0'], open: [] },
      attributes: { source: '来源', converted: 'Converted', note: '备注', hasBudget: '有预算' },
    },
  });
  if (!parsed.ok) throw new Error('mapping');
  const { history } = syntheticHistory(4, 1200, 0);

  it("labels features with the export's columns, drops one reading the outcome column, reports an all-empty column", () => {
    const { facts } = trainModel(history, { mapping: parsed.mapping });
    expect(facts.used.find((u) => u.id === 'source')!.label).toEqual({ en: '来源', zh: '来源' });
    expect(facts.dropped.find((d) => d.id === 'converted')).toMatchObject({ code: 'leak-mapping' });
    expect(facts.dropped.find((d) => d.id === 'note')).toMatchObject({ code: 'mostly-missing' });
    expect(facts.dropped.find((d) => d.id === 'note')!.reason.en).toContain('100%');
  });

  it('keeps a column the user includes even when its name sounds like a leak, and leaves out one excluded', () => {
    const { facts } = trainModel(history, { include: ['stage'], exclude: ['region'] });
    expect(facts.dropped.find((d) => d.id === 'region')).toMatchObject({ code: 'excluded' });
    expect(facts.dropped.find((d) => d.id === 'stage')).toBeUndefined();
  });
});

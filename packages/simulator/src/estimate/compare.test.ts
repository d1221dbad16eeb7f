import { describe, expect, it } from 'vitest';
import { compare, type Difference } from './compare.js';
import { EstimateInputError } from './contributions.js';
import { keptRun, reassignedRun, syntheticHistory, type WorldRep } from './fixtures.js';
import { fitModel } from './model.js';
import { readRate } from './rates.js';
import { METRIC_WORDS } from './words.js';
import { ListedResults } from '../listedResults.js';

const WORLD: WorldRep[] = [
  { id: 'ace', team: 'north', rates: { a: 0.6, b: 0.5 }, leads: { a: 40, b: 40 } },
  { id: 'bea', team: 'north', rates: { a: 0.2, b: 0.2 }, leads: { a: 40, b: 40 } },
  { id: 'cal', team: 'south', rates: { a: 0.15, b: 0.25 }, leads: { a: 40, b: 40 } },
  { id: 'dot', team: 'south', rates: { a: 0.1, b: 0.15 }, leads: { a: 40 } },
];

describe('compare (A/B/n on the same history and seed)', () => {
  const history = syntheticHistory(11, WORLD);
  const model = fitModel(history);
  const baseline = keptRun(history, 'live');
  const same = keptRun(history, 'same-as-live');
  // Every lead to ace: more wins, far less fair. dot never had a segment-b lead: an unseen cell.
  const allToAce = reassignedRun(
    history,
    'all-to-ace',
    () => 'ace',
    (lead, repId) => readRate(model, repId, String(lead.attributes.segment), undefined).p,
  );
  const toDot = reassignedRun(history, 'b-to-dot', (lead) => (lead.attributes.segment === 'b' && lead.ownerRepId === 'bea' ? 'dot' : lead.ownerRepId));
  const runs = [baseline, same, allToAce, toDot];
  const metric = (diffs: Difference[], name: string) => diffs.find((d) => d.metric === name)!;

  it('same inputs and seed give byte-identical JSON; another seed moves only the bootstrap', () => {
    const a = JSON.stringify(compare(runs, history, model, { seed: 5, bootstrap: 60 }));
    const b = JSON.stringify(compare(runs, history, model, { seed: 5, bootstrap: 60 }));
    expect(a).toBe(b);
    const c = compare(runs, history, model, { seed: 6, bootstrap: 60 });
    expect(JSON.stringify(c)).not.toBe(a);
    expect(JSON.stringify(c.policies)).toBe(JSON.stringify(JSON.parse(a).policies));
  });

  it('a policy identical to the baseline differs by exactly zero: "no difference" on every ranked metric, never better', () => {
    const result = compare(runs, history, model, { seed: 1, bootstrap: 50 });
    const diffs = result.differences.find((d) => d.policy === 'same-as-live')!.metrics;
    for (const d of diffs) {
      if (d.difference !== null) expect(d.difference).toBe(0);
      if (d.direction === 'none') expect(d.verdict).toBe('not-ranked');
      // A metric neither run can measure (no contact at all) has no interval: still unclear, not "same".
      else expect(d.verdict, d.metric).toBe(d.low === null ? 'unclear' : 'same');
    }
    expect(diffs.filter((d) => d.verdict === 'same').map((d) => d.metric)).toEqual(
      expect.arrayContaining(['expectedWins', 'expectedRevenue', 'gini', 'capViolations']),
    );
    expect(metric(diffs, 'expectedWins')).toMatchObject({ low: 0, high: 0, method: 'delta' });
    // Every metric a comparison reports has a name in both languages.
    for (const d of diffs) expect(METRIC_WORDS[d.metric]?.zh, d.metric).toBeTruthy();
  });

  it('calls a policy better or worse only when the interval excludes zero', () => {
    const result = compare(runs, history, model, { seed: 1, bootstrap: 100 });
    expect(result.baseline).toBe('live');
    const diffs = result.differences.find((d) => d.policy === 'all-to-ace')!.metrics;
    const wins = metric(diffs, 'expectedWins');
    expect(wins.low!).toBeGreaterThan(0);
    expect(wins.verdict).toBe('better');
    const gini = metric(diffs, 'gini');
    expect(gini.low!).toBeGreaterThan(0);
    expect(gini.verdict).toBe('worse');
    for (const d of result.differences.flatMap((x) => x.metrics)) {
      if (d.verdict === 'better' || d.verdict === 'worse') expect(d.low! > 0 || d.high! < 0).toBe(true);
      if (d.verdict === 'unclear' && d.low !== null) expect(d.low <= 0 && d.high! >= 0 && !(d.low === 0 && d.high === 0)).toBe(true);
      if (d.verdict === 'same') expect([d.low, d.high]).toEqual([0, 0]);
    }
    // All 280 leads moved except ace's own 80.
    expect(result.policies[2]!.counterfactual).toBe(200);
  });

  it('the model section states the method in both languages and where the history cannot say', () => {
    const result = compare(runs, history, model, { seed: 1, bootstrap: 0 });
    expect(result.model.method.en).toContain('empirical Bayes');
    expect(result.model.method.zh).toContain('经验贝叶斯');
    expect(result.model.assumptions.length).toBeGreaterThan(3);
    expect(result.model.counterfactual).toEqual([
      { policy: 'live', leads: 0, inUnseenCells: 0, inThinCells: 0 },
      { policy: 'same-as-live', leads: 0, inUnseenCells: 0, inThinCells: 0 },
      { policy: 'all-to-ace', leads: 200, inUnseenCells: 0, inThinCells: 0 },
      { policy: 'b-to-dot', leads: 40, inUnseenCells: 40, inThinCells: 0 },
    ]);
    expect(result.model.unseenCells).toMatchObject({ total: 1, used: [{ repId: 'dot', segment: 'b', leads: { 'b-to-dot': 40 } }] });
    expect(result.model.cannotSay.en).toContain('1 rep × segment cells have no history; 1 of them received counterfactual leads (up to 40');
    expect(result.model.cannotSay.zh).toContain('40 条');
    // bootstrap 0: no interval, so no verdict on the bootstrapped metrics.
    const gini = metric(result.differences[1]!.metrics, 'gini');
    expect(gini).toMatchObject({ low: null, high: null, verdict: 'unclear' });
  });

  it('refuses runs that do not hold the same leads, in both languages', () => {
    const short = keptRun(history, 'short');
    short.leads = new ListedResults([...short.leads].slice(1));
    expect(() => compare([baseline, short], history, model, { seed: 1 })).toThrow(EstimateInputError);
    try {
      compare([baseline, short], history, model, { seed: 1 });
    } catch (error) {
      expect((error as EstimateInputError).words.zh).toContain('对比要求所有策略在同一份历史数据上回放');
      expect((error as EstimateInputError).words.en).toContain('Run "short" does not hold the same leads');
    }
  });
});

import { describe, expect, it } from 'vitest';
import { reportHtml } from '../report/html.js';
import type { History } from '../types.js';
import { compare, type Difference } from './compare.js';
import { censoredQuantile, pairedIndicatorDifference, quantileWithInfinities } from './coverageMetrics.js';
import { historyLead, keptRun, reassignedRun } from './fixtures.js';
import { fitModel } from './model.js';
import { Z95 } from './stats.js';
import { unassignedWarnings } from './unassignedWarnings.js';

const HOUR = 3_600_000;
const created = (k: number) => new Date(Date.UTC(2026, 0, 5 + k)).toISOString();

/** Six leads, L1–L3 with rep a, L4–L6 with rep b; first contact after 1, 2, 4, 3, 5 hours, L6 never. */
function tinyHistory(): History {
  const contactAfter = [1, 2, 4, 3, 5, undefined];
  const leads = contactAfter.map((_, k) =>
    historyLead(`L${k + 1}`, created(k), k < 3 ? 'a' : 'b', k % 2 === 0 ? 'won' : 'lost', {
      closedAt: created(k + 20),
      attributes: { segment: 's' },
      ...(k % 2 === 0 ? { amount: 100 } : {}),
    }),
  );
  return {
    leads,
    activities: contactAfter.flatMap((h, k) =>
      h === undefined ? [] : [{ leadId: `L${k + 1}`, repId: k < 3 ? 'a' : 'b', at: new Date(Date.parse(created(k)) + h * HOUR).toISOString(), type: 'call' }],
    ),
    stageChanges: [],
    reps: [
      { id: 'a', teams: ['t'] },
      { id: 'b', teams: ['t'] },
    ],
    teams: [],
  };
}

describe('leads left with nobody and leads never contacted are compared, not hidden (hand-computed)', () => {
  const history = tinyHistory();
  const model = fitModel(history);
  const live = keptRun(history, 'live');
  // Routes only L1 and L2 (its rules match few leads): L3–L6 stay with nobody.
  const onlyTwo = reassignedRun(history, 'only-two', (lead) => (lead.id === 'L1' || lead.id === 'L2' ? lead.ownerRepId : undefined));
  // Gives L4 and L5 to a, who never contacts them: everyone held, fewer contacted.
  const silent = reassignedRun(history, 'silent', (lead) => (lead.id === 'L4' || lead.id === 'L5' ? 'a' : lead.ownerRepId));
  const result = compare([live, onlyTwo, silent], history, model, { seed: 3, bootstrap: 50 });
  const diff = (policy: string, metric: string): Difference => result.differences.find((d) => d.policy === policy)!.metrics.find((m) => m.metric === metric)!;

  it('counts unassigned and contacted leads per policy, and first contact over held leads with the never-contacted as slowest', () => {
    const [base, two, quiet] = result.policies;
    expect([base!.unassigned, two!.unassigned, quiet!.unassigned]).toEqual([0, 4, 0]);
    expect(two!.unassignedShare).toBeCloseTo(4 / 6, 12);
    expect([base!.contacted, two!.contacted, quiet!.contacted]).toEqual([5, 2, 3]);
    // live: held hours [1, 2, 3, 4, 5, ∞] → p50 at 2.5 = 3.5; p90 at 4.5 falls past 5 → not reached.
    expect(base!.firstContactHours).toEqual({ p50: 3.5, p90: null, contacted: 5, neverContacted: 1 });
    // only-two holds L1, L2: [1, 2] → p50 1.5, p90 1.9 (the four leads it dropped are the unassigned metric's).
    expect(two!.firstContactHours.p50).toBeCloseTo(1.5, 12);
    expect(two!.firstContactHours.p90).toBeCloseTo(1.9, 12);
    // silent: [1, 2, 4, ∞, ∞, ∞] → the median is not reached (dropping the silent leads would have said 2 h, "faster").
    expect(quiet!.firstContactHours).toEqual({ p50: null, p90: null, contacted: 3, neverContacted: 3 });
  });

  it('unassigned: d = [0,0,1,1,1,1], D = 4, s² = 4/15, se = √(6·4/15) → 4 ± 1.96·1.265, worse', () => {
    const half = Z95 * Math.sqrt(1.6);
    const count = diff('only-two', 'unassigned');
    expect(count).toMatchObject({ direction: 'lower', method: 'paired', baseline: 0, value: 4, difference: 4, verdict: 'worse' });
    expect(count.low).toBeCloseTo(4 - half, 12);
    // 4 + 2.48 would pass the 6 leads there are: cut at 6.
    expect(count.high).toBe(6);
    const share = diff('only-two', 'unassignedShare');
    expect(share.value).toBeCloseTo(400 / 6, 10);
    expect(share.low).toBeCloseTo(((4 - half) * 100) / 6, 10);
    expect(share.high).toBe(100);
    expect(share.verdict).toBe('worse');
  });

  it('contacted within the run: d = [0,0,−1,−1,−1,0] → −50 ± 1.96·√1.8·100/6 points, worse; silent: −33.3 points, unclear', () => {
    const contacted = diff('only-two', 'contactedShare');
    expect(contacted).toMatchObject({ direction: 'higher', method: 'paired', verdict: 'worse' });
    expect(contacted.baseline).toBeCloseTo(500 / 6, 10);
    expect(contacted.value).toBeCloseTo(200 / 6, 10);
    expect(contacted.low).toBeCloseTo(-50 - (Z95 * Math.sqrt(1.8) * 100) / 6, 10);
    expect(contacted.high).toBeCloseTo(-50 + (Z95 * Math.sqrt(1.8) * 100) / 6, 10);
    const quiet = diff('silent', 'contactedShare');
    expect(quiet.low).toBeCloseTo(((-2 - Z95 * Math.sqrt(1.6)) * 100) / 6, 10);
    expect(quiet.high).toBeCloseTo(((-2 + Z95 * Math.sqrt(1.6)) * 100) / 6, 10);
    expect(quiet.verdict).toBe('unclear');
    expect(diff('silent', 'unassigned')).toMatchObject({ low: 0, high: 0, verdict: 'same' });
  });

  it('a median not reached is never "better": the silent candidate is not faster for leaving leads uncontacted', () => {
    const p50 = diff('silent', 'firstContactP50');
    expect(p50).toMatchObject({ baseline: 3.5, value: null, difference: null });
    expect(p50.verdict).not.toBe('better');
    for (const d of result.differences.flatMap((x) => x.metrics))
      expect(d.verdict === 'better' && d.metric.startsWith('firstContact') && d.value === null).toBe(false);
  });

  it('warns of a candidate leaving more than 5 % unassigned, with the likely causes, in both languages', () => {
    const warnings = unassignedWarnings(result.policies);
    expect(warnings.map((w) => [w.policy, w.unassigned, w.leads])).toEqual([['only-two', 4, 6]]);
    expect(warnings[0]!.message.en).toMatch(/^4 of 6 leads \(66\.7%\) are held by nobody at the end of the run\. Likely causes: no routing rule matched/);
    expect(warnings[0]!.message.en).toContain('does not listen to leads returned to the pool');
    expect(warnings[0]!.message.zh).toMatch(/^6 条线索中有 4 条（66\.7%）在回放结束时无人持有。可能的原因：没有任何分配规则匹配这些线索/);
    expect(warnings[0]!.message.zh).toContain('没有监听退回公海的线索');
    // 5 % exactly is not more than 5 %.
    expect(unassignedWarnings([{ policy: 'x', leads: 100, unassigned: 5 }])).toEqual([]);
  });

  it('the HTML report says it first, shows the unassigned row and "not reached", and stays the same bytes', () => {
    const html = reportHtml(result);
    const en = html.slice(html.indexOf('<section class="lang-en"'), html.indexOf('<section class="lang-zh"'));
    expect(en.indexOf('<li class="unassigned"><strong>only-two</strong> · Leads left with nobody: 4 of 6 leads')).toBeGreaterThan(0);
    expect(en.indexOf('class="warn"')).toBeLessThan(en.indexOf('<h2>Summary</h2>'));
    expect(en).toContain(
      '<tr><th scope="row">Unassigned</th><td><strong>0</strong> <span class="ci">(0%)</span></td><td><strong>4</strong> <span class="ci">(66.7%)</span></td>',
    );
    expect(en).toContain('<td>Leads left unassigned</td><td>0</td><td>4</td><td>4 <span class="ci">[2, 6]</span></td><td>worse (interval excludes zero)</td>');
    expect(en).toContain('not reached within the run');
    expect(html).toContain('无人持有的线索');
    expect(html).toContain('运行期内未达到');
    expect(reportHtml(result)).toBe(html);
  });
});

describe('the censored quantile and the paired interval, by hand', () => {
  it('censoredQuantile: type 7 over known values then +∞', () => {
    expect(censoredQuantile([1, 2, 3, 10], 4, 0.9)).toBeCloseTo(7.9, 12);
    expect(censoredQuantile([1, 2, 3, 10], 5, 0.5)).toBe(3);
    expect(censoredQuantile([1, 2, 3, 10], 5, 0.9)).toBe(Number.POSITIVE_INFINITY);
    expect(censoredQuantile([], 3, 0.5)).toBe(Number.POSITIVE_INFINITY);
    expect(censoredQuantile([], 0, 0.5)).toBeNull();
  });

  it('quantileWithInfinities: the plain interpolation on finite values, the infinite end otherwise', () => {
    expect(quantileWithInfinities([0, 10], 0.25)).toBe(2.5);
    expect(quantileWithInfinities([1, Number.POSITIVE_INFINITY], 0.5)).toBe(Number.POSITIVE_INFINITY);
    expect(quantileWithInfinities([Number.NEGATIVE_INFINITY, 1], 0.5)).toBe(Number.NEGATIVE_INFINITY);
    expect(quantileWithInfinities([Number.NEGATIVE_INFINITY, 1, 2], 0.5)).toBe(1);
  });

  it('pairedIndicatorDifference: exactly [0, 0] when both decide alike, exact when every lead moves alike', () => {
    const yes = () => true;
    const no = () => false;
    expect(pairedIndicatorDifference(yes, yes, 10)).toEqual({ estimate: 0, low: 0, high: 0 });
    expect(pairedIndicatorDifference(no, yes, 10)).toEqual({ estimate: 10, low: 10, high: 10 });
    expect(pairedIndicatorDifference(no, yes, 10, true)).toEqual({ estimate: 100, low: 100, high: 100 });
  });
});

/**
 * StepInput.nowIso, the number path: a caller that has `now` as toISOString's text hands it over,
 * and the step, its decisions and the state read instant texts identical to it as `now` without a
 * parse (the activity's canonical `at`, the decision's stamp, the local day an assignment counts
 * on). For random events at random instants — canonical texts, other forms of them, activities at
 * their own instants, a clock ahead of the event — the number path and the text path (no nowIso)
 * must give the same results and the same state after every step. A wrong nowIso must show.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localTime, type InMemoryState, type StepEvent, step } from '../../src/index.js';
import { compiledExample, stateFrom } from '../scenarios/harness.js';

/** Policies that assign (round robin, capacity, daily caps), score from activities and reclaim, with their scenario states. */
const CASES: Array<[policy: string, state: string]> = [
  ['s06-round-robin', 'ae-team'],
  ['s11-dynamic-caps', 's11-throughput'],
  ['s10-capacity-shifts', 's10-shifts'],
  ['s03-scoring-thresholds', 's03-team'],
  ['s16-reclaim-rules', 's16-owned-leads'],
];
const START = Date.parse('2026-03-02T15:30:00.000Z');
const LEADS = 4;

interface Draft {
  kind: 'created' | 'activity' | 'stage' | 'won' | 'leadTick' | 'tick';
  lead: number;
  rep: number;
  /** Minutes after the last event (a few hours crosses a local midnight now and then). */
  minutes: number;
  millis: number;
  /** How the event's instant is written: 0 canonical, 1 without milliseconds, 2 with an offset. */
  form: number;
  /** The activity's own instant: none, the event's text itself, or minutes before it. */
  activityAt: number;
  /** Milliseconds the clock (`now`) runs ahead of the event's instant. */
  lag: number;
}

const draft: fc.Arbitrary<Draft> = fc.record({
  kind: fc.constantFrom('created', 'created', 'activity', 'activity', 'stage', 'won', 'leadTick', 'tick'),
  lead: fc.nat({ max: LEADS - 1 }),
  rep: fc.nat({ max: 20 }),
  minutes: fc.integer({ min: 0, max: 600 }),
  millis: fc.integer({ min: 0, max: 999 }),
  form: fc.constantFrom(0, 0, 0, 1, 2),
  activityAt: fc.constantFrom(0, 1, 2),
  lag: fc.constantFrom(0, 0, 0, 1, 60_000),
});

/** `ms` written as the draft says: toISOString's text, or another text of (about) the same instant. */
function written(ms: number, form: number): string {
  const iso = new Date(ms).toISOString();
  if (form === 1) return `${iso.slice(0, 19)}Z`;
  if (form === 2) return `${new Date(ms + 8 * 3_600_000).toISOString().slice(0, 23)}+08:00`;
  return iso;
}

/** The drafts as events and the clock each is decided at. */
function toEvents(drafts: readonly Draft[], reps: readonly string[]): Array<{ event: StepEvent; now: number }> {
  let ms = START;
  return drafts.map((d, i) => {
    ms += d.minutes * 60_000 + d.millis;
    const at = written(ms, d.form);
    const leadId = `N-${d.lead}`;
    const id = `e${i}`;
    const now = ms + d.lag;
    switch (d.kind) {
      case 'created':
        return { event: { id, type: 'lead.created', at, leadId, lead: { id: leadId, company: `Acme ${d.lead}`, createdAt: at } }, now };
      case 'activity': {
        const own = d.activityAt === 0 ? undefined : d.activityAt === 1 ? at : written(ms - d.minutes * 1000, d.form);
        const repId = d.rep % 3 === 0 ? undefined : reps[d.rep % reps.length];
        const kind = d.rep % 2 === 0 ? 'call' : 'page_visit';
        return { event: { id, type: 'activity.logged', at, leadId, ...(repId ? { repId } : {}), activity: { kind, ...(own ? { at: own } : {}) } }, now };
      }
      case 'stage':
        return { event: { id, type: 'stage.changed', at, leadId, stage: { to: d.rep % 2 ? 'contacted' : 'qualified' } }, now };
      case 'won':
        return { event: { id, type: 'deal.won', at, leadId, amount: 1000 + d.rep }, now };
      case 'leadTick':
        return { event: { id, type: 'tick', at, leadId }, now };
      case 'tick':
        return { event: { id, type: 'tick', at }, now };
    }
  });
}

/** What the state holds about the leads and reps, with each rep's count on every local day the run touched. */
function stateText(state: InMemoryState, days: ReadonlySet<string>): string {
  const leads = Array.from({ length: LEADS }, (_, n) => {
    const id = `N-${n}`;
    return { lead: state.lead(id), activities: state.activities(id), ownership: state.ownershipHistory(id), reminder: state.lastReminder(id) };
  });
  const reps = state.reps().map((r) => ({ id: r.id, load: state.openLoad(r.id), days: [...days].map((d) => state.assignedOn(r.id, d)) }));
  return JSON.stringify({ leads, reps });
}

type NowIsoOf = (now: number, event: StepEvent) => string | undefined;

/** toISOString's text of now: the event's own string when it is that text (as the replay hands it), else a fresh one. */
const RIGHT: NowIsoOf = (now, event) => {
  const iso = new Date(now).toISOString();
  return event.at === iso ? event.at : iso;
};

/** Whether every step through `policy` gives the same result and state with `nowIsoOf`'s text as without one. */
function samePaths(policy: string, stateName: string, drafts: readonly Draft[], nowIsoOf: NowIsoOf): boolean {
  const compiled = compiledExample(policy);
  const byText = stateFrom(stateName);
  const byNumber = byText.clone();
  const zone = byText.timeZone();
  const days = new Set<string>();
  for (const { event, now } of toEvents(
    drafts,
    byText.reps().map((r) => r.id),
  )) {
    for (const ms of [now, Date.parse(event.at)]) if (Number.isFinite(ms)) days.add(localTime(ms, zone).day);
    const text = JSON.stringify(step({ policies: [compiled], state: byText, event, now, explain: false }));
    const number = JSON.stringify(step({ policies: [compiled], state: byNumber, event, now, nowIso: nowIsoOf(now, event), explain: false }));
    if (text !== number || stateText(byText, days) !== stateText(byNumber, days)) return false;
  }
  return true;
}

describe('StepInput.nowIso: the number path gives what the text path gives', () => {
  it.each(CASES)('%s on %s', (policy, stateName) => {
    fc.assert(
      fc.property(fc.array(draft, { minLength: 1, maxLength: 30 }), (drafts) => samePaths(policy, stateName, drafts, RIGHT)),
      { seed: 20261206, numRuns: 60 },
    );
  });

  it('a wrong nowIso (a millisecond off) shows in the results', () => {
    const wrong: NowIsoOf = (now) => new Date(now + 1).toISOString();
    const run = fc.check(
      fc.property(fc.array(draft, { minLength: 1, maxLength: 30 }), (drafts) => samePaths('s06-round-robin', 'ae-team', drafts, wrong)),
      { seed: 20261206, numRuns: 60 },
    );
    expect(run.failed).toBe(true);
  });
});

describe('a state told the step instant', () => {
  it('counts an assignment stamped with that text on the day of the number it was told, not of the text', () => {
    const compiled = compiledExample('s06-round-robin');
    const state = stateFrom('ae-team');
    const at = '2026-03-02T15:30:00.000Z';
    // A wrong pair, on purpose: a day later. Only the number path can put the count there.
    const told = Date.parse(at) + 86_400_000;
    state.stepInstant(at, told);
    const result = step({ policies: [compiled], state, event: { id: 'e', type: 'lead.created', at, lead: { id: 'N-0', createdAt: at } }, now: Date.parse(at) });
    expect(result.ok).toBe(true);
    const assign = result.ok ? result.changes.find((c) => c.type === 'lead.assign') : undefined;
    expect(assign).toMatchObject({ type: 'lead.assign', at });
    const repId = (assign as { repId: string }).repId;
    const zone = state.timeZone();
    expect(state.assignedOn(repId, localTime(told, zone).day)).toBe(1);
    expect(state.assignedOn(repId, localTime(Date.parse(at), zone).day)).toBe(0);
  });
});

/**
 * Reclaim on random leads, configurations and times, against a plain re-statement of the rules
 * (the oracle below: parse every time, take the later of event and ownership start, due when
 * elapsed ≥ N (days, hours or minutes, in ms), remind from due − R once per due instant):
 *  - decide() does what the oracle says: reclaim, remind, or nothing;
 *  - no lead is both reclaimed and exempt; a kept lead's stated reason holds;
 *  - the tick shortcut never rules out a lead that decide() would act on;
 *  - a tick over many leads equals deciding every owned lead in full.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide, InMemoryState, tick, type CompiledPolicy, type Decision, type Lead } from '../../src/index.js';
import { compileReclaim } from './helpers.js';
import type { ReclaimConfig } from '../../src/nodes/reclaim/config.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const UNIT = { minutes: 60_000, hours: HOUR, days: DAY } as const;
type Dur = number | { value: number; unit: keyof typeof UNIT };
/** The oracle's own reading of a duration: a plain number is days. */
const msOf = (d: Dur) => (typeof d === 'number' ? d * DAY : d.value * UNIT[d.unit]);
const RULES = ['noFollowUp', 'noOpportunity', 'noDeal'] as const;
const FIELD = { noFollowUp: 'lastActivityAt', noOpportunity: 'lastOpportunityAt', noDeal: 'lastDealAt' } as const;
const T0 = Date.parse('2026-01-01T00:00:00Z');

// ---------------------------------------------------------------------------------------------
// Configurations: valid by construction (each band has a criterion, thresholds only for rules that are on,
// the reminder shorter than every threshold). Thresholds are plain days or { value, unit } in minutes,
// hours or days; the reminder is remindDaysBefore or remindBefore in any unit.

const daysArb: fc.Arbitrary<Dur> = fc.oneof(
  fc.integer({ min: 1, max: 60 }),
  fc.record({ value: fc.integer({ min: 1, max: 60 }), unit: fc.constant('days' as const) }),
  fc.record({ value: fc.integer({ min: 1, max: 72 }), unit: fc.constant('hours' as const) }),
  fc.record({ value: fc.integer({ min: 1, max: 600 }), unit: fc.constant('minutes' as const) }),
);
const onRules = fc.subarray([...RULES], { minLength: 1 });

const configArb: fc.Arbitrary<Record<string, unknown>> = onRules.chain((on) => {
  const thresholds = fc.record(Object.fromEntries(on.map((r) => [r, daysArb])) as Record<string, fc.Arbitrary<Dur>>);
  const partial = fc.record(Object.fromEntries(on.map((r) => [r, daysArb])) as Record<string, fc.Arbitrary<Dur>>, { requiredKeys: [] });
  const band = fc
    .record(
      {
        levels: fc.subarray(['A', 'B', 'C'], { minLength: 1 }),
        expectedAmount: fc.constantFrom({ min: 1_000_000 }, { below: 1_000_000 }, { min: 100, below: 1_000_000 }),
        size: fc.constantFrom({ min: 1000 }, { below: 1000 }),
      },
      { requiredKeys: [] },
    )
    .filter((b) => Object.keys(b).length > 0)
    .chain((criteria) => partial.map((days) => ({ label: { en: 'band', zh: '档' }, ...criteria, days })));
  return fc
    .record({
      days: thresholds,
      bands: fc.array(band, { maxLength: 3 }),
      exempt: fc.record({ locked: fc.boolean(), signed: fc.boolean(), openOpportunity: fc.boolean() }),
      remindSeed: fc.nat(),
      remindUnit: fc.constantFrom('legacy', 'minutes', 'hours', 'days'),
    })
    .map(({ days, bands, exempt, remindSeed, remindUnit }) => {
      const all = [...Object.values(days), ...bands.flatMap((b) => Object.values(b.days).filter((d): d is Dur => d !== undefined))];
      const shortest = Math.min(...all.map(msOf));
      // Any lead time below the shortest threshold, rounded down to whole units (0 = no reminder).
      const below = remindSeed % shortest;
      if (remindUnit === 'legacy') return { days, bands, exempt, remindDaysBefore: Math.floor(below / DAY), poolId: 'public' };
      const unit = remindUnit as keyof typeof UNIT;
      return { days, bands, exempt, remindBefore: { value: Math.floor(below / UNIT[unit]), unit }, poolId: 'public' };
    });
});

// ---------------------------------------------------------------------------------------------
// Leads and times. Offsets land on whole days, hours or minutes ± 1 ms often, so exact thresholds and window edges are hit.

/** Later ticks: often whole days, hours or minutes after `now`, so lead times sit exactly on a limit. */
const shiftArb = fc.oneof(
  // No shift: the lead's edge offsets (relative to now) then sit exactly on the tick's limits.
  fc.constant(0),
  fc.integer({ min: -3, max: 3 }).map((k) => k * DAY),
  fc.integer({ min: -30, max: 30 }).map((k) => k * HOUR),
  fc.integer({ min: -90, max: 90 }).map((k) => k * 60_000),
  fc.integer({ min: -3 * DAY, max: 3 * DAY }),
);
const nowArb = fc.integer({ min: T0, max: T0 + 300 * DAY });
const dayOffsetArb = fc
  .tuple(fc.integer({ min: -90, max: 2 }), fc.constantFrom(0, 0, 1, -1, 3_600_000, -43_200_000), fc.integer({ min: 0, max: DAY - 1 }), fc.boolean())
  .map(([days, edge, noise, exact]) => days * DAY + (exact ? edge : noise));
/** Within the last few days, on whole minutes ± 1 ms: where hour and minute thresholds fall. */
const minuteOffsetArb = fc.tuple(fc.integer({ min: -4 * 24 * 60, max: 30 }), fc.constantFrom(0, 0, 1, -1)).map(([m, edge]) => m * 60_000 + edge);
/**
 * Offsets sitting exactly on this configuration's limits (−threshold, −threshold + reminder, ± 1 ms):
 * with minute and hour clocks, random offsets alone would rarely land on an edge.
 */
function edgesOf(config: Record<string, unknown>): number[] {
  const c = config as { days: Record<string, Dur>; bands: Array<{ days: Record<string, Dur> }>; remindDaysBefore?: number; remindBefore?: Dur };
  const advance = c.remindBefore !== undefined ? msOf(c.remindBefore) : (c.remindDaysBefore ?? 0) * DAY;
  const limits = [...Object.values(c.days), ...c.bands.flatMap((b) => Object.values(b.days))].flatMap((d) => [-msOf(d), advance - msOf(d)]);
  return limits.flatMap((l) => [l, l - 1, l + 1]);
}
const offsetArbFor = (edges: number[]) =>
  edges.length > 0 ? fc.oneof(dayOffsetArb, minuteOffsetArb, fc.constantFrom(...edges)) : fc.oneof(dayOffsetArb, minuteOffsetArb);
/** How a CRM may write a time: canonical UTC, without milliseconds, or with a +08:00 offset. */
function write(ms: number, style: number): string {
  const iso = new Date(ms).toISOString();
  if (style === 1 && ms % 1000 === 0) return iso.slice(0, 19) + 'Z';
  if (style === 2) return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 23) + '+08:00';
  return iso;
}
const timeArb = (now: number, edges: number[]) =>
  fc.option(
    fc.tuple(offsetArbFor(edges), fc.constantFrom(0, 0, 0, 1, 2)).map(([o, style]) => write(now + o, style)),
    { nil: undefined, freq: 4 },
  );
const flag = fc.constantFrom(undefined, true, false);

/** A configuration, a time, and what `more` draws for them (leads whose times may sit on the configuration's edges). */
function withTimes<T>(more: (config: Record<string, unknown>, now: number) => fc.Arbitrary<T>): fc.Arbitrary<[Record<string, unknown>, number, T]> {
  return fc.tuple(configArb, nowArb).chain(([config, now]) => more(config, now).map((x): [Record<string, unknown>, number, T] => [config, now, x]));
}

const leadArb = (now: number, edges: number[] = [], id = 'L-1') =>
  fc
    .record({
      ownerId: fc.constantFrom('ae-1', 'ae-1', 'ae-1', 'ae-2', null),
      status: fc.constantFrom(undefined, undefined, 'open', 'won', 'lost'),
      ownedSince: timeArb(now, edges),
      createdAt: timeArb(now, edges),
      lastActivityAt: timeArb(now, edges),
      lastOpportunityAt: timeArb(now, edges),
      lastDealAt: timeArb(now, edges),
      level: fc.constantFrom(undefined, 'A', 'B', 'C'),
      expectedAmount: fc.constantFrom(undefined, 50, 999_999, 1_000_000),
      employees: fc.constantFrom(undefined, 999, 1000, 5000),
      locked: flag,
      signed: flag,
      openOpportunity: flag,
    })
    .map((l) => Object.fromEntries(Object.entries({ id, ...l }).filter(([, v]) => v !== undefined)) as Lead);

// ---------------------------------------------------------------------------------------------
// The oracle.

type Verdict = { kind: 'reclaim' | 'remind' | 'none'; exempt: string[]; dueRules: string[]; window?: string; inWindow: boolean; measured: boolean };

function oracle(lead: Lead, c: ReclaimConfig, now: number, lastReminder: string | undefined): Verdict {
  const none: Verdict = { kind: 'none', exempt: [], dueRules: [], inWindow: false, measured: false };
  if (!lead.ownerId || lead.status === 'won' || lead.status === 'lost') return none;
  const exempt = (['locked', 'signed', 'openOpportunity'] as const).filter((e) => c.exempt[e] && lead[e] === true);
  const band = c.bands.find(
    (b) =>
      (!b.levels || (lead.level !== undefined && b.levels.includes(lead.level))) &&
      (!b.expectedAmount ||
        (typeof lead.expectedAmount === 'number' &&
          (b.expectedAmount.min ?? -Infinity) <= lead.expectedAmount &&
          lead.expectedAmount < (b.expectedAmount.below ?? Infinity))) &&
      (!b.size ||
        (typeof lead.employees === 'number' &&
          (b.size.min ?? -Infinity) <= (lead.employees as number) &&
          (lead.employees as number) < (b.size.below ?? Infinity))),
  );
  const base = lead.ownedSince ?? lead.createdAt;
  const dues: Array<{ rule: string; due: number }> = [];
  for (const rule of RULES) {
    const n = (band?.days[rule] ?? c.days[rule]) as Dur | undefined;
    if (n === undefined) continue;
    const times = [lead[FIELD[rule]], base].filter((t): t is string => t !== undefined).map((t) => Date.parse(t));
    if (times.length === 0) continue;
    dues.push({ rule, due: Math.max(...times) + msOf(n) });
  }
  const dueRules = dues.filter((d) => now >= d.due).map((d) => d.rule);
  const measured = dues.length > 0;
  if (exempt.length > 0) return { ...none, exempt, dueRules, measured };
  if (dueRules.length > 0) return { kind: 'reclaim', exempt, dueRules, inWindow: true, measured };
  if (!measured) return none;
  const earliest = Math.min(...dues.map((d) => d.due));
  const advance = c.remindBefore !== undefined ? msOf(c.remindBefore as Dur) : c.remindDaysBefore * DAY;
  const inWindow = advance > 0 && now >= earliest - advance;
  const window = new Date(earliest).toISOString();
  if (inWindow && lastReminder !== window) return { kind: 'remind', exempt, dueRules, window, inWindow, measured };
  return { kind: 'none', exempt, dueRules, window, inWindow, measured };
}

// ---------------------------------------------------------------------------------------------

const compile = (config: Record<string, unknown>): CompiledPolicy => compileReclaim('reclaim-prop', config);

const configOf = (p: CompiledPolicy) => p.plan.nodes.get('reclaim')!.config as ReclaimConfig;
const filterOf = (p: CompiledPolicy) => p.plan.nodes.get('reclaim')!.spec.tickFilter!(configOf(p));

function stateWith(leads: Lead[], reminders: Record<string, string> = {}): InMemoryState {
  return InMemoryState.from({ timeZone: 'Asia/Shanghai', reps: [{ id: 'ae-1' }, { id: 'ae-2' }], pools: [{ id: 'public' }], leads, reminders });
}

const node = (d: Decision) => d.explanation.visited.find((v) => v.nodeId === 'reclaim')!;

/** A reminder the state may hold: none, one for some other window, or the current one. */
const reminderArb = fc.constantFrom<'none' | 'other' | 'current'>('none', 'other', 'current');

function reminderFor(kind: 'none' | 'other' | 'current', lead: Lead, c: ReclaimConfig, now: number): string | undefined {
  if (kind === 'none') return undefined;
  if (kind === 'other') return '2025-01-01T00:00:00.000Z';
  return oracle(lead, c, now, undefined).window;
}

describe('reclaim properties', () => {
  it('decide() reclaims, reminds or keeps exactly as the rules say; never reclaimed and exempt; kept reasons hold', () => {
    fc.assert(
      fc.property(
        withTimes((config, now) => leadArb(now, edgesOf(config))),
        reminderArb,
        ([config, now, lead], reminded) => {
          const policy = compile(config);
          const c = configOf(policy);
          const last = reminderFor(reminded, lead, c, now);
          const state = stateWith([lead], last ? { [lead.id]: last } : {});
          const d = decide(policy, { id: 't', type: 'tick', at: new Date(now).toISOString(), leadId: lead.id }, state, now);
          const expected = oracle(lead, c, now, last);
          const v = node(d);
          const detail = v.detail as {
            reason?: string;
            exemptions?: string[];
            clocks?: Array<{ due: boolean; elapsedDays?: number; days?: number; elapsed?: number; threshold?: { value: number } }>;
            window?: string;
            dueRules?: string[];
          };

          expect(d.actions.map((a) => a.type)).toEqual(expected.kind === 'reclaim' ? ['toPool', 'notify'] : expected.kind === 'remind' ? ['notify'] : []);
          // Never both: a reclaimed lead has no exemption that is on and applies; an exempt one moves nowhere.
          if (d.actions.some((a) => a.type === 'toPool')) {
            expect(v.result).toBe('reclaimed');
            expect(expected.exempt).toEqual([]);
            expect(detail.dueRules).toEqual(expected.dueRules);
          }
          if (v.result === 'exempt') {
            expect(d.actions).toEqual([]);
            expect(d.changes).toEqual([]);
            expect(detail.exemptions).toEqual(expected.exempt);
          } else if (v.result !== 'kept' || !['noOwner', 'closed', 'noLead'].includes(detail.reason!)) {
            expect(expected.exempt).toEqual([]);
          }
          if (expected.kind === 'remind') {
            expect(v.result).toBe('reminded');
            expect(d.changes).toEqual([
              { type: 'lead.remind', leadId: lead.id, repId: lead.ownerId, window: expected.window, at: new Date(now).toISOString(), nodeId: 'reclaim' },
            ]);
          }
          if (v.result === 'kept') {
            expect(d.actions).toEqual([]);
            switch (detail.reason) {
              case 'noOwner':
                expect(lead.ownerId ?? null).toBe(null);
                break;
              case 'closed':
                expect(['won', 'lost']).toContain(lead.status);
                break;
              case 'noDates':
                expect(expected.measured).toBe(false);
                break;
              case 'notDue':
                expect(expected.dueRules).toEqual([]);
                expect(expected.inWindow).toBe(false);
                for (const k of detail.clocks!)
                  expect(k.due === false && (k.days !== undefined ? k.elapsedDays! < k.days : k.elapsed! < k.threshold!.value)).toBe(true);
                break;
              case 'alreadyReminded':
                expect(expected.dueRules).toEqual([]);
                expect(expected.inWindow).toBe(true);
                expect(last).toBe(detail.window);
                break;
              default:
                expect.fail(`unexpected kept reason ${detail.reason}`);
            }
          }
        },
      ),
      { seed: 1616, numRuns: 600 },
    );
  });

  it('the tick shortcut never rules out a lead that decide() acts on (random leads × random times, one filter reused)', () => {
    fc.assert(
      fc.property(
        withTimes((config, now) => fc.array(fc.tuple(leadArb(now, edgesOf(config)), shiftArb, reminderArb), { minLength: 1, maxLength: 12 })),
        ([config, now, cases]) => {
          const policy = compile(config);
          const c = configOf(policy);
          const filter = filterOf(policy);
          for (const [lead, shift, reminded] of cases) {
            // The same filter sees several times, as across ticks: its per-time limits must refresh.
            const at = now + shift;
            const last = reminderFor(reminded, lead, c, at);
            const state = stateWith([lead], last ? { [lead.id]: last } : {});
            const d = decide(policy, { id: 't', type: 'tick', at: new Date(at).toISOString(), leadId: lead.id }, state, at);
            // Without the state (times only) and with it (reminders already sent) alike.
            if (!filter(lead, at) || !filter(lead, at, state)) {
              expect(d.actions).toEqual([]);
              expect(d.changes).toEqual([]);
            }
          }
        },
      ),
      { seed: 1617, numRuns: 400 },
    );
  });

  it('a tick over many leads equals deciding every owned lead in full', () => {
    fc.assert(
      fc.property(
        withTimes((config, now) => fc.array(leadArb(now, edgesOf(config)), { minLength: 1, maxLength: 25 })),
        ([config, now, raw]) => {
          const policy = compile(config);
          const leads = raw.map((l, i) => ({ ...l, id: `L-${i}` }));
          const state = stateWith(leads);
          const result = tick(policy, state, now);
          const at = new Date(now).toISOString();
          const full = [...state.ownedLeads()]
            .map((l) => decide(policy, { id: `tick:${policy.key}:${at}:${l.id}`, type: 'tick', at, leadId: l.id }, state, now))
            .filter((d) => d.actions.length > 0 || d.changes.length > 0);
          expect(result.decisions).toEqual(full);
          expect(result.checked).toBe(leads.filter((l) => l.ownerId && (l.status === undefined || l.status === 'open')).length);
          const exemptOn = (l: Lead) => (['locked', 'signed', 'openOpportunity'] as const).some((e) => configOf(policy).exempt[e] && l[e] === true);
          for (const a of result.actions) if (a.type === 'toPool') expect(exemptOn(leads.find((l) => l.id === a.leadId)!)).toBe(false);
        },
      ),
      { seed: 1618, numRuns: 200 },
    );
  });
});

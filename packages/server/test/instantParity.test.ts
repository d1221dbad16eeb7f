import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sluice } from '../../cli/test/cliRunner.js';
import { dailyCounts, penalties } from '../src/db/schema.js';
import { examplePolicy, exampleState } from '@sluice/examples';
import { fixedClock, publishPolicy, seedRoster, tableCounts } from './fixtures.js';
import { call, LANES, seedTenant, useServer } from './harness.js';

/**
 * Which instant decides (issue #9): the CLI decides at `--at`, a server dry run at `decideAt`, and
 * for the same state, event and instant both give the same decision — the same assignee and the same
 * explanation, candidate by candidate. The roster has shifts that meet at 22:00, a daily cap that
 * resets at local midnight and a routing suspension that ends at 21:30 (Asia/Shanghai). The server's
 * own clock is days later, so the dry run must read the instant asked for, not its clock: the
 * suspension has ended and the cap's day is over by then.
 */

/** Wednesday 4 March 2026 in Shanghai is D; its daily counts say eve-b already got one lead that day. */
const D = '2026-03-04';
const SERVER_NOW = '2026-03-07T04:00:00.000Z';
const EVENT_AT = '2026-03-04T10:00:00+08:00';

const ALL_DAYS = [1, 2, 3, 4, 5, 6, 7];
const roster = {
  timeZone: 'Asia/Shanghai',
  reps: [
    { id: 'day-a', teams: ['floor'], openLoad: 5, shifts: [{ days: ALL_DAYS, start: '09:00', end: '22:00' }] },
    { id: 'eve-b', teams: ['floor'], openLoad: 0, dailyCap: 1, shifts: [{ days: ALL_DAYS, start: '22:00', end: '02:00' }] },
    { id: 'night-c', teams: ['floor'], openLoad: 2, shifts: [{ days: ALL_DAYS, start: '22:00', end: '06:00' }] },
    { id: 'susp-d', teams: ['floor'], openLoad: 1, shifts: [{ days: ALL_DAYS, start: '21:00', end: '22:00' }] },
  ],
  teams: [{ id: 'floor', managerId: 'mgr' }],
};
const penalty = {
  repId: 'susp-d',
  from: '2026-03-04T00:00:00+08:00',
  until: '2026-03-04T21:30:00+08:00',
  weightFactor: 1,
  suspendClaims: false,
  suspendRouting: true,
  kind: 'manual' as const,
  decay: 'none' as const,
  reason: 'coaching',
};

const policy = {
  key: 'instant-parity',
  kind: 'routing',
  name: 'Least loaded on shift, manager when nobody is',
  version: 1,
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { events: ['lead.created'] } },
    { id: 'least', type: 'assign.leastLoaded', position: { x: 0, y: 100 }, data: { teams: ['floor'] } },
    {
      id: 'mgr',
      type: 'notify',
      position: { x: 0, y: 200 },
      data: { mode: 'escalate', to: [{ kind: 'manager', id: 'floor' }], message: { en: 'nobody on shift for {{lead.id}}', zh: '{{lead.id}} 无人在班' } },
    },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'least' },
    { id: 'e2', source: 'least', sourceHandle: 'noCandidate', target: 'mgr' },
  ],
};

const event = { id: 'ev-parity', type: 'lead.created', at: EVENT_AT, lead: { id: 'L-1', createdAt: EVENT_AT } };

/** Each instant with who must get the lead (written out from the roster, not computed). */
const INSTANTS: Array<[at: string, assignee: string | null, why: string]> = [
  ['2026-03-04T10:00:00+08:00', 'day-a', 'only the day shift is on'],
  ['2026-03-04T21:15:00+08:00', 'day-a', 'susp-d is on shift but suspended until 21:30'],
  ['2026-03-04T21:30:00+08:00', 'susp-d', 'the suspension ends at 21:30 (until is exclusive); susp-d holds fewer leads'],
  ['2026-03-04T21:59:00+08:00', 'susp-d', 'a minute before the shifts change'],
  ['2026-03-04T22:00:00+08:00', 'night-c', 'day-a and susp-d are off (end is exclusive); eve-b is on but has had its 1 lead today'],
  ['2026-03-04T23:59:00+08:00', 'night-c', 'still the 4th locally: eve-b stays capped'],
  ['2026-03-05T00:00:00+08:00', 'eve-b', 'local midnight: a new day, eve-b’s cap is free again and it holds the fewest'],
  ['2026-03-04T16:00:00Z', 'eve-b', 'the same instant written in UTC'],
  ['2026-03-05T02:00:00+08:00', 'night-c', 'eve-b’s overnight shift ended at 02:00'],
  ['2026-03-05T06:00:00+08:00', null, 'nobody on shift: the manager is told'],
];

/**
 * An event that reports a time far before or after the decision instant: a follow-up logged late,
 * or stamped ahead by a CRM clock. Its time is when it happened (the reclaim clock restarts from
 * it, never before the owner got the lead); the decision instant is still `now`. The CLI and a dry
 * run agree on each, in the 2-hour first-contact reclaim of S32.
 */
const OWNED_SINCE = '2026-05-11T02:00:00.000Z';
const ownedLead = { id: 'L-32', ownerId: 'ae-1', ownedSince: OWNED_SINCE, createdAt: OWNED_SINCE };
const b2c = { timeZone: 'Asia/Shanghai', reps: [{ id: 'ae-1', teams: ['b2c'] }], teams: [{ id: 'b2c' }], pools: [{ id: 'public' }] };
const activity = (id: string, at: string) => ({ id, type: 'activity.logged', at, leadId: 'L-32', activity: { kind: 'call', at, repId: 'ae-1' } });
const FOLLOW_UPS: Array<[name: string, event: ReturnType<typeof activity>, decideAt: string, outcome: string, since: string]> = [
  ['on time', activity('a-1', '2026-05-11T03:20:00.000Z'), '2026-05-11T03:30:00.000Z', 'kept', '2026-05-11T03:20:00.000Z'],
  ['far in the past (before the owner got the lead)', activity('a-2', '2026-05-01T00:00:00.000Z'), '2026-05-11T03:30:00.000Z', 'reminded', OWNED_SINCE],
  ['far in the past, decided after the due time', activity('a-3', '2026-05-01T00:00:00.000Z'), '2026-05-11T04:00:00.000Z', 'reclaimed', OWNED_SINCE],
  ['an hour after the decision instant', activity('a-4', '2026-05-11T04:30:00.000Z'), '2026-05-11T03:30:00.000Z', 'kept', '2026-05-11T04:30:00.000Z'],
];
const cliFollowUps = new Map<string, Cli>();

/**
 * A stage.changed is dated at its own at: opening an opportunity restarts S16's "no new
 * opportunity" clock from it. The server stores that before deciding; the CLI reads it from the
 * event (engine/eventFacts.ts), so both keep L-1602 — it used to be reclaimed by the CLI alone.
 */
const STAGE_MOVES: Array<[to: string, outcome: string]> = [
  ['proposal', 'exempt'],
  ['contacted', 'reclaimed'],
];
const STAGE_AT = '2026-03-11T02:00:00.000Z';
const stageMove = (to: string) => ({ id: `sc-${to}`, type: 'stage.changed', at: '2026-03-10T02:00:00.000Z', leadId: 'L-1602', stage: { to } });
const cliStages = new Map<string, Cli>();

interface Cli {
  at: string;
  actions: Array<{ type: string; repId?: string }>;
  explanation: { visited: Array<{ nodeId: string; result: string; candidates?: Array<{ repId: string; status: string; reason?: string }> }> };
}
const cli = new Map<string, Cli>();
let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sluice-instant-'));
  const snapshot = { ...roster, penalties: [penalty], assigned: { 'eve-b': { [D]: 1 } } };
  writeFileSync(join(dir, 'policy.json'), JSON.stringify(policy));
  writeFileSync(join(dir, 'state.json'), JSON.stringify(snapshot));
  writeFileSync(join(dir, 'event.json'), JSON.stringify(event));
  const runs = await Promise.all(
    INSTANTS.map(([at]) =>
      sluice('decide', '--policy', join(dir, 'policy.json'), '--state', join(dir, 'state.json'), '--event', join(dir, 'event.json'), '--at', at),
    ),
  );
  runs.forEach((r, i) => {
    if (r.code !== 0) throw new Error(`sluice decide --at ${INSTANTS[i]![0]} failed: ${r.stderr}`);
    cli.set(INSTANTS[i]![0], JSON.parse(r.stdout) as Cli);
  });
  writeFileSync(join(dir, 's32.json'), JSON.stringify(examplePolicy('s32-b2c-first-contact')));
  const ownership = [{ leadId: 'L-32', repId: 'ae-1', from: OWNED_SINCE, via: 'assigned' }];
  writeFileSync(
    join(dir, 'b2c.json'),
    JSON.stringify({ ...b2c, reps: [{ ...b2c.reps[0], openLoad: 1 }], leads: [ownedLead], ownership, assigned: { 'ae-1': { '2026-05-11': 1 } } }),
  );
  const followUps = await Promise.all(
    FOLLOW_UPS.map(([name, e, at]) => {
      writeFileSync(join(dir, `${e.id}.json`), JSON.stringify(e));
      return sluice('decide', '--policy', join(dir, 's32.json'), '--state', join(dir, 'b2c.json'), '--event', join(dir, `${e.id}.json`), '--at', at).then(
        (r) => {
          if (r.code !== 0) throw new Error(`${name}: ${r.stderr}`);
          cliFollowUps.set(name, JSON.parse(r.stdout) as Cli);
        },
      );
    }),
  );
  expect(followUps).toHaveLength(FOLLOW_UPS.length);
  for (const [to] of STAGE_MOVES) {
    writeFileSync(join(dir, `sc-${to}.json`), JSON.stringify(stageMove(to)));
    const r = await sluice(
      'decide',
      '--policy',
      'examples/policies/s16-reclaim-rules.json',
      '--state',
      'examples/states/s16-owned-leads.json',
      '--event',
      join(dir, `sc-${to}.json`),
      '--at',
      STAGE_AT,
    );
    if (r.code !== 0) throw new Error(`stage ${to}: ${r.stderr}`);
    cliStages.set(to, JSON.parse(r.stdout) as Cli);
  }
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const assigneeOf = (actions: Array<{ type: string; repId?: string }>) => actions.find((a) => a.type === 'assign')?.repId ?? null;
const rowsOf = (d: Cli['explanation']) =>
  d.visited.find((v) => v.nodeId === 'least')!.candidates!.map((c) => `${c.repId}:${c.status}${c.reason ? `:${c.reason}` : ''}`);

describe('the CLI at --at T (engine alone)', () => {
  it.each(INSTANTS)('at %s gives the lead to %s (%s)', (at, assignee) => {
    const d = cli.get(at)!;
    expect(d.at).toBe(new Date(at).toISOString());
    expect(assigneeOf(d.actions)).toBe(assignee);
    if (assignee === null) expect(d.actions).toEqual([expect.objectContaining({ type: 'notify', mode: 'escalate', to: [{ kind: 'manager', id: 'floor' }] })]);
  });
});

describe.each(LANES)('server dry run with decideAt = the CLI with --at (%s)', (lane) => {
  const env = useServer(lane, fixedClock(SERVER_NOW));
  let key = '';
  let tenantId = '';

  beforeAll(async () => {
    const t = await seedTenant(env.tdb.database);
    ({ key, tenantId } = t);
    await seedRoster(env.tdb.database, tenantId, roster);
    await publishPolicy(env.tdb.database, tenantId, policy, 1);
    await env.tdb.database.db.insert(dailyCounts).values({ tenantId, repId: 'eve-b', day: D, assigned: 1, claimed: 0 });
    await env.tdb.database.db.insert(penalties).values({ tenantId, repId: penalty.repId, data: penalty, until: penalty.until });
  }, 120_000);

  const preview = (decideAt?: string, extra: Record<string, unknown> = {}) =>
    call(env.server.base, 'POST', '/v1/decide', { key, body: { ...event, dryRun: true, ...(decideAt !== undefined ? { decideAt } : {}), ...extra } });

  it.each(INSTANTS)('at %s: same assignee (%s) and the same explanation as the CLI — %s', async (at, assignee) => {
    const before = await tableCounts(env.tdb.database, tenantId);
    const r = await preview(at);
    expect(r.status, r.text).toBe(200);
    expect(r.json.dryRun).toBe(true);
    expect(r.json.decidedAt).toBe(new Date(at).toISOString());
    const [d] = r.json.decisions;
    const mine = cli.get(at)!;
    expect(assigneeOf(d.actions)).toBe(assignee);
    expect(d.actions).toEqual(mine.actions);
    expect(rowsOf(d.explanation)).toEqual(rowsOf(mine.explanation));
    expect(d.explanation).toEqual(mine.explanation);
    // A preview writes nothing, whatever instant it looks at.
    expect(await tableCounts(env.tdb.database, tenantId)).toEqual(before);
  });

  it('a dry run at 22:00 differs from one at 10:00 as the shifts say', async () => {
    const morning = await preview('2026-03-04T10:00:00+08:00');
    const evening = await preview('2026-03-04T22:00:00+08:00');
    expect(rowsOf(morning.json.decisions[0].explanation)).toEqual([
      'day-a:chosen',
      'eve-b:skipped:offShift',
      'night-c:skipped:offShift',
      'susp-d:skipped:suspended',
    ]);
    expect(rowsOf(evening.json.decisions[0].explanation)).toEqual([
      'day-a:skipped:offShift',
      'eve-b:skipped:dailyCapReached',
      'night-c:chosen',
      'susp-d:skipped:offShift',
    ]);
  });

  it('without decideAt a dry run decides at the server clock, and says so', async () => {
    const r = await preview();
    expect(r.status).toBe(200);
    expect(r.json.decidedAt).toBe(SERVER_NOW);
    // Saturday 7 March 12:00 in Shanghai: the day shift.
    expect(assigneeOf(r.json.decisions[0].actions)).toBe('day-a');
  });

  it('refuses decideAt outside a dry run (422, en and zh) and writes nothing', async () => {
    const before = await tableCounts(env.tdb.database, tenantId);
    for (const extra of [{}, { dryRun: false }]) {
      const r = await call(env.server.base, 'POST', '/v1/decide', { key, body: { ...event, id: 'ev-real', decideAt: '2026-03-04T22:00:00+08:00', ...extra } });
      expect(r.status).toBe(422);
      const err = r.json.errors.find((e: { path: string }) => e.path === '$.decideAt');
      expect(err.message).toContain('decideAt is only for dry runs');
      expect(err.messageZh).toContain('仅用于试运行');
    }
    expect(await tableCounts(env.tdb.database, tenantId)).toEqual(before);
  });

  it('bounds decideAt like every other instant', async () => {
    for (const bad of ['2026-03-04T22:00:00', '0000-01-01T00:00:00Z', '2026-03-04T22:00:00+20:00', 'tonight', 1_772_000_000_000]) {
      const r = await preview(bad as string);
      expect(r.status, String(bad)).toBe(422);
      expect(r.json.errors.map((e: { path: string }) => e.path)).toContain('$.decideAt');
    }
  });
});

describe.each(LANES)('events dated far from the decision instant: CLI and dry run agree (%s)', (lane) => {
  const env = useServer(lane, fixedClock(SERVER_NOW));
  let key = '';

  beforeAll(async () => {
    const t = await seedTenant(env.tdb.database);
    key = t.key;
    await seedRoster(env.tdb.database, t.tenantId, b2c);
    await publishPolicy(env.tdb.database, t.tenantId, 's32-b2c-first-contact', 1);
    // The CRM hands the lead over already owned: the owner has it from ownedSince.
    const created = await call(env.server.base, 'POST', '/v1/events', {
      key,
      body: { id: 'ev-owned', type: 'lead.created', at: OWNED_SINCE, lead: ownedLead },
    });
    expect(created.status, created.text).toBe(200);
  }, 120_000);

  it.each(FOLLOW_UPS)('a follow-up %s', async (name, event, decideAt, outcome, since) => {
    const r = await call(env.server.base, 'POST', '/v1/decide', { key, body: { ...event, dryRun: true, decideAt } });
    expect(r.status, r.text).toBe(200);
    expect(r.json.decidedAt).toBe(decideAt);
    const [d] = r.json.decisions;
    const reclaim = d.explanation.visited.find((v: { nodeId: string }) => v.nodeId === 'reclaim');
    expect(reclaim.result).toBe(outcome);
    expect(reclaim.detail.clocks[0].since).toBe(since);
    const mine = cliFollowUps.get(name)!;
    expect(d.actions).toEqual(mine.actions);
    expect(d.explanation).toEqual(mine.explanation);
  });
});

describe.each(LANES)('a stage change is dated at its own at, CLI and server alike (%s)', (lane) => {
  const env = useServer(lane, fixedClock(SERVER_NOW));
  let key = '';

  beforeAll(async () => {
    const t = await seedTenant(env.tdb.database);
    key = t.key;
    const state = exampleState('s16-owned-leads') as { timeZone: string; reps: unknown[]; teams: unknown[]; pools: unknown[]; leads: Array<{ id: string }> };
    await seedRoster(env.tdb.database, t.tenantId, { timeZone: state.timeZone, reps: state.reps as never, teams: state.teams, pools: state.pools });
    await publishPolicy(env.tdb.database, t.tenantId, 's16-reclaim-rules', 1);
    const lead = state.leads.find((l) => l.id === 'L-1602');
    const created = await call(env.server.base, 'POST', '/v1/events', { key, body: { id: 'ev-1602', type: 'lead.created', at: '2026-01-01T00:00:00Z', lead } });
    expect(created.status, created.text).toBe(200);
  }, 120_000);

  it.each(STAGE_MOVES)('to %s: %s', async (to, outcome) => {
    const r = await call(env.server.base, 'POST', '/v1/decide', { key, body: { ...stageMove(to), dryRun: true, decideAt: STAGE_AT } });
    expect(r.status, r.text).toBe(200);
    const [d] = r.json.decisions;
    const reclaim = d.explanation.visited.find((v: { nodeId: string }) => v.nodeId === 'reclaim');
    const mine = cliStages.get(to)!.explanation.visited.find((v) => v.nodeId === 'reclaim');
    expect(reclaim.result).toBe(outcome);
    expect(reclaim).toEqual(mine);
    expect(d.actions).toEqual(cliStages.get(to)!.actions);
  });
});

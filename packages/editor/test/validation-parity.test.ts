import { describe, expect, it } from 'vitest';
import { listExamples, examplePolicy } from '@sluice/examples';
import type { PolicyDocument, RosterView } from '@sluice/engine';
import { call, LANES, seedTenant, useServer } from '../../server/test/harness.js';
import { validate } from '../src/policy/validation.js';

/**
 * The editor checks a policy as it is typed with the engine's compiler; the server checks it again
 * when the draft is saved. Both must name the same problems at the same places, or the editor
 * would show a draft as clean that the server refuses to publish (or the other way round).
 */
type Found = { code: string; nodeId: string | null; path: string; severity: 'error' | 'warning' };
const key = (f: Found) => `${f.severity} ${f.code} ${f.nodeId ?? '-'} ${f.path}`;

/** A fresh tenant as the editor reads it (tenantValues): no reps and no pools, each read whole. */
const FRESH: RosterView = { reps: [], pools: [] };

function browser(doc: unknown, roster: RosterView = FRESH): string[] {
  // A fresh tenant: no lead-field catalog, no calendars (and no reps or pools unless given).
  return validate(doc, undefined, [], roster)
    .problems.map((p) => key({ code: p.code, nodeId: p.nodeId ?? null, path: p.path, severity: p.severity }))
    .sort();
}

function server(body: {
  compile: { errors: Array<{ code: string; nodeId?: string; path: string }>; warnings?: Array<{ code: string; nodeId?: string; path: string }> };
}): string[] {
  const c = body.compile;
  return [
    ...c.errors.map((e) => key({ code: e.code, nodeId: e.nodeId ?? null, path: e.path, severity: 'error' })),
    ...(c.warnings ?? []).map((e) => key({ code: e.code, nodeId: e.nodeId ?? null, path: e.path, severity: 'warning' })),
  ].sort();
}

const base = () => structuredClone(examplePolicy('s06-round-robin')) as PolicyDocument;
const broken: Array<[string, () => PolicyDocument, string[]]> = [
  [
    'missing config field',
    () => {
      const d = base();
      d.nodes.push({ id: 'pool', type: 'assign.toPool', position: { x: 0, y: 300 }, data: {} });
      d.edges.push({ id: 'e3', source: 'mgr', target: 'pool' });
      return d;
    },
    ['error invalidConfig pool $.nodes[3].data.poolId'],
  ],
  [
    'dangling edge',
    () => {
      const d = base();
      d.edges.push({ id: 'e3', source: 'rr', sourceHandle: 'assigned', target: 'nowhere' });
      return d;
    },
    ['error danglingEdge rr $.edges[2].target'],
  ],
  [
    'unknown team fact path',
    () => {
      const d = base();
      d.nodes.push({ id: 'check', type: 'condition', position: { x: 0, y: 60 }, data: { condition: { fact: 'team.nonsense', operator: 'equal', value: 1 } } });
      d.edges[0] = { id: 'e1', source: 'start', target: 'check' };
      d.edges.push({ id: 'e3', source: 'check', sourceHandle: 'true', target: 'rr' }, { id: 'e4', source: 'check', sourceHandle: 'false', target: 'mgr' });
      return d;
    },
    ['error invalidConfig check $.nodes[3].data.condition.fact'],
  ],
  [
    'cycle',
    () => {
      const d = base();
      d.edges.push({ id: 'e3', source: 'mgr', target: 'rr' });
      return d;
    },
    ['error cycle'],
  ],
];

for (const lane of LANES) {
  describe(`editor and server agree on a policy's problems (${lane})`, () => {
    const ctx = useServer(lane);

    it('for every example policy', async () => {
      const { key: apiKey } = await seedTenant(ctx.tdb.database);
      let withProblems = 0;
      let poolWarnings = 0;
      for (const name of listExamples('policies')) {
        const doc = examplePolicy(name) as PolicyDocument;
        const res = await call(ctx.server.base, 'PUT', `/v1/policies/${doc.key}/draft`, { key: apiKey, body: doc });
        expect(res.status, `${name}: ${res.text.slice(0, 300)}`).toBeLessThan(300);
        const expected = server(res.json);
        if (expected.length) withProblems++;
        if (expected.some((e) => e.startsWith('warning unknownRosterRef') && e.endsWith('.poolId'))) poolWarnings++;
        expect(browser(doc), name).toEqual(expected);
      }
      // Two examples count working days with calendar cn-2026, which a fresh tenant lacks.
      expect(withProblems).toBeGreaterThanOrEqual(2);
      // And a fresh tenant has no pool yet: every policy sending leads to one is warned of it, in both.
      expect(poolWarnings).toBeGreaterThanOrEqual(2);
    }, 120_000);

    it('for every example policy against a roster that lacks some of the names they use (warnings at the same places)', async () => {
      const { key: apiKey } = await seedTenant(ctx.tdb.database);
      const reps = [
        { id: 'wang', teams: ['ae'], roles: ['AE'], active: true },
        { id: 'li', teams: ['sdr', 'ae'], roles: ['SDR'], active: false },
        { id: 'zhou', teams: ['east'], roles: [], active: true },
      ];
      const synced = await call(ctx.server.base, 'POST', '/v1/reps/bulk', { key: apiKey, body: { items: reps } });
      expect(synced.status, synced.text.slice(0, 300)).toBe(200);
      // One pool the corpus sends leads to is set up; the others are not.
      const pools = [{ id: 'public', name: 'Public pool' }];
      const pooled = await call(ctx.server.base, 'POST', '/v1/pools/bulk', { key: apiKey, body: { items: pools } });
      expect(pooled.status, pooled.text.slice(0, 300)).toBe(200);
      const codes = new Set<string>();
      for (const name of listExamples('policies')) {
        const doc = examplePolicy(name) as PolicyDocument;
        const res = await call(ctx.server.base, 'PUT', `/v1/policies/${doc.key}/draft`, { key: apiKey, body: doc });
        expect(res.status, `${name}: ${res.text.slice(0, 300)}`).toBeLessThan(300);
        const expected = server(res.json);
        for (const e of expected) codes.add(e.split(' ')[1]!);
        // The draft as stored (Postgres' jsonb orders keys), as the editor reads it back.
        expect(browser(res.json.draft, { reps, pools }), name).toEqual(expected);
      }
      // The corpus names teams, reps and roles this roster lacks, and the inactive rep's role.
      expect([...codes].sort()).toEqual(expect.arrayContaining(['inactiveRosterRef', 'unknownRosterRef']));
    }, 120_000);

    for (const [what, make, mustInclude] of broken) {
      it(`for a policy with a ${what}`, async () => {
        const { key: apiKey } = await seedTenant(ctx.tdb.database);
        const doc = { ...make(), key: `broken-${what.replace(/\W+/g, '-')}` };
        const res = await call(ctx.server.base, 'PUT', `/v1/policies/${doc.key}/draft`, { key: apiKey, body: doc });
        expect(res.status, res.text.slice(0, 300)).toBeLessThan(300);
        expect(res.json.compile.ok).toBe(false);
        const expected = server(res.json);
        expect(browser(doc)).toEqual(expected);
        for (const m of mustInclude)
          expect(
            expected.some((e) => e.startsWith(m)),
            `${m} in ${expected.join(' | ')}`,
          ).toBe(true);
      });
    }
  });
}

import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.js';
import { publishPolicy, seedRoster } from './fixtures.js';
import { call, LANES, seedTenant, useServer } from './harness.js';

const T0 = Date.parse('2026-03-02T02:00:00.000Z');
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe.each(LANES)('decisions: query, one, export (%s)', (lane) => {
  let now = T0;
  const env = useServer(lane, () => now);

  /** Scoring (s03) and round robin (s06) live; leads L-0 … L-4 an hour apart → ae-1, ae-2, ae-3, ae-1, ae-2. */
  async function history() {
    const t = await seedTenant(env.tdb.database);
    await seedRoster(env.tdb.database, t.tenantId, 'ae-team');
    await publishPolicy(env.tdb.database, t.tenantId, 's06-round-robin', 2);
    await publishPolicy(env.tdb.database, t.tenantId, 's03-scoring-thresholds', 5);
    for (let i = 0; i < 5; i++) {
      now = T0 + i * HOUR;
      const r = await call(env.server.base, 'POST', '/v1/decide', {
        key: t.key,
        body: { id: `ev-${i}`, type: 'lead.created', at: iso(now), lead: { id: `L-${i}` } },
      });
      expect(r.status).toBe(200);
    }
    return t;
  }
  const leadsOf = (r: { json: { decisions: Array<{ leadId: string }> } }) => r.json.decisions.map((d) => d.leadId);

  it('queries by lead, rep, policy and time, newest first', async () => {
    const { key } = await history();
    const all = await call(env.server.base, 'GET', '/v1/decisions', { key });
    expect(all.status).toBe(200);
    expect(leadsOf(all)).toEqual(['L-4', 'L-4', 'L-3', 'L-3', 'L-2', 'L-2', 'L-1', 'L-1', 'L-0', 'L-0']);
    expect(all.json.nextCursor).toBeNull();
    const one = all.json.decisions.find((d: { leadId: string; policy: { key: string } }) => d.leadId === 'L-3' && d.policy.key === 's06-round-robin');
    expect(one).toMatchObject({
      eventId: 'ev-3',
      eventType: 'lead.created',
      at: iso(T0 + 3 * HOUR),
      policy: { key: 's06-round-robin', version: 2, kind: 'routing' },
    });
    expect(one.actions).toEqual([{ type: 'assign', leadId: 'L-3', repId: 'ae-1', previousOwnerId: null, nodeId: 'rr', strategy: 'roundRobin' }]);
    expect(one.summary.en).toContain('ae-1');

    const byLead = await call(env.server.base, 'GET', '/v1/decisions?leadId=L-1', { key });
    expect(byLead.json.decisions.map((d: { policy: { key: string } }) => d.policy.key).sort()).toEqual(['s03-scoring-thresholds', 's06-round-robin']);
    const byRep = await call(env.server.base, 'GET', '/v1/decisions?repId=ae-1', { key });
    expect(leadsOf(byRep)).toEqual(['L-3', 'L-0']);
    const byPolicy = await call(env.server.base, 'GET', '/v1/decisions?policyKey=s06-round-robin', { key });
    expect(leadsOf(byPolicy)).toEqual(['L-4', 'L-3', 'L-2', 'L-1', 'L-0']);
    const window = await call(env.server.base, 'GET', `/v1/decisions?policyKey=s03-scoring-thresholds&from=${iso(T0 + HOUR)}&to=${iso(T0 + 3 * HOUR)}`, {
      key,
    });
    expect(leadsOf(window)).toEqual(['L-2', 'L-1']);

    // One decision in full: explanation node by node, state changes.
    const full = await call(env.server.base, 'GET', `/v1/decisions/${one.decisionId}`, { key });
    expect(full.json.decisionId).toBe(one.decisionId);
    expect(full.json.explanation.visited.map((v: { nodeId: string }) => v.nodeId)).toEqual(['start', 'rr']);
    expect(full.json.changes.map((c: { type: string }) => c.type)).toEqual(['pointer.set', 'lead.assign']);
    expect((await call(env.server.base, 'GET', '/v1/decisions/no-such-id', { key })).status).toBe(404);
  });

  it('pages with a cursor: every decision once, in order', async () => {
    const { key } = await history();
    const seen: string[] = [];
    let cursor: string | null = null;
    const pages: string[][] = [];
    do {
      const r: { json: { decisions: Array<{ leadId: string; decisionId: string }>; nextCursor: string | null } } = await call(
        env.server.base,
        'GET',
        `/v1/decisions?policyKey=s06-round-robin&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { key },
      );
      pages.push(r.json.decisions.map((d) => d.leadId));
      seen.push(...r.json.decisions.map((d) => d.decisionId));
      cursor = r.json.nextCursor;
    } while (cursor);
    expect(pages).toEqual([['L-4', 'L-3'], ['L-2', 'L-1'], ['L-0']]);
    expect(new Set(seen).size).toBe(5);
    // Ten decisions at five instants (two per event): a page boundary inside one instant loses nothing.
    const ids: string[] = [];
    cursor = null;
    do {
      const r: { json: { decisions: Array<{ decisionId: string }>; nextCursor: string | null } } = await call(
        env.server.base,
        'GET',
        `/v1/decisions?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        { key },
      );
      ids.push(...r.json.decisions.map((d) => d.decisionId));
      cursor = r.json.nextCursor;
    } while (cursor);
    expect(ids).toHaveLength(10);
    expect(new Set(ids).size).toBe(10);
  });

  it('refuses bad queries with field paths', async () => {
    const { key } = await seedTenant(env.tdb.database);
    const cases: Array<[string, string]> = [
      ['/v1/decisions?limit=0', '$.limit'],
      ['/v1/decisions?limit=abc', '$.limit'],
      ['/v1/decisions?from=yesterday', '$.from'],
      ['/v1/decisions?cursor=not-a-cursor', '$.cursor'],
      [`/v1/decisions?from=${iso(T0 + HOUR)}&to=${iso(T0)}`, '$.from'],
      ['/v1/decisions/export?format=xml', '$.format'],
      ['/v1/decisions?model=no%20spaces', '$.model'],
      [`/v1/decisions?model=${'m'.repeat(101)}`, '$.model'],
      ['/v1/decisions?model=lead-win&modelVersion=0', '$.modelVersion'],
      ['/v1/decisions?model=lead-win&modelVersion=v2', '$.modelVersion'],
      ['/v1/decisions?modelVersion=2', '$.modelVersion'],
      ['/v1/decisions/export?model=%2Fetc', '$.model'],
    ];
    for (const [path, field] of cases) {
      const r = await call(env.server.base, 'GET', path, { key });
      expect(r.status, path).toBe(422);
      expect(
        r.json.errors.map((e: { path: string }) => e.path),
        path,
      ).toContain(field);
    }
  });

  it('exports JSONL (full decisions) and CSV (header, RFC 4180 quoting), oldest first', async () => {
    const { key, tenantId } = await history();
    now = T0 + 10 * HOUR;
    await call(env.server.base, 'POST', '/v1/decide', { key, body: { id: 'ev,"odd"', type: 'lead.created', at: iso(now), lead: { id: 'L,"5"\nline' } } });

    const jsonl = await call(env.server.base, 'GET', '/v1/decisions/export?format=jsonl&policyKey=s06-round-robin', { key });
    expect(jsonl.status).toBe(200);
    expect(jsonl.headers.get('content-type')).toContain('application/x-ndjson');
    expect(jsonl.headers.get('content-disposition')).toContain('attachment');
    const lines = jsonl.text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    // The last line says the export is complete, and how many decisions it holds.
    expect(lines.pop()).toEqual({ end: { rows: 6 } });
    expect(lines.map((d) => d.leadId)).toEqual(['L-0', 'L-1', 'L-2', 'L-3', 'L-4', 'L,"5"\nline']);
    expect(lines[0].explanation.visited.map((v: { nodeId: string }) => v.nodeId)).toEqual(['start', 'rr']);

    const csv = await call(env.server.base, 'GET', '/v1/decisions/export?format=csv&policyKey=s06-round-robin', { key });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(
      csv.text.startsWith(
        'decision_id,at,event_id,event_type,lead_id,policy_key,policy_version,policy_kind,action_types,assigned_to,summary_en,summary_zh,actions_json\r\n',
      ),
    ).toBe(true);
    // The awkward lead id is written quoted, its quotes doubled.
    expect(csv.text).toContain(',"ev,""odd""",lead.created,"L,""5""\nline",s06-round-robin,2,routing,assign,');
    const rows = parseCsv(csv.text);
    expect(rows).toHaveLength(7);
    const header = rows[0]!;
    const last = Object.fromEntries(header.map((h, i) => [h, rows[6]![i]]));
    expect(last).toMatchObject({
      event_id: 'ev,"odd"',
      lead_id: 'L,"5"\nline',
      policy_key: 's06-round-robin',
      policy_version: '2',
      action_types: 'assign',
      assigned_to: 'ae-3',
      at: iso(T0 + 10 * HOUR),
    });
    expect(JSON.parse(last.actions_json!)[0].leadId).toBe('L,"5"\nline');
    expect(rows.slice(1).map((r) => r[header.indexOf('assigned_to')])).toEqual(['ae-1', 'ae-2', 'ae-3', 'ae-1', 'ae-2', 'ae-3']);
    // Another tenant exports nothing of this one.
    const other = await seedTenant(env.tdb.database);
    const empty = await call(env.server.base, 'GET', '/v1/decisions/export?format=csv', { key: other.key });
    expect(parseCsv(empty.text)).toEqual([header]);
    expect(tenantId).not.toBe(other.tenantId);
  });

  it('streams an export larger than one page', async () => {
    // Rows written straight into the table (as the decide path stores them): this is about paging.
    const t = await seedTenant(env.tdb.database);
    const n = 520;
    await env.tdb.database.db.execute(sql`
      insert into decisions (id, tenant_id, event_id, lead_id, policy_key, policy_version, rep_ids, at, decision)
      select 'd-' || lpad(i::text, 4, '0'), ${t.tenantId}, 'e-' || i, 'L-' || i, 'p', 1, '[]'::jsonb, ${iso(T0)}::timestamptz + (i % 7) * interval '1 minute',
             jsonb_build_object('decisionId', 'd-' || lpad(i::text, 4, '0'), 'eventId', 'e-' || i, 'eventType', 'lead.created', 'leadId', 'L-' || i,
               'at', to_char((${iso(T0)}::timestamptz + (i % 7) * interval '1 minute') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
               'policy', jsonb_build_object('key', 'p', 'version', 1, 'kind', 'routing'), 'actions', '[]'::jsonb,
               'explanation', jsonb_build_object('summary', jsonb_build_object('en', 'nothing, "quoted"', 'zh', '无')))
      from generate_series(1, ${n}) as i`);
    const jsonl = await call(env.server.base, 'GET', '/v1/decisions/export?format=jsonl', { key: t.key });
    const rows = jsonl.text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { decisionId: string; at: string });
    expect(rows.pop()).toEqual({ end: { rows: n } });
    expect(rows).toHaveLength(n);
    expect(new Set(rows.map((r) => r.decisionId)).size).toBe(n);
    // Oldest first: the time never goes back across the page boundary.
    expect(rows.every((r, i) => i === 0 || r.at >= rows[i - 1]!.at)).toBe(true);
    const csv = parseCsv((await call(env.server.base, 'GET', '/v1/decisions/export?format=csv', { key: t.key })).text);
    expect(csv).toHaveLength(n + 1);
    expect(csv[1]![csv[0]!.indexOf('summary_en')]).toBe('nothing, "quoted"');
  });

  it('needs the read scope', async () => {
    const t = await seedTenant(env.tdb.database, undefined, ['decide']);
    for (const path of ['/v1/decisions', '/v1/decisions/export?format=csv', '/v1/decisions/x']) {
      expect((await call(env.server.base, 'GET', path, { key: t.key })).status, path).toBe(403);
      expect((await call(env.server.base, 'GET', path)).status, path).toBe(401);
    }
  });
});

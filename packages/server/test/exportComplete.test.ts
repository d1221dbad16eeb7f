import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from './csv.js';
import { freshDatabase, LANES, seedTenant, startServer, type TestDatabase, type TestServer } from './harness.js';

/**
 * A decision export tells a complete file from a cut one, seen from real HTTP clients (node:http,
 * fetch, curl): a complete one ends normally with its row count (JSONL end line, trailer); a
 * database failing mid-stream cuts the transfer so the client reports an error, never a clean
 * end of file. The failures are real: on PostgreSQL the export's backend is terminated while its
 * next page waits for a lock; on PGlite the embedded database is closed under it.
 */
describe.each(LANES)('export completeness (%s)', (lane) => {
  const T0 = '2026-03-02T02:00:00.000Z';
  let tdb: TestDatabase;
  let server: TestServer;
  beforeAll(async () => {
    tdb = await freshDatabase(lane);
    // A clock that stands still: API keys stay in the key cache (auth/keyCache.ts), so once the
    // database fails, what fails is the export's own query, not the key lookup before it.
    server = await startServer(tdb.database, () => Date.parse(T0));
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    // On PGlite the last tests closed it already; the folder goes all the same.
    await tdb?.drop().catch(() => rmSync(tdb.dataDir!, { recursive: true, force: true }));
  });

  /** `n` decisions written as the decide path stores them, each with `pad` characters of summary. */
  async function seed(database: TestDatabase, n: number, pad = 20) {
    const t = await seedTenant(database.database);
    await database.database.db.execute(sql`
      insert into decisions (id, tenant_id, event_id, lead_id, policy_key, policy_version, rep_ids, at, decision)
      select ${t.tenantId} || '-' || lpad(i::text, 6, '0'), ${t.tenantId}, 'e-' || i, 'L-' || i, 'p', 1, '[]'::jsonb, ${T0}::timestamptz + i * interval '1 second',
             jsonb_build_object('decisionId', ${t.tenantId} || '-' || lpad(i::text, 6, '0'), 'eventId', 'e-' || i, 'eventType', 'lead.created', 'leadId', 'L-' || i,
               'at', to_char((${T0}::timestamptz + i * interval '1 second') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
               'policy', jsonb_build_object('key', 'p', 'version', 1, 'kind', 'routing'), 'actions', '[]'::jsonb,
               'explanation', jsonb_build_object('summary', jsonb_build_object('en', 'row ' || i || ' ' || repeat('x', ${pad}), 'zh', '无')))
      from generate_series(1, ${n}) as i`);
    return t;
  }

  it('a complete JSONL export ends with {"end":{"rows":N}} and the Sluice-Row-Count trailer, N the rows sent', async () => {
    const n = 1234; // three pages of 500
    const t = await seed(tdb, n);
    const r = await get(`${server.base}/v1/decisions/export?format=jsonl`, t.key);
    expect(r.error).toBeUndefined();
    expect(r.complete).toBe(true);
    expect(r.status).toBe(200);
    expect(r.headers.trailer).toBe('Sluice-Row-Count');
    expect(r.trailers['sluice-row-count']).toBe(String(n));
    const lines = r.body
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(n + 1);
    expect(lines.at(-1)).toEqual({ end: { rows: n } });
    expect(new Set(lines.slice(0, -1).map((d) => d.decisionId)).size).toBe(n);

    // fetch sees the same end line; an empty export still ends with one.
    const none = await seedTenant(tdb.database);
    const empty = await fetch(`${server.base}/v1/decisions/export?format=jsonl`, { headers: { authorization: `Bearer ${none.key}` } });
    expect(await empty.text()).toBe('{"end":{"rows":0}}\n');
  });

  it('a complete CSV export ends cleanly (curl exit 0) with the count in the trailer, and stays plain CSV', async () => {
    const n = 777;
    const t = await seed(tdb, n);
    const r = await curl([`${server.base}/v1/decisions/export?format=csv`, '-H', `authorization: Bearer ${t.key}`]);
    expect(r.code).toBe(0);
    // curl writes the trailer after the headers (-D); the body has no extra row.
    expect(r.headers).toMatch(/^trailer: Sluice-Row-Count\r$/m);
    expect(r.headers).toMatch(/^Sluice-Row-Count: 777\r$/m);
    const rows = parseCsv(r.stdout);
    expect(rows).toHaveLength(n + 1);
    expect(rows.every((row) => row.length === rows[0]!.length)).toBe(true);
    expect(rows.at(-1)![0]).toBe(`${t.tenantId}-000777`);
  });

  it('refuses bad parameters with a problem before sending anything', async () => {
    const t = await seedTenant(tdb.database);
    for (const [query, field] of [
      ['from=2026-03-02T10:00:00Z&to=2026-03-01T10:00:00Z', '$.from'],
      ['from=yesterday', '$.from'],
      ['to=0000-01-01T00:00:00Z', '$.to'],
      ['from=2026-03-02T10:00:00%2B20:00', '$.from'],
      ['format=xlsx', '$.format'],
    ] as const) {
      const r = await get(`${server.base}/v1/decisions/export?${query}`, t.key);
      expect(r.status, query).toBe(422);
      expect(r.headers['content-type'], query).toContain('application/problem+json');
      expect(
        JSON.parse(r.body).errors.map((e: { path: string }) => e.path),
        query,
      ).toContain(field);
    }
  });

  // Last in the file: on PGlite these close the lane's database for good.
  describe('when the database fails', () => {
    /** Far more than sockets buffer (about 6 MB here), so an export cannot finish unseen. */
    const BIG = 6000;
    const PAD = 4000;
    const outage = (): Outage => (lane === 'postgres' ? new TerminatedBackend(tdb.url!) : new ClosedPglite(tdb));
    let exporter: { tenantId: string; key: string };
    beforeAll(async () => {
      exporter = await seed(tdb, BIG, PAD);
      expect((await get(`${server.base}/v1/auth/me`, exporter.key)).status).toBe(200);
    }, 60_000);

    it('mid-stream: every reader sees a cut transfer; JSONL ends with an error line in English and Chinese, CSV with data only', async () => {
      const t = exporter;
      const jsonl = `${server.base}/v1/decisions/export?format=jsonl`;
      // Three readers that have begun and then stop or slow down, so the server stalls on full
      // sockets far from the end; the database breaks; they read on, and each export's next
      // page meets the failure.
      const viaFetch = await fetch(jsonl, { headers: { authorization: `Bearer ${t.key}` } });
      expect(viaFetch.status).toBe(200);
      const body = viaFetch.body!.getReader();
      expect((await body.read()).done).toBe(false);
      let stalled: http.IncomingMessage | undefined;
      const viaHttp = get(jsonl, t.key, async (res) => {
        res.pause();
        stalled = res;
      });
      let curlStarted = false;
      const viaCurl = curl([`${server.base}/v1/decisions/export?format=csv`, '-H', `authorization: Bearer ${t.key}`, '--limit-rate', '2M'], async () => {
        curlStarted = true;
      });
      await until(() => stalled !== undefined && curlStarted, 'the exports to begin');

      const broken = await outage().start();
      try {
        stalled!.resume();
        const fetchRest = (async () => {
          for (;;) if ((await body.read()).done) return 'a clean end';
        })();
        await broken.strike(Promise.allSettled([fetchRest, viaHttp, viaCurl]));

        // fetch: reading the body rejects.
        await expect(fetchRest).rejects.toThrow(/terminated/);

        // node:http: an incomplete message, an error line, no trailer.
        const r = await viaHttp;
        expect(r.status).toBe(200);
        expect(r.complete).toBe(false);
        expect(r.error).toMatch(/aborted|ECONNRESET|socket hang up/);
        expect(r.trailers).toEqual({});
        const lines = r.body.split('\n');
        expect(lines.at(-1)).toBe(''); // the error line came whole
        const last = JSON.parse(lines.at(-2)!) as { error: Record<string, unknown> };
        const sent = lines.slice(0, -2).map((l) => JSON.parse(l) as { decisionId: string });
        // Whole pages of 500, in order, then the error line.
        expect(sent.length).toBeGreaterThanOrEqual(500);
        expect(sent.length).toBeLessThan(BIG);
        expect(sent.length % 500).toBe(0);
        expect(sent.map((d) => d.decisionId)).toEqual(sent.map((_, i) => `${t.tenantId}-${String(i + 1).padStart(6, '0')}`));
        expect(last).toEqual({
          error: {
            type: 'https://sluice.dev/problems/database-unavailable',
            status: 503,
            title: `The export stopped after ${sent.length} rows: the database stopped answering. This file is incomplete; export again.`,
            titleZh: `导出在第 ${sent.length} 行后中断：数据库无响应。此文件不完整，请重新导出。`,
            rows: sent.length,
          },
        });
        expect(r.body).not.toContain('"end"');

        // curl: exit 18, the trailer announced but never sent, only data rows in the file.
        const c = await viaCurl;
        expect(c.code).toBe(18);
        expect(c.stderr).toContain('transfer closed with outstanding read data remaining');
        expect(c.headers).toMatch(/^HTTP\/1.1 200 OK\r$/m);
        expect(c.headers).toMatch(/^trailer: Sluice-Row-Count\r$/m);
        expect(c.headers).not.toMatch(/^Sluice-Row-Count:/m);
        expect(c.stdout.startsWith('decision_id,at,')).toBe(true);
        const ids = [...c.stdout.matchAll(/^(t-[0-9a-f]{8})-(\d{6}),/gm)].map((m) => `${m[1]}-${m[2]}`);
        expect(ids.length).toBeGreaterThanOrEqual(1);
        expect(ids.length).toBeLessThan(BIG);
        expect(ids).toEqual(ids.map((_, i) => `${t.tenantId}-${String(i + 1).padStart(6, '0')}`));
        expect(c.stdout).not.toMatch(/error|stopped/i);
      } finally {
        await broken.end();
      }
    }, 120_000);

    it('before the first row: a 503 problem, not a 200 that stops', async () => {
      const key = exporter.key;
      const broken = await outage().start();
      try {
        const answer = get(`${server.base}/v1/decisions/export?format=csv`, key);
        await broken.strike(answer);
        const r = await answer;
        expect(r.status).toBe(503);
        expect(r.headers['content-type']).toContain('application/problem+json');
        expect(r.headers['retry-after']).toBe('5');
        expect(JSON.parse(r.body)).toMatchObject({ status: 503, type: 'https://sluice.dev/problems/database-unavailable' });
        expect(r.trailers).toEqual({});
      } finally {
        await broken.end();
      }
    }, 60_000);
  });
});

/** A real database failure: started, then made to hit the exports waiting on it. */
interface Outage {
  start(): Promise<StartedOutage>;
}
interface StartedOutage {
  /** Makes the waiting exports meet it; keeps at it until `done` settles. */
  strike(done: Promise<unknown>): Promise<void>;
  end(): Promise<void>;
}

/**
 * PostgreSQL: another session locks the decisions table, so the exports' next page queries wait;
 * every other session of the database is then terminated, as a failover or an administrator
 * does (57P01), until the readers are done (a query that had not yet got a connection gets a new
 * one, waits, and is terminated in turn).
 */
class TerminatedBackend implements Outage {
  constructor(private readonly url: string) {}
  async start(): Promise<StartedOutage> {
    const admin = new pg.Client({ connectionString: this.url });
    admin.on('error', () => undefined);
    await admin.connect();
    await admin.query('begin');
    await admin.query('lock table decisions in access exclusive mode');
    return {
      strike: async (done) => {
        let settled = false;
        void done.finally(() => (settled = true)).catch(() => undefined);
        while (!settled) {
          // The activity view is read once per transaction unless its snapshot is dropped.
          await admin.query('select pg_stat_clear_snapshot()');
          await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
          await new Promise((r) => setTimeout(r, 20));
        }
      },
      end: async () => {
        await admin.query('rollback').catch(() => undefined);
        await admin.end().catch(() => undefined);
      },
    };
  }
}

/** PGlite databases closed so far: closing one twice is refused. */
const closed = new WeakSet<TestDatabase>();

/** PGlite: the embedded database is closed under the export (as when the server shuts down). */
class ClosedPglite implements Outage {
  constructor(private readonly tdb: TestDatabase) {}
  async start(): Promise<StartedOutage> {
    if (!closed.has(this.tdb)) await this.tdb.database.close();
    closed.add(this.tdb);
    return { strike: async (done) => void (await done.catch(() => undefined)), end: async () => undefined };
  }
}

async function until(condition: () => boolean | Promise<boolean>, what = 'the condition'): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  trailers: NodeJS.Dict<string>;
  complete: boolean;
  error?: string;
}

/** GET with node:http: what arrived, the trailers, and whether the body ended properly. */
function get(url: string, key: string, onFirstChunk?: (res: http.IncomingMessage) => Promise<void>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { authorization: `Bearer ${key}` } }, (res) => {
      const chunks: Buffer[] = [];
      let first = true;
      let error: string | undefined;
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        if (first && onFirstChunk) onFirstChunk(res).catch(reject);
        first = false;
      });
      res.on('error', (e) => (error = e.message));
      res.on('close', () =>
        resolve({
          status: res.statusCode!,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          trailers: res.trailers,
          complete: res.complete,
          ...(error ? { error } : {}),
        }),
      );
    });
    req.on('error', reject);
  });
}

/**
 * curl, as a script would run it; `onFirstByte` runs once the body has begun. Headers (and
 * trailers, which curl appends to them) go to a file: `-D /dev/stderr` crashes curl 7.88 when
 * its stderr is a pipe.
 */
async function curl(args: string[], onFirstByte?: () => Promise<void>): Promise<{ code: number; stdout: string; stderr: string; headers: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-curl-'));
  const headerFile = join(dir, 'headers');
  try {
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn('curl', ['-sS', '-D', headerFile, ...args]);
      let stdout = '';
      let stderr = '';
      let first = true;
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        stdout += d;
        if (first && onFirstByte) onFirstByte().catch(reject);
        first = false;
      });
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', reject);
      child.on('close', (exit, signal) => resolve({ code: exit ?? -1, stdout, stderr: stderr + (signal ? `killed by ${signal}` : '') }));
    });
    return { code, stdout, stderr, headers: readFileSync(headerFile, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

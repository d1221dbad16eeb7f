import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { publishPolicy } from './fixtures.js';
import { simulations } from '../src/db/schema.js';
import { call, LANES, seedTenant, startServer, useServer } from './harness.js';

/**
 * Training a smart-score model in the server (issue #15): a background job over a stored dataset,
 * run like a simulation (one at a time, in a child process, followed by server-sent events,
 * cancelled), compared against the tenant's points policy; a finished job has stored a draft
 * version with its evaluation, provenance and report page; problems come back in both languages.
 */

const EXPORTS = new URL('../../../examples/exports/', import.meta.url);
const POLICIES = new URL('../../../examples/policies/', import.meta.url);
const SLOW = { timeout: 300_000 };

async function dataset(base: string, key: string, withMapping = true): Promise<string> {
  const id = (await call(base, 'POST', '/v1/datasets', { key, body: { name: 'marketing' } })).json.id as string;
  for (const kind of ['leads', 'activities']) {
    const body = readFileSync(new URL(`marketing-${kind}.csv`, EXPORTS), 'utf8');
    expect((await call(base, 'PUT', `/v1/datasets/${id}/files/${kind}`, { key, body, headers: { 'content-type': 'text/csv' } })).status).toBe(200);
  }
  if (withMapping) {
    const mapping = JSON.parse(readFileSync(new URL('marketing.mapping.json', EXPORTS), 'utf8'));
    expect((await call(base, 'PUT', `/v1/datasets/${id}/mapping`, { key, body: { mapping } })).status).toBe(200);
  }
  return id;
}

/** What a training job's events carry: progress, the version stored, or the error. */
interface JobEventData {
  status?: string;
  version?: number;
  done?: number;
  total?: number;
  error?: { en: string; zh: string };
}

/** A job's event stream read to its end. */
async function follow(base: string, key: string, path: string): Promise<Array<{ event: string; data: JobEventData }>> {
  const res = await fetch(`${base}${path}/events`, { headers: { authorization: `Bearer ${key}` } });
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  return (await res.text())
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
      return { event: lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message', data: data ? JSON.parse(data) : undefined };
    });
}

describe.each(LANES)('training smart-score models (%s)', (lane) => {
  const env = useServer(lane);

  it('trains in the background against the points policy, stores a draft version with its evaluation, and renders its report', SLOW, async () => {
    const base = env.server.base;
    const { key, tenantId } = await seedTenant(env.tdb.database);
    await publishPolicy(env.tdb.database, tenantId, JSON.parse(readFileSync(new URL('marketing-points.json', POLICIES), 'utf8')));
    const datasetId = await dataset(base, key);

    const body = { datasetId, points: { policyKey: 'marketing-points' }, horizonHours: 24, seed: 3 };
    const job = await call(base, 'POST', '/v1/models/mkt-win/train', { key, body });
    expect(job.status, JSON.stringify(job.json)).toBe(202);
    expect(job.json).toMatchObject({
      key: 'mkt-win',
      status: 'queued',
      datasetId,
      params: { key: 'mkt-win', seed: 3, horizonHours: 24, points: { policyKey: 'marketing-points', version: 1 } },
    });
    // A second job waits its turn, and is cancelled before it runs.
    const second = await call(base, 'POST', '/v1/models/mkt-win/train', { key, body });
    expect((await call(base, 'POST', `/v1/models/mkt-win/jobs/${second.json.id}/cancel`, { key })).json).toEqual({ status: 'cancelled' });

    const events = await follow(base, key, `/v1/models/mkt-win/jobs/${job.json.id}`);
    expect(events.at(-1)).toEqual({ event: 'done', data: { status: 'done', version: 1 } });
    for (const e of events.filter((x) => x.event === 'progress')) expect(e.data.done).toBeLessThanOrEqual(e.data.total!);
    const done = await call(base, 'GET', `/v1/models/mkt-win/jobs/${job.json.id}`, { key });
    expect(done.json).toMatchObject({ status: 'done', version: 1 });
    const jobs = await call(base, 'GET', '/v1/models/mkt-win/jobs', { key });
    expect(jobs.json.items.map((j: { id: string; status: string }) => [j.id, j.status])).toEqual([
      [second.json.id, 'cancelled'],
      [job.json.id, 'done'],
    ]);
    // Training jobs are not simulations.
    expect((await call(base, 'GET', `/v1/simulations/${job.json.id}`, { key })).status).toBe(404);

    const v = await call(base, 'GET', '/v1/models/mkt-win/versions/1', { key });
    expect(v.json).toMatchObject({ status: 'draft', source: 'trained', jobId: job.json.id, datasetId, createdBy: expect.stringMatching(/^key:/) });
    const { model, report } = v.json;
    expect(model).toMatchObject({ format: 'sluice.scoreModel/1', key: 'mkt-win', version: 1 });
    expect(model.features.length).toBeGreaterThan(0);
    // What the row says of the data is what the model's provenance says.
    expect(v.json.dataHash).toBe(model.provenance.dataHash);
    expect(v.json.rows).toBe(model.provenance.rows);
    expect(v.json.period).toEqual({ from: model.provenance.from, to: model.provenance.to });
    expect(v.json.offered).toBe(report.offered);
    expect(typeof report.offered).toBe('boolean');
    expect(model.provenance.trainedBy).toMatch(/^key:/);
    // The export's leaking columns are not features.
    const facts = model.features.map((f: { fact?: string }) => f.fact);
    for (const leak of ['lead.tags', 'lead.leadQuality', 'lead.lastNotableActivity']) expect(facts).not.toContain(leak);
    // Features read as the export's own column names (the job hands the trainer its mapping).
    expect(model.features.map((f: { label: { en: string } }) => f.label.en)).toContain('Lead Source');

    const html = await call(base, 'GET', '/v1/models/mkt-win/versions/1/report.html?lang=zh', { key });
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html.text).toMatch(/[\u4e00-\u9fff]/);
    expect(html.text).not.toContain('<script');

    // Published as its evaluation allows: at once when offered, with a reason when not.
    const published = await call(base, 'POST', '/v1/models/mkt-win/versions/1/publish', {
      key,
      body: report.offered ? { note: 'beats the points table' } : { note: 'pilot', override: { reason: 'trial on one region' } },
    });
    expect(published.status).toBe(200);
    expect((await call(base, 'GET', '/v1/models', { key })).json.items).toEqual([
      expect.objectContaining({ key: 'mkt-win', publishedVersion: 1, latestVersion: 1 }),
    ]);
  });

  it('refuses what it cannot train from, in both languages, and keeps jobs to their tenant', SLOW, async () => {
    const base = env.server.base;
    const { key, tenantId } = await seedTenant(env.tdb.database);
    const reader = (await seedTenant(env.tdb.database, tenantId, ['read'])).key;
    const other = await seedTenant(env.tdb.database);
    const unmapped = await dataset(base, key, false);

    const noMapping = await call(base, 'POST', '/v1/models/m/train', { key, body: { datasetId: unmapped } });
    expect([noMapping.status, noMapping.json.errors[0].path]).toEqual([422, '$.mapping']);
    expect(noMapping.json.errors[0].messageZh).toContain('映射');
    expect((await call(base, 'POST', '/v1/models/m/train', { key, body: { datasetId: 'nope' } })).status).toBe(404);
    const noPoints = await call(base, 'POST', '/v1/models/m/train', { key, body: { datasetId: unmapped, mapping: {}, points: { policyKey: 'absent' } } });
    expect([noPoints.status, noPoints.json.errors[0].path]).toEqual([422, '$.points.policyKey']);
    expect((await call(base, 'POST', '/v1/models/m/train', { key: reader, body: { datasetId: unmapped } })).status).toBe(403);
    expect((await call(base, 'POST', '/v1/models/m/train', { key: other.key, body: { datasetId: unmapped } })).status).toBe(404);

    // A mapping naming a column the file lacks: the job fails, saying which, in both languages.
    const mapping = JSON.parse(readFileSync(new URL('marketing.mapping.json', EXPORTS), 'utf8'));
    mapping.leads.columns.outcome = 'Won?';
    const job = await call(base, 'POST', '/v1/models/m/train', { key, body: { datasetId: unmapped, mapping } });
    expect(job.status).toBe(202);
    expect(job.json.params.mapping).toBe('given');
    const events = await follow(base, key, `/v1/models/m/jobs/${job.json.id}`);
    const failed = events.at(-1)!;
    expect(failed.event).toBe('failed');
    expect(failed.data.error?.en).toContain('Won?');
    expect(failed.data.error?.zh).toContain('Won?');
    expect((await call(base, 'GET', '/v1/models/m/versions', { key })).status).toBe(404);

    for (const path of [`/v1/models/m/jobs/${job.json.id}`, `/v1/models/m/jobs/${job.json.id}/events`]) {
      expect([path, (await call(base, 'GET', path, { key: other.key })).status]).toEqual([path, 404]);
    }
    expect((await call(base, 'POST', `/v1/models/m/jobs/${job.json.id}/cancel`, { key: other.key })).status).toBe(404);
    // The job belongs to its model key too.
    expect((await call(base, 'GET', `/v1/models/other/jobs/${job.json.id}`, { key })).status).toBe(404);
    const ended = await call(base, 'POST', `/v1/models/m/jobs/${job.json.id}/cancel`, { key });
    expect([ended.status, ended.json.status, typeof ended.json.jobStatus]).toEqual([409, 409, 'string']);
  });

  it('fails a training job its server stopped running, when a server starts', async () => {
    const { key, tenantId } = await seedTenant(env.tdb.database);
    const at = new Date(Date.now() - 3_600_000).toISOString();
    await env.tdb.database.db.insert(simulations).values({
      tenantId,
      id: 'orphan',
      kind: 'train-model',
      datasetId: 'gone',
      status: 'running',
      progress: { done: 0, total: 1, phase: 'fit' },
      candidates: [],
      params: { key: 'm', seed: 1 },
      seed: 1,
      createdBy: 'key:test',
      createdAt: at,
      heartbeatAt: at,
    });
    const restarted = await startServer(env.tdb.database);
    try {
      const job = await call(restarted.base, 'GET', '/v1/models/m/jobs/orphan', { key });
      expect(job.json).toMatchObject({ status: 'failed', error: { en: 'the server stopped while it ran', zh: '运行期间服务器已停止' } });
      expect(job.json.version).toBeUndefined();
    } finally {
      await restarted.close();
    }
  });
});

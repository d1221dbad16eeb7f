import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { simulations } from '../src/db/schema.js';
import { call, LANES, seedTenant, useServer } from './harness.js';

/**
 * A dataset a queued or running simulation (or model training) uses is not deleted: 409 naming
 * the jobs, in both languages. Jobs that ended (done, failed, cancelled) do not hold it.
 *
 * The jobs are written as another live replica's would be (a fresh heartbeat): this server's
 * runner neither runs nor fails them, so each stays in the state the test puts it in.
 */

type Job = { id: string; kind: 'simulate' | 'train-model'; status: string; createdAt: string };

describe.each(LANES)('deleting a dataset in use (%s)', (lane) => {
  const env = useServer(lane);

  async function datasetWith(tenantId: string, key: string, jobs: Array<Omit<Job, 'id' | 'createdAt'>>): Promise<{ datasetId: string; ids: string[] }> {
    const created = await call(env.server.base, 'POST', '/v1/datasets', { key, body: { name: 'export' } });
    expect(created.status, created.text).toBe(201);
    const datasetId = created.json.id as string;
    const ids: string[] = [];
    for (const [i, job] of jobs.entries()) {
      const id = randomUUID();
      ids.push(id);
      const at = new Date(Date.now() + i * 1000).toISOString();
      await env.tdb.database.db.insert(simulations).values({
        tenantId,
        id,
        datasetId,
        kind: job.kind,
        status: job.status,
        progress: { done: 0, total: 0, phase: job.status },
        candidates: [],
        seed: 1,
        createdBy: 'test',
        createdAt: at,
        heartbeatAt: new Date().toISOString(),
      });
    }
    return { datasetId, ids };
  }

  it('refuses while a simulation or training on it is queued or running, naming each; ended jobs never hold it', async () => {
    const { tenantId, key } = await seedTenant(env.tdb.database);
    const { datasetId, ids } = await datasetWith(tenantId, key, [
      { kind: 'simulate', status: 'queued' },
      { kind: 'simulate', status: 'running' },
      { kind: 'train-model', status: 'running' },
      { kind: 'simulate', status: 'done' },
      { kind: 'simulate', status: 'failed' },
      { kind: 'simulate', status: 'cancelled' },
      { kind: 'train-model', status: 'done' },
    ]);
    const [queued, running, training] = ids as [string, string, string];
    // Neither another dataset's job nor another tenant's job on a dataset of the same id holds it.
    await datasetWith(tenantId, key, [{ kind: 'simulate', status: 'running' }]);
    const other = await seedTenant(env.tdb.database);
    await env.tdb.database.db.insert(simulations).values({
      tenantId: other.tenantId,
      id: randomUUID(),
      datasetId,
      status: 'running',
      progress: { done: 0, total: 0, phase: 'running' },
      candidates: [],
      seed: 1,
      createdBy: 'test',
      createdAt: new Date().toISOString(),
      heartbeatAt: new Date().toISOString(),
    });
    const refused = await call(env.server.base, 'DELETE', `/v1/datasets/${datasetId}`, { key });
    expect(refused.status, refused.text).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.json).toEqual({
      type: 'https://sluice.dev/problems/dataset-in-use',
      title: `Dataset "${datasetId}" is in use by simulation ${queued} (queued), simulation ${running} (running), model training ${training} (running)`,
      detail: 'Cancel the simulations (or trainings) listed, or wait until they finish, then delete the dataset.',
      detailZh: `数据集“${datasetId}”正被 模拟 ${queued}（排队中）、模拟 ${running}（运行中）、模型训练 ${training}（运行中） 使用：请先取消这些任务或等待其结束，再删除数据集`,
      usedBy: [
        { id: queued, kind: 'simulate', status: 'queued' },
        { id: running, kind: 'simulate', status: 'running' },
        { id: training, kind: 'train-model', status: 'running' },
      ],
      status: 409,
    });
    expect((await call(env.server.base, 'GET', `/v1/datasets/${datasetId}`, { key })).status).toBe(200);

    // Cancelled through the API, failed and done: nothing holds it any more.
    expect((await call(env.server.base, 'POST', `/v1/simulations/${queued}/cancel`, { key })).status).toBe(200);
    const stillRunning = await call(env.server.base, 'DELETE', `/v1/datasets/${datasetId}`, { key });
    expect([stillRunning.status, stillRunning.json.usedBy.map((j: Job) => j.id)]).toEqual([409, [running, training]]);
    await env.tdb.database.db.update(simulations).set({ status: 'failed' }).where(eq(simulations.id, running));
    await env.tdb.database.db.update(simulations).set({ status: 'done' }).where(eq(simulations.id, training));

    const deleted = await call(env.server.base, 'DELETE', `/v1/datasets/${datasetId}`, { key });
    expect(deleted.status, deleted.text).toBe(204);
    expect((await call(env.server.base, 'GET', `/v1/datasets/${datasetId}`, { key })).status).toBe(404);
    // The jobs keep their rows (and reports).
    expect((await call(env.server.base, 'GET', `/v1/simulations/${queued}`, { key })).json.status).toBe('cancelled');
  });
});

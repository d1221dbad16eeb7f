import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { call, LANES, seedTenant, useServer } from './harness.js';

/**
 * The dataset mapping guess reads the stored files together: the Chinese marketing export has two
 * id columns (线索ID, 线索编号) and only one is what its activities file refers to.
 */

const EXPORTS = new URL('../../../examples/exports/', import.meta.url);
const file = (name: string) => readFileSync(new URL(name, EXPORTS));

describe.each(LANES)('dataset mapping guess (%s)', (lane) => {
  const env = useServer(lane);

  it('takes the lead id the activities refer to and the 是否转化 flag as the outcome, and the guess imports every row', async () => {
    const base = env.server.base;
    const { key } = await seedTenant(env.tdb.database);
    const id = (await call(base, 'POST', '/v1/datasets', { key, body: { name: '营销线索' } })).json.id as string;
    for (const [kind, name] of [
      ['leads', 'marketing-leads-zh.csv'],
      ['activities', 'marketing-activities-zh.csv'],
    ] as const) {
      const res = await fetch(`${base}/v1/datasets/${id}/files/${kind}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
        body: file(name),
      });
      expect(res.status).toBe(200);
    }
    const guessed = await call(base, 'POST', `/v1/datasets/${id}/guess`, { key });
    expect(guessed.status).toBe(200);
    expect(guessed.json.mapping.leads.columns).toMatchObject({ id: '线索ID', outcome: '是否转化', closedAt: '转化时间', amount: '成交金额' });
    expect(guessed.json.mapping.leads.outcomeValues).toEqual({ won: ['是'], lost: ['否'], open: [] });
    expect(guessed.json.mapping.activities.columns.leadId).toBe('线索ID');
    expect(guessed.json.notes.map((n: { en: string }) => n.en)).toContain(
      '"线索ID" taken as the lead id because 1427 of the 1427 lead ids the other files refer to are in it (not "线索编号")',
    );
    // Both files are in Chinese: the time zone they share is said once, not once per file.
    expect(guessed.json.notes.filter((n: { en: string }) => n.en.startsWith('timeZone'))).toEqual([
      {
        en: 'timeZone set to Asia/Shanghai because the file is in Chinese: change it if the CRM wrote another zone',
        zh: '文件为中文，timeZone 设为 Asia/Shanghai：如 CRM 使用其他时区请修改',
      },
    ]);

    expect((await call(base, 'PUT', `/v1/datasets/${id}/mapping`, { key, body: { mapping: guessed.json.mapping } })).status).toBe(200);
    const preview = await call(base, 'POST', `/v1/datasets/${id}/preview`, { key });
    expect(preview.status).toBe(200);
    expect(preview.json.rejectCount).toBe(0);
    const summary = (f: string) => preview.json.summaries.find((s: { file: string }) => s.file === f);
    expect(summary('leads')).toMatchObject({ rowsRead: 2000, rowsUsed: 2000 });
    expect(summary('activities').rowsUsed).toBe(summary('activities').rowsRead);
  }, 120_000);
});

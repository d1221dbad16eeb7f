import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, LANES, seedTenant, useServer } from './harness.js';

/**
 * Datasets (issue #12): CRM export files streamed into per-tenant storage, a mapping checked by
 * the simulator's schema, and previews of the import with every rejected row by its row number.
 */

const EXPORTS = new URL('../../../examples/exports/', import.meta.url);
const file = (name: string) => readFileSync(new URL(name, EXPORTS));
/** Larger than every example file (the biggest is 109,696 bytes), small enough to pass in a test. */
const LIMIT = 150_000;

/** Sends `bytes` as a stream of 8 KB pieces (chunked: no content-length), the way a large upload arrives. */
async function streamUpload(base: string, key: string, path: string, bytes: Uint8Array, headers: Record<string, string> = {}) {
  let at = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(at, at + 8192));
      at += 8192;
    },
  });
  const res = await fetch(base + path, {
    method: 'PUT',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv', ...headers },
    body,
    duplex: 'half',
  } as RequestInit);
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe.each(LANES)('datasets (%s)', (lane) => {
  const env = useServer(lane);
  let before: string | undefined;
  beforeAll(() => {
    before = process.env.SLUICE_DATASET_MAX_BYTES;
    process.env.SLUICE_DATASET_MAX_BYTES = String(LIMIT);
  });
  afterAll(() => {
    if (before === undefined) delete process.env.SLUICE_DATASET_MAX_BYTES;
    else process.env.SLUICE_DATASET_MAX_BYTES = before;
  });

  it('stores the example exports streamed, keeps their mapping, and previews them without a reject', async () => {
    const base = env.server.base;
    const { key } = await seedTenant(env.tdb.database);
    for (const prefix of ['en-crm', 'zh-crm']) {
      const created = await call(base, 'POST', '/v1/datasets', { key, body: { name: `${prefix} export` } });
      expect(created.status).toBe(201);
      expect(created.json).toMatchObject({ name: `${prefix} export`, files: [], mapping: null });
      const id = created.json.id as string;
      for (const kind of ['leads', 'activities'] as const) {
        const bytes = file(`${prefix}-${kind}.csv`);
        const up = await streamUpload(base, key, `/v1/datasets/${id}/files/${kind}`, bytes, { 'x-file-name': encodeURIComponent(`${prefix}-${kind}.csv`) });
        expect(up).toEqual({ status: 200, json: { kind, bytes: bytes.length, fileName: `${prefix}-${kind}.csv`, sha256: sha256(bytes) } });
      }
      const mapping = JSON.parse(file(`${prefix}.mapping.json`).toString('utf8'));
      const saved = await call(base, 'PUT', `/v1/datasets/${id}/mapping`, { key, body: { mapping } });
      expect(saved.status).toBe(200);
      expect(saved.json.mapping).toEqual(mapping);

      const preview = await call(base, 'POST', `/v1/datasets/${id}/preview`, { key });
      expect(preview.status).toBe(200);
      expect(preview.json.rejects).toEqual([]);
      expect(preview.json.rejectCount).toBe(0);
      // Counted from the files themselves: one lead per data line (these exports have no quoted newlines).
      const dataLines = (name: string) => file(name).toString('latin1').trimEnd().split(/\r?\n/).length - 1;
      const leads = preview.json.summaries.find((s: { file: string }) => s.file === 'leads');
      expect(leads).toMatchObject({ rowsRead: dataLines(`${prefix}-leads.csv`), rowsSkipped: 0 });
      expect(leads.rowsUsed).toBe(dataLines(`${prefix}-leads.csv`));
      expect(preview.json.leads).toHaveLength(20);
      expect(preview.json.reps).toBeGreaterThan(1);
      // The roster itself, for the page's check of the candidates: every rep the history names, with the
      // team each owns leads under (read from the file here, not from the import).
      expect(preview.json.roster).toHaveLength(preview.json.reps);
      const owners = new Set(preview.json.leads.map((l: { ownerRepId?: string }) => l.ownerRepId).filter(Boolean));
      const rosterById = new Map(preview.json.roster.map((r: { id: string; teams: string[] }) => [r.id, r]));
      expect(owners.size).toBeGreaterThan(1);
      for (const o of owners) expect(rosterById.get(o), String(o)).toMatchObject({ active: true, roles: [] });
      for (const l of preview.json.leads as Array<{ ownerRepId?: string; team?: string }>)
        if (l.ownerRepId && l.team) expect((rosterById.get(l.ownerRepId) as { teams: string[] }).teams.length).toBeGreaterThan(0);
      expect(preview.json.period.start < preview.json.period.end).toBe(true);

      const listed = await call(base, 'GET', '/v1/datasets', { key });
      const mine = listed.json.items.find((d: { id: string }) => d.id === id);
      expect(mine).toMatchObject({ hasMapping: true, files: [{ kind: 'activities' }, { kind: 'leads' }] });
    }
    const guessed = await call(base, 'POST', `/v1/datasets/${(await call(base, 'GET', '/v1/datasets', { key })).json.items[0].id}/guess`, { key });
    expect(guessed.status).toBe(200);
    expect(guessed.json.mapping.leads.columns).toBeDefined();
    expect(['high', 'low']).toContain(guessed.json.confidence);
  });

  it('shows each rejected row of a bad file with its row number, column and reason', async () => {
    const base = env.server.base;
    const { key } = await seedTenant(env.tdb.database);
    const id = (await call(base, 'POST', '/v1/datasets', { key, body: { name: 'bad' } })).json.id;
    const csv = [
      'Lead ID,Created Date,Owner',
      'L-1,01/05/2026 08:42 AM,Ann',
      'L-2,not a date,Ann',
      ',01/06/2026 09:00 AM,Bob',
      'L-4,01/07/2026 10:00 AM,Bob',
    ].join('\n');
    expect((await call(base, 'PUT', `/v1/datasets/${id}/files/leads`, { key, body: csv, headers: { 'content-type': 'text/csv' } })).status).toBe(200);
    const mapping = { version: 1, timeZone: 'UTC', leads: { dateOrder: 'mdy', columns: { id: 'Lead ID', createdAt: 'Created Date', owner: 'Owner' } } };
    const preview = await call(base, 'POST', `/v1/datasets/${id}/preview`, { key, body: { mapping } });
    expect(preview.status).toBe(200);
    expect(preview.json.rejects.map((r: { row: number; column?: string; code: string }) => [r.row, r.column, r.code])).toEqual([
      [3, 'Created Date', 'bad-date'],
      [4, 'Lead ID', 'missing-id'],
    ]);
    for (const r of preview.json.rejects) expect(r.reason.zh.length).toBeGreaterThan(0);
    expect(preview.json.summaries[0]).toMatchObject({ file: 'leads', rowsRead: 4, rowsUsed: 2, rowsSkipped: 2 });

    // A mapping that breaks the schema is refused by JSON path, in both languages.
    const bad = await call(base, 'PUT', `/v1/datasets/${id}/mapping`, {
      key,
      body: { mapping: { version: 1, timeZone: 'UTC', leads: { columns: { id: 'Lead ID' } } } },
    });
    expect(bad.status).toBe(422);
    expect(bad.json.errors.map((e: { path: string }) => e.path)).toContain('$.mapping.leads.columns.createdAt');
    // A mapped column the file lacks stops the import, saying which.
    const missing = await call(base, 'POST', `/v1/datasets/${id}/preview`, {
      key,
      body: { mapping: { ...mapping, leads: { columns: { ...mapping.leads.columns, team: 'Team' } } } },
    });
    expect(missing.status).toBe(422);
    expect(missing.json.detail).toContain('Team');
    expect(missing.json.detailZh).toContain('Team');
  });

  it('refuses to save a mapping naming columns the uploaded files lack, every one at its path, and keeps the one saved before', async () => {
    const base = env.server.base;
    const { key } = await seedTenant(env.tdb.database);
    const id = (await call(base, 'POST', '/v1/datasets', { key, body: { name: 'headers' } })).json.id;
    const good = { version: 1, timeZone: 'UTC', leads: { dateOrder: 'mdy', columns: { id: 'Lead ID', createdAt: 'Created Date' } } };
    const typo = { ...good, leads: { ...good.leads, columns: { ...good.leads.columns, owner: 'Owner Name', team: 'Team' }, attributes: { region: 'Region' } } };
    // Before any file is uploaded there is no header to check against.
    expect((await call(base, 'PUT', `/v1/datasets/${id}/mapping`, { key, body: { mapping: typo } })).status).toBe(200);
    const csv = 'Lead ID,Created Date,Owner,Region\nL-1,01/05/2026 08:42 AM,Ann,East\n';
    expect((await call(base, 'PUT', `/v1/datasets/${id}/files/leads`, { key, body: csv, headers: { 'content-type': 'text/csv' } })).status).toBe(200);
    expect((await call(base, 'PUT', `/v1/datasets/${id}/mapping`, { key, body: { mapping: good } })).status).toBe(200);
    const refused = await call(base, 'PUT', `/v1/datasets/${id}/mapping`, { key, body: { mapping: typo } });
    expect(refused.status).toBe(422);
    expect(refused.json).toMatchObject({ status: 422, type: 'https://sluice.dev/problems/invalid-mapping' });
    expect(refused.json.errors).toEqual([
      {
        path: '$.mapping.leads.columns.owner',
        message: 'column "Owner Name" is not in the leads file\'s header. Columns: Lead ID, Created Date, Owner, Region',
        messageZh: '“Owner Name”列不在线索文件的表头中。现有列：Lead ID，Created Date，Owner，Region',
      },
      expect.objectContaining({ path: '$.mapping.leads.columns.team', message: expect.stringContaining('"Team"') }),
    ]);
    expect((await call(base, 'GET', `/v1/datasets/${id}`, { key })).json.mapping).toEqual(good);
  });

  it('lists each uploaded file’s columns for the mapping form, read as the options given say, and none for JSON Lines', async () => {
    const base = env.server.base;
    const { key } = await seedTenant(env.tdb.database);
    const id = (await call(base, 'POST', '/v1/datasets', { key, body: { name: '列名' } })).json.id;
    // Before any upload: nothing to list.
    expect((await call(base, 'POST', `/v1/datasets/${id}/columns`, { key })).json).toEqual({ files: [] });
    expect((await streamUpload(base, key, `/v1/datasets/${id}/files/leads`, file('zh-crm-leads.csv'))).status).toBe(200);
    const roster = 'Rep;Team;Roles\nAnn;East;AE\n';
    expect((await call(base, 'PUT', `/v1/datasets/${id}/files/roster`, { key, body: roster, headers: { 'content-type': 'text/csv' } })).status).toBe(200);
    const jsonl = '{"lead":"L-1","at":"2026-01-05","rep":"Ann"}\n';
    expect(
      (await call(base, 'PUT', `/v1/datasets/${id}/files/activities`, { key, body: jsonl, headers: { 'content-type': 'application/jsonl' } })).status,
    ).toBe(200);

    // Detected: the GB18030 export's Chinese header, the roster's semicolons; JSON Lines has no header line to list.
    const detected = await call(base, 'POST', `/v1/datasets/${id}/columns`, { key, body: {} });
    expect(detected.status).toBe(200);
    expect(detected.json).toEqual({
      files: [
        { file: 'leads', columns: ['线索编号', '创建时间', '负责人', '所属部门', '状态', '成交时间', '成交金额', '来源', '行业', '区域', '等级', '客户类型'] },
        { file: 'activities', columns: null },
        { file: 'roster', columns: ['Rep', 'Team', 'Roles'] },
      ],
    });
    // As the mapping being edited reads them: a delimiter chosen by hand gives the one column it makes.
    const chosen = await call(base, 'POST', `/v1/datasets/${id}/columns`, { key, body: { files: { roster: { delimiter: ',' } } } });
    expect(chosen.json.files[2]).toEqual({ file: 'roster', columns: ['Rep;Team;Roles'] });
    const unknown = await call(base, 'POST', `/v1/datasets/${id}/columns`, { key, body: { files: { leads: { encoding: 'latin1' } } } });
    expect(unknown.status).toBe(422);
    expect((await call(base, 'POST', '/v1/datasets/none/columns', { key, body: {} })).status).toBe(404);
  });

  it('gives the page the roster only whole: above 5,000 reps a part would make the rest look unknown', async () => {
    const base = env.server.base;
    const { key } = await seedTenant(env.tdb.database);
    const mapping = {
      version: 1,
      timeZone: 'UTC',
      leads: { dateOrder: 'mdy', columns: { id: 'Lead ID', createdAt: 'Created Date', owner: 'Owner', team: 'Team' } },
    };
    const previewOf = async (owners: number) => {
      const id = (await call(base, 'POST', '/v1/datasets', { key, body: { name: `${owners} owners` } })).json.id;
      // Short rows: 5,001 of them stay under this suite's upload limit.
      const rows = Array.from({ length: owners }, (_, i) => `L${i},2026-01-05,r${i},${i % 2 ? 'W' : 'E'}`);
      const csv = ['Lead ID,Created Date,Owner,Team', ...rows].join('\n');
      expect((await call(base, 'PUT', `/v1/datasets/${id}/files/leads`, { key, body: csv, headers: { 'content-type': 'text/csv' } })).status).toBe(200);
      const preview = await call(base, 'POST', `/v1/datasets/${id}/preview`, { key, body: { mapping } });
      expect(preview.status).toBe(200);
      return preview.json;
    };
    const whole = await previewOf(5000);
    expect(whole.reps).toBe(5000);
    expect(whole.roster).toHaveLength(5000);
    expect(whole.roster.find((r: { id: string }) => r.id === 'r7')).toEqual({ id: 'r7', teams: ['W'], roles: [], active: true });
    const over = await previewOf(5001);
    expect(over.reps).toBe(5001);
    expect(over).not.toHaveProperty('roster');
  }, 60_000);

  it('refuses a file over the limit with 413 in both languages, declared or streamed, and keeps the old file', async () => {
    const base = env.server.base;
    const { key } = await seedTenant(env.tdb.database);
    const id = (await call(base, 'POST', '/v1/datasets', { key, body: { name: 'big' } })).json.id;
    const small = Buffer.from('Lead ID,Created Date\nL-1,2026-01-05\n');
    expect((await streamUpload(base, key, `/v1/datasets/${id}/files/leads`, small)).status).toBe(200);
    const big = new Uint8Array(LIMIT + 1).fill(0x41);
    const declared = await call(base, 'PUT', `/v1/datasets/${id}/files/leads`, {
      key,
      body: Buffer.from(big).toString('latin1'),
      headers: { 'content-type': 'text/csv' },
    });
    expect(declared.status).toBe(413);
    expect(declared.json.title).toContain(`${LIMIT} bytes`);
    expect(declared.json.detailZh).toContain(`${LIMIT} 字节`);
    const streamed = await streamUpload(base, key, `/v1/datasets/${id}/files/leads`, big);
    expect(streamed.status).toBe(413);
    expect(streamed.json.detailZh).toContain('文件超过大小上限');
    const kept = await call(base, 'GET', `/v1/datasets/${id}`, { key });
    expect(kept.json.files).toEqual([expect.objectContaining({ kind: 'leads', bytes: small.length, sha256: sha256(small) })]);
    // Exactly at the limit is fine.
    expect((await streamUpload(base, key, `/v1/datasets/${id}/files/leads`, big.subarray(0, LIMIT))).json).toMatchObject({ bytes: LIMIT });
  });

  it('takes a CSV as browsers and tools send it, and says how to send a file when it is sent otherwise', async () => {
    const base = env.server.base;
    const { key } = await seedTenant(env.tdb.database);
    const id = (await call(base, 'POST', '/v1/datasets', { key, body: { name: 'types' } })).json.id;
    const path = `/v1/datasets/${id}/files/leads`;
    const csv = 'Lead ID,Created Date\nL-1,2026-01-05\n';
    for (const type of ['text/plain; charset=utf-8', 'application/vnd.ms-excel']) {
      const r = await call(base, 'PUT', path, { key, body: csv, headers: { 'content-type': type } });
      expect([type, r.status, r.json.bytes]).toEqual([type, 200, csv.length]);
    }
    // A file name sent as raw UTF-8 bytes (as curl sends 中文 typed into a header) is read as UTF-8, not stored garbled.
    const raw = Buffer.from('线索 导出.csv', 'utf8').toString('latin1');
    const named = await call(base, 'PUT', path, { key, body: csv, headers: { 'content-type': 'text/csv', 'x-file-name': raw } });
    expect([named.status, named.json.fileName]).toEqual([200, '线索 导出.csv']);
    for (const type of ['application/json', 'multipart/form-data; boundary=x']) {
      const r = await call(base, 'PUT', path, { key, body: type === 'application/json' ? '{"file":"x"}' : csv, headers: { 'content-type': type } });
      expect([type, r.status, r.json.title]).toEqual([
        type,
        415,
        'Send the file itself as text/csv, application/jsonl or application/octet-stream (not JSON, not a form)',
      ]);
      expect(r.json.detailZh).toContain('请直接上传文件本身');
    }
    const untyped = await fetch(base + path, { method: 'PUT', headers: { authorization: `Bearer ${key}` }, body: new TextEncoder().encode(csv) });
    const problem = (await untyped.json()) as { title: string };
    expect([untyped.status, problem.title]).toEqual([415, expect.stringMatching(/^This request needs a body: send the file as text\/csv/)]);
  });

  it('reads an Excel workbook as its first sheet (stored as CSV, previewed with a mapping for the CRM CSV); refuses a broken one (422) and other non-text files (415), keeping the old file', async () => {
    const base = env.server.base;
    const { key } = await seedTenant(env.tdb.database);
    const id = (await call(base, 'POST', '/v1/datasets', { key, body: { name: 'workbook' } })).json.id;
    const path = `/v1/datasets/${id}/files/leads`;
    const csv = Buffer.from('Lead ID,Created Date\nL-1,2026-01-05\n');
    expect((await streamUpload(base, key, path, csv)).status).toBe(200);
    const workbook = file('workbooks/zh-crm-leads.xlsx');
    // A workbook cut short (its zip directory lost): refused, nothing stored.
    const broken = workbook.subarray(0, workbook.length - 200);
    const refused = await streamUpload(base, key, path, broken, { 'content-type': 'text/csv' });
    expect([refused.status, refused.json.type]).toEqual([422, 'https://sluice.dev/problems/unreadable-workbook']);
    expect(refused.json.title).toMatch(/^this Excel workbook cannot be read/);
    expect(refused.json.detailZh).toMatch(/^无法读取此 Excel 工作簿/);
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    const old = await streamUpload(base, key, path, xls, { 'content-type': 'application/vnd.ms-excel' });
    expect([old.status, old.json.title]).toEqual([415, expect.stringMatching(/^this is an Excel 97–2003 workbook \(\.xls\)/)]);
    const kept = await call(base, 'GET', `/v1/datasets/${id}`, { key });
    expect(kept.json.files).toEqual([expect.objectContaining({ kind: 'leads', bytes: csv.length, sha256: sha256(csv) })]);

    // Streamed in pieces past the 4 KB its format is told by (here with bytes after the zip's end, which readers skip), or whole.
    const padded = Buffer.concat([workbook, Buffer.alloc(20_000, 7)]);
    for (const [type, bytes] of [
      ['text/csv', padded],
      ['application/octet-stream', workbook],
      ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', workbook],
    ] as const) {
      const r = await streamUpload(base, key, path, bytes, { 'content-type': type });
      expect([type, r.status]).toEqual([type, 200]);
      expect(r.json.bytes).toBeLessThan(workbook.length);
    }
    // The mapping written for the CRM's GB18030 CSV reads the workbook's sheet too (stored as UTF-8 with a BOM).
    const mapping = JSON.parse(file('zh-crm.mapping.json').toString('utf8')) as Record<string, unknown>;
    const { activities: _a, ...leadsOnly } = mapping;
    expect((await call(base, 'PUT', `/v1/datasets/${id}/mapping`, { key, body: { mapping: leadsOnly } })).status).toBe(200);
    const preview = await call(base, 'POST', `/v1/datasets/${id}/preview`, { key });
    expect(preview.status).toBe(200);
    expect(preview.json.rejectCount).toBe(0);
    expect(preview.json.summaries.find((f: { file: string }) => f.file === 'leads')).toMatchObject({ rowsRead: 5, rowsUsed: 5 });
  });

  it('keeps datasets to their tenant and uploads to editors', async () => {
    const base = env.server.base;
    const a = await seedTenant(env.tdb.database);
    const b = await seedTenant(env.tdb.database);
    const viewer = await seedTenant(env.tdb.database, a.tenantId, ['read']);
    const id = (await call(base, 'POST', '/v1/datasets', { key: a.key, body: { name: 'mine' } })).json.id;
    expect((await call(base, 'GET', `/v1/datasets/${id}`, { key: b.key })).status).toBe(404);
    expect((await call(base, 'GET', '/v1/datasets', { key: b.key })).json.items).toEqual([]);
    expect((await streamUpload(base, b.key, `/v1/datasets/${id}/files/leads`, Buffer.from('a,b\n'))).status).toBe(404);
    expect((await call(base, 'DELETE', `/v1/datasets/${id}`, { key: b.key })).status).toBe(404);
    // The viewer reads, but neither creates nor uploads.
    expect((await call(base, 'GET', `/v1/datasets/${id}`, { key: viewer.key })).status).toBe(200);
    expect((await call(base, 'POST', '/v1/datasets', { key: viewer.key, body: { name: 'x' } })).status).toBe(403);
    expect((await streamUpload(base, viewer.key, `/v1/datasets/${id}/files/leads`, Buffer.from('a,b\n'))).status).toBe(403);
    expect((await call(base, 'DELETE', `/v1/datasets/${id}`, { key: a.key })).status).toBe(204);
    expect((await call(base, 'GET', `/v1/datasets/${id}`, { key: a.key })).status).toBe(404);
  });
});

/**
 * Issue 9, "typos compile": the CRM syncs the tenant's lead fields (/v1/leadFields, the row id is
 * the field name), and drafts and publications compile against them — a field the CRM never
 * sends, or a value outside a field's allowed ones, is answered by node, JSON path and the name
 * that was probably meant. One tenant's catalog never judges another tenant's policies.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLES_DIR, examplePolicy } from '@sluice/examples';
import { describe, expect, it } from 'vitest';
import { call, LANES, seedTenant, useServer } from './harness.js';

/** examples/fields.json as the CRM syncs it: the row id is the field name. */
function seedRows(): Array<Record<string, unknown>> {
  const fields = JSON.parse(readFileSync(join(EXAMPLES_DIR, 'fields.json'), 'utf8')) as Array<{ name: string }>;
  return fields.map(({ name, ...rest }) => ({ id: name, ...rest }));
}

/** S5: leads from small regions go to a manager's queue; the condition is nodes[1]. */
function regionPolicy(edit: (condition: Record<string, unknown>) => void = () => {}): any {
  const doc = structuredClone(examplePolicy('s05-manager-queue')) as any;
  doc.key = 'regions';
  edit(doc.nodes[1].data.condition);
  return doc;
}

describe.each(LANES)('lead-field catalog (%s)', (lane) => {
  const env = useServer(lane, () => Date.parse('2026-03-02T02:00:00Z'));

  async function tenantWithCatalog(rows = seedRows()) {
    const t = await seedTenant(env.tdb.database);
    const synced = await call(env.server.base, 'POST', '/v1/leadFields/bulk', { key: t.key, body: { items: rows } });
    expect(synced.status).toBe(200);
    expect(synced.json).toEqual({ count: rows.length, created: rows.length, updated: 0 });
    return t;
  }

  it('syncs fields like any roster entity and refuses a malformed one, naming the item', async () => {
    const { key } = await tenantWithCatalog();
    const region = await call(env.server.base, 'GET', '/v1/leadFields/region', { key });
    expect(region.status).toBe(200);
    expect(region.json).toMatchObject({ id: 'region', type: 'enum', label: { en: 'Region', zh: '区域' } });
    expect(region.json.values).toContainEqual({ value: 'east', label: { en: 'East', zh: '华东' } });
    const nested = await call(env.server.base, 'PUT', '/v1/leadFields/research.stage', {
      key,
      body: { type: 'string', label: { en: 'Research: stage', zh: '调研：阶段' } },
    });
    expect(nested.status).toBe(201);
    const noValues = await call(env.server.base, 'POST', '/v1/leadFields/bulk', {
      key,
      body: { items: [{ id: 'tier', type: 'enum', label: { en: 'Tier', zh: '层级' } }] },
    });
    expect(noValues.status).toBe(422);
    expect(noValues.json.errors.map((e: { path: string }) => e.path)).toEqual(['$.items[0].values']);
    const contradicts = await call(env.server.base, 'PUT', '/v1/leadFields/score', { key, body: { type: 'string', label: { en: 'Score', zh: '得分' } } });
    expect(contradicts.status).toBe(422);
    expect(contradicts.json.errors.map((e: { path: string }) => e.path)).toEqual(['$.type']);
  });

  it('a typo in a draft is listed by node, path and the field meant, and refused at publish (422)', async () => {
    const { key } = await tenantWithCatalog();
    const typo = regionPolicy((c) => {
      c.fact = 'lead.regoin';
    });
    const saved = await call(env.server.base, 'PUT', '/v1/policies/regions/draft', { key, body: typo });
    // Saved as sent, as every draft is, so the work is not lost; it says why it cannot go live.
    expect(saved.status).toBe(201);
    const expected = {
      path: '$.nodes[1].data.condition.fact',
      code: 'unknownLeadField',
      nodeId: 'smallRegion',
      field: 'condition.fact',
      message: `unknown lead field "lead.regoin" — did you mean "lead.region"? It is neither built in nor in the tenant's field catalog`,
      messageZh: '未知的线索字段 "lead.regoin"——是否想写 "lead.region"？它既不是内置字段，也不在租户的字段目录中',
    };
    expect(saved.json.compile).toEqual({ ok: false, errors: [expected] });
    const refused = await call(env.server.base, 'POST', '/v1/policies/regions/publish', { key, body: { note: 'try the typo' } });
    expect(refused.status).toBe(422);
    expect(refused.json.type).toBe('https://sluice.dev/problems/policy-does-not-compile');
    expect(refused.json.errors).toEqual([expected]);

    // The right field, a value that is not one of its allowed values: the value is pointed at.
    const badValue = regionPolicy((c) => {
      c.value = ['north-west', 'southwest'];
    });
    const second = await call(env.server.base, 'PUT', '/v1/policies/regions/draft', { key, body: badValue });
    expect(second.json.compile.ok).toBe(false);
    expect(second.json.compile.errors).toHaveLength(1);
    expect(second.json.compile.errors[0]).toMatchObject({ path: '$.nodes[1].data.condition.value[0]', code: 'leadFieldValue', nodeId: 'smallRegion' });
    expect(second.json.compile.errors[0].message).toMatch(
      /^"north-west" is not an allowed value of region \(east, north, south, west, northwest, southwest …\) — did you mean "northwest"\?$/,
    );

    const fixed = await call(env.server.base, 'PUT', '/v1/policies/regions/draft', { key, body: regionPolicy() });
    expect(fixed.status).toBe(200);
    expect(fixed.json.compile).toEqual({ ok: true, errors: [] });
    const published = await call(env.server.base, 'POST', '/v1/policies/regions/publish', { key, body: { note: 'regions from the catalog' } });
    expect(published.status).toBe(201);
    expect(published.json.version).toBe(1);
  });

  it('one tenant’s catalog never judges another tenant’s policies', async () => {
    // B names its regions in Chinese; A has synced nothing.
    const b = await tenantWithCatalog([{ id: 'region', type: 'enum', values: ['华东', '华南', '西北', '西南'], label: { en: 'Region', zh: '区域' } }]);
    const a = await seedTenant(env.tdb.database);

    const inB = await call(env.server.base, 'PUT', '/v1/policies/regions/draft', { key: b.key, body: regionPolicy() });
    expect(inB.json.compile.ok).toBe(false);
    expect(inB.json.compile.errors.map((e: { path: string; code: string }) => [e.code, e.path])).toEqual([
      ['leadFieldValue', '$.nodes[1].data.condition.value[0]'],
      ['leadFieldValue', '$.nodes[1].data.condition.value[1]'],
    ]);

    // A without a catalog: compiles as before, and is told which field nobody vouches for.
    const inA = await call(env.server.base, 'PUT', '/v1/policies/regions/draft', { key: a.key, body: regionPolicy() });
    expect(inA.json.compile.ok).toBe(true);
    expect(inA.json.compile.errors).toEqual([]);
    expect(inA.json.compile.warnings).toEqual([
      {
        path: '$.nodes[1].data.condition.fact',
        code: 'unknownLeadField',
        nodeId: 'smallRegion',
        field: 'condition.fact',
        message: '"lead.region" is not a built-in lead field and no field catalog was given: it reads as missing unless the CRM sends it',
        messageZh: '"lead.region" 不是内置线索字段，且未提供字段目录：除非 CRM 传入该字段，否则读取为缺失',
      },
    ]);
    expect((await call(env.server.base, 'POST', '/v1/policies/regions/publish', { key: a.key, body: { note: 'no catalog yet' } })).status).toBe(201);
    expect((await call(env.server.base, 'GET', '/v1/leadFields', { key: a.key })).json).toEqual({ items: [], next: null });

    // Once A syncs its own catalog, its own values are what count, and B's stay B's.
    await call(env.server.base, 'POST', '/v1/leadFields/bulk', { key: a.key, body: { items: seedRows() } });
    const again = await call(env.server.base, 'GET', '/v1/policies/regions', { key: a.key });
    expect(again.json.compile).toEqual({ ok: true, errors: [] });
    const stillB = await call(env.server.base, 'GET', '/v1/policies/regions', { key: b.key });
    expect(stillB.json.compile.errors).toHaveLength(2);
  });
});

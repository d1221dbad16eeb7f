import { describe, expect, it } from 'vitest';
import { csvField, csvRow, neutraliseFormula } from '../src/routes/decisions/export.js';
import { parseCsv } from './csv.js';
import { fixedClock, publishPolicy, seedRoster } from './fixtures.js';
import { call, LANES, seedTenant, useServer } from './harness.js';

/**
 * CSV (formula) injection: a decision export cell taken from tenant data that begins with =, +,
 * -, @, a tab or a carriage return would be run by a spreadsheet. The CSV export prefixes it with
 * a single quote (OWASP), then quotes it per RFC 4180; the JSONL export keeps the raw value.
 */
const NOW = '2026-03-02T02:00:00.000Z';
const FORMULA = '=HYPERLINK("http://x","y")';

describe('neutraliseFormula / csvField', () => {
  it('prefixes a single quote to text a spreadsheet would run, and to nothing else', () => {
    expect(neutraliseFormula('=1+1')).toBe("'=1+1");
    expect(neutraliseFormula('+1')).toBe("'+1");
    expect(neutraliseFormula('-1')).toBe("'-1");
    expect(neutraliseFormula('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutraliseFormula('\t=1')).toBe("'\t=1");
    expect(neutraliseFormula('\r=1')).toBe("'\r=1");
    expect(neutraliseFormula(FORMULA)).toBe(`'${FORMULA}`);
    for (const safe of ['', 'L-1', 'a=b', '1+1', ' =1', "'=1", '线索=1', 'ae-1;ae-2']) expect(neutraliseFormula(safe)).toBe(safe);
  });

  it('csvField neutralises, then quotes per RFC 4180; numbers stay numbers', () => {
    expect(csvField(FORMULA)).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('\r\n=1')).toBe(`"'\r\n=1"`);
    expect(csvField('-5')).toBe("'-5");
    expect(csvField(-5)).toBe('-5');
    expect(csvField(3)).toBe('3');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    expect(parseCsv(csvRow([FORMULA, '@x', 'ok', 7]))).toEqual([[`'${FORMULA}`, "'@x", 'ok', '7']]);
  });
});

describe.each(LANES)('decision export: CSV injection (%s)', (lane) => {
  const env = useServer(lane, fixedClock(NOW));

  it('CSV cells from tenant data that start a formula begin with a quote; JSONL keeps the raw value', async () => {
    const t = await seedTenant(env.tdb.database);
    // One rep whose id starts with "@", so the assigned_to cell is tenant data that needs it too.
    await seedRoster(env.tdb.database, t.tenantId, {
      timeZone: 'Asia/Shanghai',
      reps: [{ id: '@ae', teams: ['ae'], roles: ['AE'] }],
      teams: [{ id: 'ae', name: 'AE' }],
    });
    await publishPolicy(env.tdb.database, t.tenantId, 's06-round-robin', 3);
    const decided = await call(env.server.base, 'POST', '/v1/decide', {
      key: t.key,
      body: { id: '+ev-1', type: 'lead.created', at: NOW, lead: { id: FORMULA } },
    });
    expect(decided.status, decided.text).toBe(200);
    expect(decided.json.actions).toEqual([{ type: 'assign', leadId: FORMULA, repId: '@ae', previousOwnerId: null, nodeId: 'rr', strategy: 'roundRobin' }]);
    const plain = await call(env.server.base, 'POST', '/v1/decide', { key: t.key, body: { id: 'ev-2', type: 'lead.created', at: NOW, lead: { id: 'L-2' } } });
    expect(plain.status, plain.text).toBe(200);

    const csv = await call(env.server.base, 'GET', '/v1/decisions/export?format=csv', { key: t.key });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    // On the wire: quote-prefixed, then RFC 4180-quoted (it holds commas and quotes).
    expect(csv.text).toContain(`,"'=HYPERLINK(""http://x"",""y"")",s06-round-robin,3,routing,assign,'@ae,`);
    const rows = parseCsv(csv.text);
    const header = rows[0]!;
    expect(rows).toHaveLength(3);
    const cells = rows.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]!])));
    const bad = cells.find((c) => c.event_id === "'+ev-1")!;
    expect(bad).toBeDefined();
    expect(bad.lead_id).toBe(`'${FORMULA}`);
    expect(bad.lead_id!.startsWith("'=")).toBe(true);
    expect(bad.assigned_to).toBe("'@ae");
    expect(bad.policy_key).toBe('s06-round-robin');
    expect(bad.policy_version).toBe('3');
    // actions_json begins with "[": not a formula, so still parseable JSON holding the raw id.
    expect(JSON.parse(bad.actions_json!)[0]).toMatchObject({ leadId: FORMULA, repId: '@ae' });
    // Ordinary values are written unchanged.
    const ok = cells.find((c) => c.event_id === 'ev-2')!;
    expect(ok).toMatchObject({ lead_id: 'L-2', event_type: 'lead.created', assigned_to: "'@ae" });
    // No cell of the export starts a formula any more.
    for (const r of rows) for (const cell of r) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/);

    const jsonl = await call(env.server.base, 'GET', '/v1/decisions/export?format=jsonl', { key: t.key });
    expect(jsonl.status).toBe(200);
    const lines = jsonl.text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { eventId: string; leadId: string; actions: Array<{ repId: string }> });
    const raw = lines.find((d) => d.eventId === '+ev-1')!;
    expect(raw.leadId).toBe(FORMULA);
    expect(raw.actions[0]!.repId).toBe('@ae');
  });

  it('documents the escaping in the route description, in English and Chinese', async () => {
    const doc = await call(env.server.base, 'GET', '/openapi.json');
    const description = doc.json.paths['/v1/decisions/export'].get.description as string;
    expect(description).toContain('prefixed with a single quote');
    expect(description).toContain('前加单引号');
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importHistory } from '../../packages/simulator/src/history/index.js';
import { buildExports, EXPORTS_DIR } from './exports.js';

const built = buildExports();
const file = (name: string): Uint8Array => {
  const f = built.find((x) => x.name === name);
  if (!f) throw new Error(`${name} was not built`);
  return f.bytes;
};
const utf8 = (bytes: Uint8Array) => new TextDecoder('utf-8', { fatal: true }).decode(bytes);
const gb = (bytes: Uint8Array) => new TextDecoder('gb18030', { fatal: true }).decode(bytes);

describe('example CRM exports', () => {
  it('are exactly what examples/generator/exports.ts makes (rerun it after changing the generator)', () => {
    // .gitattributes keeps git from touching the bytes (CRLF, GB18030).
    // Files only: exports/policies/ holds the hand-written policies that go with the exports.
    // The marketing export (issue #15) has its own generator and test (marketing.test.ts).
    const committed = readdirSync(EXPORTS_DIR, { withFileTypes: true })
      .filter((e) => e.isFile() && !e.name.startsWith('.') && !e.name.startsWith('marketing'))
      .map((e) => e.name);
    expect(committed.sort()).toEqual(built.map((f) => f.name).sort());
    for (const f of built) {
      const onDisk = new Uint8Array(readFileSync(join(EXPORTS_DIR, f.name)));
      expect(Buffer.compare(onDisk, f.bytes), f.name).toBe(0);
    }
  });

  it('stay small: about 500 leads per export and every file under 200 KB', () => {
    for (const f of built) expect(f.bytes.length, f.name).toBeLessThan(200_000);
    const enLines = utf8(file('en-crm-leads.csv')).split('\n').length - 2;
    const zhLines = gb(file('zh-crm-leads.csv')).split('\r\n').length - 2;
    expect(enLines).toBeGreaterThan(400);
    expect(enLines).toBeLessThan(600);
    expect(zhLines).toBeGreaterThan(400);
    expect(zhLines).toBeLessThan(600);
  });

  it('write the English export as UTF-8 without BOM, LF, month-first dates and dollar amounts', () => {
    const text = utf8(file('en-crm-leads.csv'));
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    expect(text).not.toContain('\r');
    expect(text.split('\n')[0]).toBe('Lead ID,Company,Created Date,Owner,Team,Status,Close Date,Amount,Source,Industry,Region,Employees,Grade,Segment');
    expect(text).toMatch(/\nL-000001,[^\n]*?,\d{2}\/\d{2}\/2026 \d{2}:\d{2} [AP]M,/);
    expect(text).toMatch(/,"\$\d{1,3}(,\d{3})+\.00",/);
    expect(text).toContain(', Inc.",');
  });

  it('write the Chinese export as Excel does: GB18030, CRLF, 2026/3/4 14:05 and ¥12,500', () => {
    const bytes = file('zh-crm-leads.csv');
    expect(() => utf8(bytes)).toThrow();
    const text = gb(bytes);
    expect(text.split('\r\n')[0]).toBe('线索编号,创建时间,负责人,所属部门,状态,成交时间,成交金额,来源,行业,区域,等级,客户类型');
    expect(text.replaceAll('\r\n', '')).not.toContain('\n');
    expect(text).toMatch(/\r\nXS000001,2026\/3\/\d{1,2} \d{1,2}:\d{2},/);
    expect(text).toMatch(/,赢单,2026\/3\/\d{1,2} \d{1,2}:\d{2},"¥\d{1,2},\d{3}",/);
    const activities = gb(file('zh-crm-activities.csv'));
    expect(activities.split('\r\n')[0]).toBe('线索编号,跟进人,跟进时间,跟进方式');
    expect(activities).toContain(',电话\r\n');
    expect(activities).toContain(',微信\r\n');
  });

  for (const style of ['en', 'zh']) {
    it(`${style}: the mapping reads every row of both files, with won, lost and still-open leads`, () => {
      const result = importHistory({
        mapping: JSON.parse(utf8(file(`${style}-crm.mapping.json`))),
        leads: file(`${style}-crm-leads.csv`),
        activities: file(`${style}-crm-activities.csv`),
      });
      expect(result.rejects).toEqual([]);
      const outcomes = { won: 0, lost: 0, open: 0 };
      for (const lead of result.history.leads) outcomes[lead.outcome]++;
      expect(outcomes.won).toBeGreaterThan(10);
      expect(outcomes.lost).toBeGreaterThan(outcomes.won);
      expect(outcomes.open).toBeGreaterThan(10);
      expect(result.history.activities.length).toBeGreaterThan(result.history.leads.length);
      expect(result.history.leads.every((l) => l.outcome !== 'won' || (l.amount ?? 0) >= 100)).toBe(true);
    });
  }
});

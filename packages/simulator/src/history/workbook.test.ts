import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import { HistoryImportError } from './errors.js';
import { importHistory } from './importHistory.js';
import { workbookAsCsv } from './workbook.js';

const EXPORTS = fileURLToPath(new URL('../../../../examples/exports/', import.meta.url));

const MAPPING = {
  version: 1,
  timeZone: 'Asia/Shanghai',
  leads: {
    columns: { id: '线索编号', createdAt: '创建时间', owner: '负责人', team: '所属部门', outcome: '状态', closedAt: '成交时间', amount: '成交金额' },
    outcomeValues: { won: ['赢单'], lost: ['输单'], open: ['跟进中'] },
    attributes: { phone: '电话', vip: { column: '重点客户', type: 'boolean' }, note: '备注' },
  },
};

// A workbook as Excel writes one: real date cells (one with a time, one a whole day), numbers, a
// boolean, empty cells, a note with a comma, quotes and a line break, and a time typed as text.
async function workbook(): Promise<Uint8Array> {
  const header = ['线索编号', '创建时间', '负责人', '所属部门', '状态', '成交时间', '成交金额', '电话', '重点客户', '备注'].map((value) => ({ value }));
  const at = (y: number, mo: number, d: number, h = 0, mi = 0) => ({ value: new Date(Date.UTC(y, mo - 1, d, h, mi)), type: Date, format: 'yyyy-mm-dd hh:mm' });
  const rows = [
    header,
    [
      { value: 'L1' },
      at(2026, 3, 1, 9, 30),
      { value: '张三' },
      { value: '华东' },
      { value: '赢单' },
      at(2026, 3, 20),
      { value: 12000.5, type: Number },
      { value: 13800138000, type: Number },
      { value: true, type: Boolean },
      { value: '大客户, "重点"\n跟进' },
    ],
    [
      { value: 'L2' },
      { value: '2026/3/2 10:00' },
      { value: '李四' },
      { value: '华南' },
      { value: '跟进中' },
      null,
      null,
      null,
      { value: false, type: Boolean },
      null,
    ],
  ];
  return new Uint8Array(await writeXlsxFile(rows as never).toBuffer());
}

describe('Excel workbooks (.xlsx) read as their first sheet', () => {
  it('dates, numbers, booleans and quoted text come through the import as from a CSV', async () => {
    const converted = await workbookAsCsv(await workbook(), 'leads');
    expect(converted?.rows).toBe(3);
    const result = importHistory({ mapping: MAPPING, leads: converted!.text });
    expect(result.rejects).toEqual([]);
    const [l1, l2] = result.history.leads;
    // 09:30 on the sheet is Shanghai wall-clock time (the mapping's zone): 01:30 UTC.
    expect(l1).toMatchObject({ id: 'L1', createdAt: '2026-03-01T01:30:00.000Z', ownerRepId: '张三', outcome: 'won', amount: 12000.5 });
    expect(l1!.closedAt).toBe('2026-03-19T16:00:00.000Z');
    expect(l1!.attributes).toMatchObject({ phone: '13800138000', vip: true, note: '大客户, "重点"\n跟进' });
    expect(l2).toMatchObject({ id: 'L2', createdAt: '2026-03-02T02:00:00.000Z', outcome: 'open' });
    expect(l2!.attributes).toMatchObject({ vip: false });
  });

  it('the example workbook imports the same leads as the same rows saved as CSV', async () => {
    const mapping = JSON.parse(readFileSync(`${EXPORTS}zh-crm.mapping.json`, 'utf8')) as Record<string, unknown>;
    const { activities: _a, ...leadsOnly } = mapping;
    const converted = await workbookAsCsv(new Uint8Array(readFileSync(`${EXPORTS}workbooks/zh-crm-leads.xlsx`)), 'leads');
    const fromWorkbook = importHistory({ mapping: leadsOnly, leads: converted!.text });
    const csv = new TextDecoder('gb18030').decode(readFileSync(`${EXPORTS}zh-crm-leads.csv`));
    const lines = csv
      .split(/\r?\n/)
      .slice(0, fromWorkbook.history.leads.length + 1)
      .join('\n');
    const fromCsv = importHistory({ mapping: leadsOnly, leads: lines });
    expect(fromWorkbook.history.leads.length).toBeGreaterThan(0);
    expect(fromWorkbook.history.leads).toEqual(fromCsv.history.leads);
  });

  it('bytes that are no workbook are left to be read as text; a broken workbook is an error naming the file', async () => {
    expect(await workbookAsCsv(new TextEncoder().encode('id,createdAt\nL1,2026-03-01'), 'leads')).toBeUndefined();
    const broken = (await workbook()).slice(0, 600);
    const error = await workbookAsCsv(broken, 'activities').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HistoryImportError);
    expect((error as HistoryImportError).words.en).toMatch(/^activities file: this Excel workbook cannot be read/);
    expect((error as HistoryImportError).words.zh).toMatch(/^跟进记录文件：无法读取此 Excel 工作簿/);
  });
});

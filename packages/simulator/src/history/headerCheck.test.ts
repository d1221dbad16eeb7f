import { describe, expect, it } from 'vitest';
import { gb18030, utf8 } from './gb18030.testkit.js';
import { mappedColumnsMissing } from './headerCheck.js';
import { parseMapping, type Mapping } from './mapping.js';

const mapping = (value: unknown): Mapping => {
  const r = parseMapping(value);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.mapping;
};

const M = mapping({
  version: 1,
  timeZone: 'Asia/Shanghai',
  leads: {
    columns: { id: '线索编号', createdAt: '创建时间', owner: '负责人', amount: '金额' },
    attributes: { region: '区域', size: { column: '员工数', type: 'number' } },
  },
  activities: { columns: { leadId: '线索编号', at: '时间' } },
});

describe('mappedColumnsMissing: a mapping against the heads of its files', () => {
  it('names every column a header lacks, each at its mapping path', () => {
    const heads = { leads: gb18030('线索编号;创建时间;负责人\nL1;2026-03-01;张三\nL2;2026-03-0'), activities: utf8('线索编号,跟进时间\n') };
    expect(mappedColumnsMissing(M, heads)).toEqual([
      {
        path: 'leads.columns.amount',
        message: {
          en: 'column "金额" is not in the leads file\'s header. Columns: 线索编号, 创建时间, 负责人',
          zh: '“金额”列不在线索文件的表头中。现有列：线索编号，创建时间，负责人',
        },
      },
      { path: 'leads.attributes.region', message: expect.objectContaining({ en: expect.stringContaining('"区域"') }) },
      { path: 'leads.attributes.size.column', message: expect.objectContaining({ en: expect.stringContaining('"员工数"') }) },
      { path: 'activities.columns.at', message: expect.objectContaining({ en: expect.stringContaining('activities file') }) },
    ]);
  });

  it('says nothing of a file with every column, a file not uploaded, JSON Lines, or a head with no whole line', () => {
    expect(mappedColumnsMissing(M, { leads: utf8('线索编号,创建时间,负责人,金额,区域,员工数\n') })).toEqual([]);
    expect(mappedColumnsMissing(M, {})).toEqual([]);
    expect(mappedColumnsMissing(M, { leads: utf8('{"线索编号":"L1","创建时间":"2026-03-01"}\n') })).toEqual([]);
    expect(mappedColumnsMissing(M, { leads: utf8('线索编号,创建时间') })).toEqual([]);
  });
});

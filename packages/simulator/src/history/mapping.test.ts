import { describe, expect, it } from 'vitest';
import { mappingJsonSchema, parseMapping } from './mapping.js';

const base = { version: 1, timeZone: 'Asia/Shanghai', leads: { columns: { id: '线索编号', createdAt: '创建时间' } } };

describe('the mapping file', () => {
  it('only leads.columns.id and createdAt are required; file options default to auto', () => {
    const r = parseMapping(base);
    expect(r.ok && r.mapping.leads).toEqual({
      format: 'auto',
      encoding: 'auto',
      delimiter: 'auto',
      dateOrder: 'auto',
      decimalMark: 'auto',
      columns: { id: '线索编号', createdAt: '创建时间' },
      attributes: {},
    });
  });

  it('explains each problem with its path, in both languages', () => {
    const r = parseMapping({
      ...base,
      leads: {
        columns: { ...base.leads.columns, outcome: '状态' },
        attributes: { '客户 规模': '规模', id: '编号', score: '评分' },
      },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.path, p.message.en])).toEqual([
      ['leads.outcomeValues', 'leads.columns.outcome is set: say which raw values mean won, lost and open'],
      [
        'leads.attributes.客户 规模',
        'attribute key "客户 规模" must start with a letter or _ and use only letters, digits and _ (policies read it as lead.客户 规模)',
      ],
      ['leads.attributes.id', 'attribute key "id" is filled by the import itself: choose another name'],
      ['leads.attributes.score', 'lead.score is a number field: give it "type": "number"'],
    ]);
    expect(r.problems[0]!.message.zh).toBe('已设置 leads.columns.outcome：请说明哪些原始值表示赢单、输单、跟进中');
  });

  it('an attribute is a column name or { column, type }', () => {
    const r = parseMapping({ ...base, leads: { ...base.leads, attributes: { vip: { column: '重点', type: 'yes' } } } });
    expect(r.ok ? [] : r.problems.map((p) => [p.path, p.message.en, p.message.zh])).toEqual([
      [
        'leads.attributes.vip',
        'a column name, or { "column": "…", "type": "string" | "number" | "boolean" | "date" }',
        '应为列名，或 { "column": "…", "type": "string" | "number" | "boolean" | "date" }',
      ],
    ]);
  });

  it('a raw value may mean one outcome only (compared trimmed, ignoring case and width)', () => {
    const r = parseMapping({ ...base, leads: { ...base.leads, outcomeValues: { won: ['Won'], lost: [' ＷＯＮ '] } } });
    expect(r.ok ? [] : r.problems.map((p) => [p.path, p.message.en])).toEqual([['leads.outcomeValues.lost', '" ＷＯＮ " is listed under both won and lost']]);
  });

  it('unknown keys are refused (a typo is not silently ignored)', () => {
    const r = parseMapping({ ...base, leads: { ...base.leads, colums: {} } });
    expect(r.ok ? [] : r.problems.map((p) => p.path)).toEqual(['leads']);
  });

  it('the JSON Schema documents every field in both languages', () => {
    const missing: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (typeof node !== 'object' || node === null) return;
      const n = node as Record<string, unknown>;
      if (n.properties)
        for (const [k, v] of Object.entries(n.properties as Record<string, Record<string, unknown>>)) {
          const d = v.description;
          if (typeof d !== 'string' || !/ \/ .*[\u4e00-\u9fff]/.test(d)) missing.push(`${path}.${k}`);
          walk(v, `${path}.${k}`);
        }
      for (const key of ['anyOf', 'items', 'additionalProperties']) {
        const v = n[key];
        if (Array.isArray(v)) v.forEach((x) => walk(x, path));
        else walk(v, path);
      }
    };
    const schema = mappingJsonSchema();
    walk(schema, '$');
    expect(missing).toEqual([]);
    expect(schema.required).toEqual(['version', 'timeZone', 'leads']);
  });
});

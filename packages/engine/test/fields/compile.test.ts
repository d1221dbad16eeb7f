/**
 * Issue 9, "typos compile": with the tenant's lead-field catalog, a node that reads a field the CRM
 * never sends, or compares a field the way its type cannot match, does not compile — and says
 * where, what was typed, and what was probably meant.
 */
import { describe, expect, it } from 'vitest';
import { compilePolicy, defaultRegistry, type CompileError } from '../../src/index.js';
import { CATALOG, conditionPolicy, e, notify, T, type NodeInput } from './helpers.js';

const HAN = /[\u4e00-\u9fff]/;

function errorsOf(input: unknown, fields = CATALOG): CompileError[] {
  const result = compilePolicy(input, { fields });
  if (result.ok) throw new Error('expected compile errors, got a policy');
  for (const err of result.errors) expect(err.message.zh).toMatch(HAN);
  return result.errors;
}

describe('unknown lead fields', () => {
  // The issue's own example: inside a `not`, a typo read as missing would flip the decision.
  const typo = conditionPolicy({ not: { fact: 'lead.budgett', operator: 'greaterThan', value: 100000 } });

  it('refuses lead.budgett inside a not, naming the node, the path and the field it meant', () => {
    const errors = errorsOf(typo);
    expect(errors).toHaveLength(1);
    const [err] = errors;
    expect(err).toMatchObject({ code: 'unknownLeadField', nodeId: 'c', field: 'condition.not.fact' });
    expect(err!.message.en).toBe(`unknown lead field "lead.budgett" — did you mean "lead.budget"? It is neither built in nor in the tenant's field catalog`);
    expect(err!.message.zh).toBe('未知的线索字段 "lead.budgett"——是否想写 "lead.budget"？它既不是内置字段，也不在租户的字段目录中');
  });

  it('without a catalog compiles as before, and warns about the same field', () => {
    const result = compilePolicy(typo);
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([
      {
        code: 'unknownLeadField',
        nodeId: 'c',
        field: 'condition.not.fact',
        message: {
          en: '"lead.budgett" is not a built-in lead field and no field catalog was given: it reads as missing unless the CRM sends it',
          zh: '"lead.budgett" 不是内置线索字段，且未提供字段目录：除非 CRM 传入该字段，否则读取为缺失',
        },
      },
    ]);
  });

  it('a policy that reads only built-in fields has no warnings at all', () => {
    const result = compilePolicy(conditionPolicy({ fact: 'lead.expectedAmount', operator: 'greaterThan', value: 5 }));
    expect(result.ok).toBe(true);
    expect('warnings' in result).toBe(false);
  });

  it('built-in fields need no catalog entry; a far-off name lists the closest fields instead of guessing', () => {
    expect(compilePolicy(conditionPolicy({ fact: 'lead.expectedAmount', operator: 'greaterThan', value: 5 }), { fields: CATALOG }).ok).toBe(true);
    const [err] = errorsOf(conditionPolicy({ fact: 'lead.xyzzy', operator: 'exists', value: true }));
    expect(err!.message.en).toMatch(/^unknown lead field "lead\.xyzzy": neither built in nor in the tenant's field catalog; closest: lead\.\w+/);
    expect(err!.message.en).not.toContain('did you mean');
  });

  it('names every place a typo sits, in every kind of node, in one pass with graph errors', () => {
    const nodes: NodeInput[] = [
      T,
      { id: 'sw', type: 'switch', data: { fact: 'lead.regoin', cases: [{ id: 'east', values: ['华东'] }] } },
      {
        id: 'sc',
        type: 'score',
        data: { criteria: [{ when: { fact: 'lead.budgte', operator: 'exists', value: true }, points: 5 }], perUnit: [{ fact: 'lead.visitz', points: 1 }] },
      },
      { id: 'gr', type: 'grade', data: { bands: [{ grade: 'A', minScore: 10, when: { any: [{ fact: 'lead.neds', operator: 'contains', value: 'sap' }] } }] } },
      notify('a'),
      notify('island'),
    ];
    const edges = [e('e1', 't', 'sw'), e('e2', 'sw', 'sc', 'east'), e('e3', 'sw', 'sc', 'default'), e('e4', 'sc', 'gr'), e('e5', 'gr', 'a')];
    const errors = errorsOf({ key: 'k', kind: 'routing', name: 'n', nodes, edges });
    expect(errors.map((x) => [x.code, x.nodeId, x.field ?? null])).toEqual([
      ['unreachable', 'island', null],
      ['unknownLeadField', 'gr', 'bands[0].when.any[0].fact'],
      ['unknownLeadField', 'sc', 'criteria[0].when.fact'],
      ['unknownLeadField', 'sc', 'perUnit[0].fact'],
      ['unknownLeadField', 'sw', 'fact'],
    ]);
    const said = errors.slice(1).map((x) => x.message.en.match(/did you mean "([^"]+)"/)?.[1] ?? null);
    // visits is a built-in behaviour counter: the typo finds it with no catalog.
    expect(said).toEqual(['lead.needs', 'lead.budget', 'lead.visits', 'lead.region']);
  });

  it('a sub-field of a plain field reads nothing: refused with the reason', () => {
    const [err] = errorsOf(conditionPolicy({ fact: 'lead.company.name', operator: 'exists', value: true }));
    expect(err).toMatchObject({ code: 'leadFieldType', nodeId: 'c', field: 'condition.fact' });
    expect(err!.message.en).toBe('"lead.company.name": lead.company is a string field and has no sub-field "name"');
  });

  it('keeps the old (input, registry) call working', () => {
    expect(compilePolicy(conditionPolicy({ fact: 'lead.region', operator: 'equal', value: 'x' }), defaultRegistry).ok).toBe(true);
  });
});

describe('values against the field', () => {
  it('an enum value outside the allowed ones is refused, with the allowed values and the near one', () => {
    const [err, ...rest] = errorsOf(conditionPolicy({ fact: 'lead.region', operator: 'equal', value: '华冬' }));
    expect(rest).toEqual([]);
    expect(err).toMatchObject({ code: 'leadFieldValue', nodeId: 'c', field: 'condition.value' });
    expect(err!.message.en).toBe('"华冬" is not an allowed value of region (华东, 华南, 华北, 华中, 西南, 西北 …) — did you mean "华东"?');
    expect(err!.message.zh).toBe('"华冬" 不是 region（区域）的可选值（华东、华南、华北、华中、西南、西北……）——是否想写 "华东"？');
  });

  it('checks each element of an `in` list and each value of a switch case', () => {
    const inList = errorsOf(conditionPolicy({ fact: 'lead.region', operator: 'in', value: ['华东', 'east', '华南'] }));
    expect(inList.map((x) => [x.code, x.field])).toEqual([['leadFieldValue', 'condition.value[1]']]);
    const sw: NodeInput = {
      id: 'sw',
      type: 'switch',
      data: {
        fact: 'lead.region',
        cases: [
          { id: 'e', values: ['华东', '华南'] },
          { id: 'w', values: ['西南', 'west'] },
        ],
      },
    };
    const errors = errorsOf({
      key: 'k',
      kind: 'routing',
      name: 'n',
      nodes: [T, sw, notify('a')],
      edges: [e('e1', 't', 'sw'), e('e2', 'sw', 'a', 'e'), e('e3', 'sw', 'a', 'w'), e('e4', 'sw', 'a', 'default')],
    });
    expect(errors.map((x) => [x.code, x.nodeId, x.field])).toEqual([['leadFieldValue', 'sw', 'cases[1].values[1]']]);
  });

  it('a number compared with a text field, or text with a number field, is an error', () => {
    const text = errorsOf(conditionPolicy({ fact: 'lead.region', operator: 'equal', value: 5 }));
    expect(text.map((x) => [x.code, x.field, x.message.en])).toEqual([['leadFieldType', 'condition.value', 'lead.region is an enum field; 5 is a number']]);
    const number = errorsOf(conditionPolicy({ fact: 'lead.budget', operator: 'equal', value: '500000' }));
    expect(number.map((x) => [x.code, x.field, x.message.en])).toEqual([
      ['leadFieldType', 'condition.value', 'lead.budget is a number field; "500000" is a string'],
    ]);
    const ordered = errorsOf(conditionPolicy({ fact: 'lead.company', operator: 'greaterThan', value: 5 }));
    expect(ordered.map((x) => [x.code, x.field, x.message.en])).toEqual([
      ['leadFieldType', 'condition.operator', 'lead.company is a string field; "greaterThan" compares numbers'],
    ]);
  });

  it('lists take contains; single values take equal and in; a null test is always allowed', () => {
    expect(compilePolicy(conditionPolicy({ fact: 'lead.needs', operator: 'contains', value: 'sap' }), { fields: CATALOG }).ok).toBe(true);
    expect(errorsOf(conditionPolicy({ fact: 'lead.needs', operator: 'contains', value: 'sapp' })).map((x) => x.code)).toEqual(['leadFieldValue']);
    expect(errorsOf(conditionPolicy({ fact: 'lead.needs', operator: 'equal', value: 'sap' })).map((x) => x.field)).toEqual(['condition.operator']);
    expect(errorsOf(conditionPolicy({ fact: 'lead.region', operator: 'contains', value: '华东' })).map((x) => x.field)).toEqual(['condition.operator']);
    expect(compilePolicy(conditionPolicy({ fact: 'lead.budget', operator: 'equal', value: null }), { fields: CATALOG }).ok).toBe(true);
    expect(compilePolicy(conditionPolicy({ fact: 'lead.budget', operator: 'exists', value: false }), { fields: CATALOG }).ok).toBe(true);
  });

  it('points per unit need a number field', () => {
    const sc: NodeInput = { id: 'sc', type: 'score', data: { perUnit: [{ fact: 'lead.region', points: 5 }] } };
    const errors = errorsOf({ key: 'k', kind: 'scoring', name: 'n', nodes: [T, sc], edges: [e('e1', 't', 'sc')] });
    expect(errors.map((x) => [x.code, x.nodeId, x.field])).toEqual([['leadFieldType', 'sc', 'perUnit[0].fact']]);
  });

  it('without a catalog the same checks on built-in fields come back as warnings, never errors', () => {
    const result = compilePolicy(conditionPolicy({ fact: 'lead.score', operator: 'equal', value: 'high' }));
    expect(result.ok).toBe(true);
    expect(result.warnings?.map((w) => [w.code, w.field, w.message.en])).toEqual([
      ['leadFieldType', 'condition.value', 'lead.score is a number field; "high" is a string'],
    ]);
  });
});

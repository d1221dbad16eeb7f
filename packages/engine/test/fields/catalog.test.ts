/**
 * The seed catalog (examples/fields.json) covers every lead field the examples use, with the
 * right type, and every example policy compiles against it with no error and no warning.
 */
import { examplePolicy, exampleState, exampleTimeline, listExamples } from '@sluice/examples';
import { describe, expect, it } from 'vitest';
import { BEHAVIOUR_COUNTERS } from '../../src/runtime/eventFacts.js';
import {
  BUILT_IN_LEAD_FIELDS,
  compilePolicy,
  describeLeadFields,
  leadFieldCatalogSchema,
  leadFieldIndex,
  leadFieldRowSchema,
  leadSchema,
  rowToLeadField,
} from '../../src/index.js';
import { exampleFields } from './helpers.js';

/** Every lead field an example state or timeline sends, dotted for nested objects, with the values seen. */
function sentLeadFields(): Map<string, unknown[]> {
  const seen = new Map<string, unknown[]>();
  const lead = (l: Record<string, unknown>, prefix = '') => {
    for (const [k, v] of Object.entries(l)) {
      if (v && typeof v === 'object' && !Array.isArray(v)) lead(v as Record<string, unknown>, `${prefix}${k}.`);
      else seen.set(prefix + k, [...(seen.get(prefix + k) ?? []), v]);
    }
  };
  const scan = (o: unknown): void => {
    if (Array.isArray(o)) {
      o.forEach(scan);
      return;
    }
    if (!o || typeof o !== 'object') return;
    for (const [k, v] of Object.entries(o)) {
      if (k === 'lead' && v && typeof v === 'object' && !Array.isArray(v)) lead(v as Record<string, unknown>);
      else if (k === 'leads' && Array.isArray(v)) v.forEach((l) => lead(l as Record<string, unknown>));
      else scan(v);
    }
  };
  for (const name of listExamples('states')) scan(exampleState(name));
  for (const name of listExamples('timelines')) scan(exampleTimeline(name));
  return seen;
}

describe('built-in lead fields', () => {
  it('are exactly the fields leadSchema types and the behaviour counters the engine keeps', () => {
    const counters = new Set(Object.values(BEHAVIOUR_COUNTERS));
    expect(BUILT_IN_LEAD_FIELDS.map((f) => f.name).sort()).toEqual([...Object.keys(leadSchema.shape), ...counters].sort());
    for (const f of BUILT_IN_LEAD_FIELDS) if (counters.has(f.name)) expect(f.type).toBe('number');
  });
  it('each has an English and a Chinese label', () => {
    for (const f of BUILT_IN_LEAD_FIELDS) {
      expect(f.label.en).not.toBe('');
      expect(f.label.zh).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('examples/fields.json', () => {
  const fields = exampleFields();

  it('every example policy compiles against it with no error and no warning', () => {
    const names = listExamples('policies');
    expect(names.length).toBeGreaterThan(30);
    for (const name of names) {
      const result = compilePolicy(examplePolicy(name), { fields });
      expect([name, result.ok ? [] : result.errors, result.warnings ?? []]).toEqual([name, [], []]);
    }
  });

  it('without it, the examples that read CRM fields get warnings (and still compile); the behaviour counters are built in', () => {
    const result = compilePolicy(examplePolicy('s03-scoring-thresholds'));
    expect(result.ok).toBe(true);
    // The criteria read CRM fields; the per-unit points read visits, downloads, formFills.
    expect(result.warnings?.map((w) => w.field)).toEqual(['criteria[0].when.fact', 'criteria[1].when.fact', 'criteria[2].when.fact']);
  });

  it('covers every lead field an example state or timeline sends, and each value fits its type', () => {
    const index = leadFieldIndex(fields);
    const sent = sentLeadFields();
    expect(sent.size).toBeGreaterThan(30);
    for (const [name, values] of sent) {
      const field = index.byName.get(name);
      expect([name, field !== undefined]).toEqual([name, true]);
      for (const v of values) {
        if (v === null) continue;
        const fits =
          field!.type === 'number'
            ? typeof v === 'number'
            : field!.type === 'boolean'
              ? typeof v === 'boolean'
              : field!.type === 'string[]'
                ? Array.isArray(v)
                : typeof v === 'string';
        expect([name, v, fits]).toEqual([name, v, true]);
        if (field!.type === 'enum') expect([name, field!.values!.some((a) => a.value === v)]).toEqual([name, true]);
      }
    }
  });
});

describe('the field schema', () => {
  const label = { en: 'x', zh: '某' };
  const issues = (input: unknown) => {
    const r = leadFieldCatalogSchema.safeParse(input);
    return r.success ? [] : r.error.issues.map((i) => [i.path.join('.'), i.message.split(' / ')[0]]);
  };

  it('refuses an enum without values, values on a number, a name twice and a contradicted built-in', () => {
    expect(issues([{ name: 'tier', type: 'enum', label }])).toEqual([['0.values', 'an enum field lists its allowed values']]);
    expect(issues([{ name: 'n', type: 'number', values: ['1'], label }])).toEqual([['0.values', 'only enum and string[] fields list values, not number']]);
    expect(
      issues([
        { name: 'a', type: 'string', label },
        { name: 'a', type: 'number', label },
      ]),
    ).toEqual([['1.name', '"a" is also field 0']]);
    expect(issues([{ name: 'score', type: 'string', label }])).toEqual([['0.type', 'score is a built-in number field and cannot be string']]);
    expect(issues([{ name: 'level', type: 'enum', values: ['A', 'B'], label }])).toEqual([]);
    expect(issues([{ name: 'bad name', type: 'string', label }]).map((i) => i[0])).toEqual(['0.name']);
  });

  it('a roster row is the same field keyed by id', () => {
    const row = leadFieldRowSchema.parse({ id: 'region', type: 'enum', values: ['华东', { value: '华南', label: { en: 'South', zh: '华南' } }], label });
    expect(rowToLeadField(row)).toEqual({ name: 'region', type: 'enum', values: ['华东', { value: '华南', label: { en: 'South', zh: '华南' } }], label });
  });
});

describe('describeLeadFields: what the editor offers', () => {
  it('lists built-in and catalog fields by name, with fact path, type, values and labels', () => {
    const described = describeLeadFields(exampleFields());
    const names = described.map((d) => d.name);
    expect(names).toEqual([...names].sort());
    expect(described.find((d) => d.name === 'region')).toMatchObject({
      fact: 'lead.region',
      type: 'enum',
      builtIn: false,
      label: { en: 'Region', zh: '区域' },
      values: expect.arrayContaining([{ value: 'east', label: { en: 'East', zh: '华东' } }]),
    });
    expect(described.find((d) => d.name === 'status')).toEqual({
      fact: 'lead.status',
      name: 'status',
      type: 'enum',
      values: [{ value: 'open' }, { value: 'won' }, { value: 'lost' }],
      label: { en: 'Status', zh: '状态' },
      builtIn: true,
    });
    expect(describeLeadFields().map((d) => d.name)).toEqual(BUILT_IN_LEAD_FIELDS.map((f) => f.name).sort());
  });
});

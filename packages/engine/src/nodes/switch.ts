import { z } from 'zod';
import type { Condition } from '../expression/condition.js';
import { checkFactPath } from '../expression/factPath.js';
import { defineNode } from '../types/nodeSpec.js';

const scalar = z.union([z.string().max(200), z.number(), z.boolean()]);
const caseSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, _ and - only / 只能使用字母、数字、_ 与 -'),
  /** One value or several (a case for "华东" may list 上海, 江苏, 浙江). */
  values: z.array(scalar).min(1).max(500),
  label: z.string().max(100).optional(),
});

/**
 * Branch on one field's value. Cases are tried in order and the first that matches wins, so
 * overlapping cases are never ambiguous; anything else leaves through `default`.
 */
export const switchNode = defineNode({
  kind: 'switch',
  category: 'logic',
  labels: { en: 'Switch', zh: '分支' },
  help: {
    en: 'Sends the lead down the branch whose values contain the field (region, product line, industry, size …); first match wins, otherwise "default".',
    zh: '按字段取值（区域、产品线、行业、规模等）走对应分支；按顺序取第一个匹配的分支，都不匹配走“默认”。',
  },
  schema: z
    .strictObject({ fact: z.string(), cases: z.array(caseSchema).min(1).max(200) })
    .refine((c) => new Set(c.cases.map((x) => x.id)).size === c.cases.length && !c.cases.some((x) => x.id === 'default'), {
      message: 'case ids must be unique and not "default"',
      path: ['cases'],
    }),
  defaults: { fact: 'lead.region', cases: [{ id: 'east', values: ['east'] }] },
  outputs: (c) => [
    ...c.cases.map((x) => ({ handle: x.id, labels: { en: x.label ?? x.values.join(' / '), zh: x.label ?? x.values.join(' / ') } })),
    { handle: 'default', labels: { en: 'default', zh: '默认' } },
  ],
  requiredHandles: () => ['default'],
  branches: (c) => {
    const tests: Condition[] = c.cases.map((x) =>
      x.values.length === 1 ? { fact: c.fact, operator: 'equal', value: x.values[0]! } : { fact: c.fact, operator: 'in', value: x.values },
    );
    const out: Record<string, Condition> = {};
    c.cases.forEach((x, i) => {
      out[x.id] = i === 0 ? tests[0]! : { all: [tests[i]!, { not: { any: tests.slice(0, i) } }] };
    });
    out.default = { not: { any: tests } };
    return out;
  },
  check: (c) => {
    const problem = checkFactPath(c.fact);
    return problem ? [{ field: 'fact', message: problem.message }] : [];
  },
  explain: (c, read) => {
    const saw = read(c.fact);
    // indexOf (===), not includes: the `in`/`equal` rules the branches compile to never match NaN.
    const matched = c.cases.find((x) => x.values.indexOf(saw as never) > -1)?.id;
    return { detail: { fact: c.fact, saw: saw === undefined ? null : (saw as never), case: matched ?? 'default' } };
  },
});

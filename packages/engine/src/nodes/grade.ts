import { z } from 'zod';
import { conditionSchema, type Condition } from '../expression/condition.js';
import { defineNode, NEXT } from '../types/nodeSpec.js';
import { labelledEnum } from './optionLabels.js';

const bandSchema = z.strictObject({
  grade: z.string().min(1).max(20),
  /** Lowest score for this grade. */
  minScore: z.number().optional(),
  /** Criteria both marketing and sales agreed on (S1), e.g. has company ∧ budget ∧ buys within 3 months. */
  when: conditionSchema.optional(),
  label: z.string().max(100).optional(),
});

const STAGES = ['MQL', 'SQL'] as const;

/**
 * Score bands → grade (first matching band wins, top to bottom), plus MQL/SQL thresholds that
 * promote a lead but never demote it.
 */
export const grade = defineNode({
  kind: 'grade',
  category: 'scoring',
  labels: { en: 'Grade', zh: '分级' },
  help: {
    en: 'Turns the score (and agreed criteria) into a grade A/B/C/D, and promotes the lead to MQL or SQL past the thresholds.',
    zh: '按分数段（及双方认可的标准）给出 A/B/C/D 等级，分数达到阈值时自动升级为 MQL 或 SQL。',
  },
  schema: z
    .strictObject({
      bands: z.array(bandSchema).min(1).max(20),
      otherwise: z.string().min(1).max(20).default('D'),
      /**
       * What to grade: this decision's running score, a score the CRM or a scoring policy stored, or
       * the smart score (智能评分) a `score.model` node wrote, in this decision or an earlier one.
       */
      scoreFact: labelledEnum(['score', 'lead.score', 'lead.smartScore'], {
        score: { en: 'The score worked out in this decision (score)', zh: '本次决策算出的得分（score）' },
        'lead.score': { en: 'The score stored on the lead (lead.score)', zh: '线索上保存的得分（lead.score）' },
        'lead.smartScore': { en: 'The smart score (lead.smartScore)', zh: '智能评分（lead.smartScore）' },
      }).default('score'),
      mqlAt: z.number().optional(),
      sqlAt: z.number().optional(),
    })
    .refine((c) => c.mqlAt === undefined || c.sqlAt === undefined || c.sqlAt >= c.mqlAt, { message: 'sqlAt must be ≥ mqlAt', path: ['sqlAt'] }),
  defaults: {
    bands: [
      { grade: 'A', minScore: 80 },
      { grade: 'B', minScore: 60 },
      { grade: 'C', minScore: 30 },
    ],
    otherwise: 'D',
    mqlAt: 30,
    sqlAt: 60,
  },
  outputs: () => [NEXT],
  emits: (c) => {
    const tests: Condition[] = c.bands.map((b) => {
      const parts: Condition[] = [];
      if (b.minScore !== undefined) parts.push({ fact: c.scoreFact, operator: 'greaterThanInclusive', value: b.minScore });
      if (b.when) parts.push(b.when);
      return { all: parts };
    });
    return [
      ...c.bands.map((b, i) => ({
        when: i === 0 ? tests[0]! : { all: [tests[i]!, { not: { any: tests.slice(0, i) } }] },
        params: { grade: b.grade },
      })),
      { when: { not: { any: tests } }, params: { grade: c.otherwise } },
    ];
  },
  writes: () => ['grade', 'stage'],
  reads: (c) => [c.scoreFact, 'lead.stage'],
  execute: (ctx, c, fired) => {
    const i = fired[0] ?? c.bands.length;
    const g = i < c.bands.length ? c.bands[i]!.grade : c.otherwise;
    ctx.setFact('grade', g);
    const s = Number(ctx.fact(c.scoreFact)) || 0;
    const reached = c.sqlAt !== undefined && s >= c.sqlAt ? 'SQL' : c.mqlAt !== undefined && s >= c.mqlAt ? 'MQL' : undefined;
    const raw = ctx.fact('lead.stage');
    const current = typeof raw === 'string' && raw !== '' ? raw : undefined;
    const rank = (x: string | undefined) => (x ? STAGES.indexOf(x as (typeof STAGES)[number]) : -1);
    // A stage off the MQL → SQL ladder (an opportunity stage such as "solution_design") is past it: never overwrite it.
    const onLadder = current === undefined || rank(current) >= 0;
    const stage = onLadder && rank(reached) > rank(current) ? reached : undefined;
    const staging = c.mqlAt !== undefined || c.sqlAt !== undefined;
    // Downstream nodes read `stage` as the lead's stage after grading, promoted or not.
    if (staging && (stage ?? current)) ctx.setFact('stage', stage ?? current);
    const band = i < c.bands.length ? c.bands[i]! : undefined;
    return {
      outcome: undefined,
      detail: {
        score: s,
        grade: g,
        band: band ? i : 'otherwise',
        ...(band?.label ? { label: band.label } : {}),
        ...(staging ? { stageBefore: current ?? null } : {}),
        ...(stage ? { promotedTo: stage } : {}),
      },
    };
  },
});

import { z } from 'zod';
import { conditionSchema, type Condition } from '../expression/condition.js';
import { checkFactPath } from '../expression/factPath.js';
import { defineNode, NEXT, type ConfigProblem } from '../types/nodeSpec.js';
import { labelledEnum } from './optionLabels.js';

const criterionSchema = z.strictObject({
  label: z.string().max(100).optional(),
  kind: labelledEnum(['attribute', 'behaviour'], {
    attribute: { en: 'Attribute (who the lead is)', zh: '属性分（线索是谁）' },
    behaviour: { en: 'Behaviour (what the lead did)', zh: '行为分（线索做了什么）' },
  }).default('attribute'),
  when: conditionSchema,
  points: z.number().min(-1000).max(1000),
});
/** Behaviour points per unit: 5 per page visit, at most 30. */
const perUnitSchema = z.strictObject({
  label: z.string().max(100).optional(),
  fact: z.string(),
  points: z.number().min(-1000).max(1000),
  max: z.number().optional(),
});

/** A sum or product of finite numbers that overflowed, held at the largest finite value. */
const finite = (x: number): number => (Number.isFinite(x) ? x : x > 0 ? Number.MAX_VALUE : -Number.MAX_VALUE);

export const score = defineNode({
  kind: 'score',
  category: 'scoring',
  labels: { en: 'Score', zh: '评分' },
  help: {
    en: 'Adds attribute points (industry, size, budget) and behaviour points (visits, downloads, replies) to the lead score.',
    zh: '为线索累加属性分（行业、规模、预算）和行为分（访问、下载、回复）。',
  },
  schema: z.strictObject({ criteria: z.array(criterionSchema).max(100).default([]), perUnit: z.array(perUnitSchema).max(50).default([]) }),
  defaults: {
    criteria: [{ kind: 'attribute', label: 'has budget', when: { fact: 'lead.budget', operator: 'exists', value: true } as Condition, points: 20 }],
    perUnit: [],
  },
  outputs: () => [NEXT],
  emits: (c) => [
    ...c.criteria.map((x) => ({ when: x.when, params: { points: x.points, kind: x.kind, label: x.label ?? null } })),
    ...c.perUnit.map((u) => ({ params: { perUnit: u.fact, points: u.points, max: u.max ?? null, label: u.label ?? null } })),
    // Always fires, so a lead that no longer earns any points is written back as 0 rather than keeping its old score.
    { params: { base: true } },
  ],
  writes: () => ['score'],
  reads: (c) => c.perUnit.map((u) => u.fact),
  check: (c) => {
    const problems: ConfigProblem[] = [];
    c.perUnit.forEach((u, i) => {
      const p = checkFactPath(u.fact);
      if (p) problems.push({ field: `perUnit[${i}].fact`, message: p.message });
    });
    return problems;
  },
  execute: (ctx, c, fired) => {
    const breakdown: Array<{ label: string; kind: string; points: number; units?: number; capped?: boolean }> = [];
    let total = 0;
    for (const i of fired) {
      if (i >= c.criteria.length + c.perUnit.length) continue;
      if (i < c.criteria.length) {
        const x = c.criteria[i]!;
        total += x.points;
        breakdown.push({ label: x.label ?? `criterion ${i + 1}`, kind: x.kind, points: x.points });
      } else {
        const u = c.perUnit[i - c.criteria.length]!;
        const units = Number(ctx.fact(u.fact));
        if (!Number.isFinite(units) || units <= 0) continue;
        // Absurd unit counts (1e308 visits) must not make the score Infinity, which JSON stores as null.
        const raw = finite(units * u.points);
        const points = u.max === undefined ? raw : Math.min(raw, u.max);
        total += points;
        breakdown.push({ label: u.label ?? `${u.fact} × ${u.points}`, kind: 'behaviour', points, units, capped: points !== raw });
      }
    }
    const before = Number(ctx.fact('score')) || 0;
    const after = finite(before + total);
    ctx.setFact('score', after);
    return { detail: { added: total, score: after, breakdown } };
  },
});

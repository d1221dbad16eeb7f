import { z } from 'zod';
import { candidateSelection, gatherCandidates, selectionProblems, type Candidate } from '../../assignment/candidates.js';
import { alreadyAssigned, nobodyGotLead, settle, ASSIGNMENT_NODE, SELECTION_DEFAULTS } from '../../assignment/assign.js';
import type { Rep } from '../../types/domain.js';
import { listHas } from '../../matching/normalise.js';
import { defineNode } from '../../types/nodeSpec.js';

const EPS = 1e-9;
const round = (x: number) => Math.round(x * 1e4) / 1e4;

const PARTS = ['industry', 'language', 'region', 'product', 'skills', 'conversion', 'headroom'] as const;
type Part = (typeof PARTS)[number];

const DEFAULT_WEIGHTS: Record<Part, number> = { industry: 3, language: 2, region: 2, product: 2, skills: 2, conversion: 1, headroom: 1 };
const DEFAULT_FACTS = { industry: 'lead.industry', language: 'lead.language', region: 'lead.region', product: 'lead.product', needs: 'lead.needs' };

const weight = (d: number) => z.number().min(0).max(100).default(d);
const factPath = (d: string) => z.string().min(1).max(200).default(d);

/** The rep list each lead fact is looked up in. */
const LISTS = { industry: 'industries', language: 'languages', region: 'regions', product: 'products' } as const satisfies Partial<Record<Part, keyof Rep>>;

const asList = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

/**
 * Profile matching (S12), like ride-hailing dispatch: every available rep is scored against
 * this lead and the best match wins. Each part is 0‥1 times its weight:
 * industry / language / region / product: 1 when the rep's list holds the lead's value (any of them, for a list);
 * skills: the share of the lead's needs the rep's skills cover;
 * conversion: the rep's past conversion rate relative to the best among the available reps
 * (so the weight means "the best converter gets it all"; unknown counts as 0);
 * headroom: (cap − open leads) ÷ cap, 0 without a cap.
 */
export const profileMatch = defineNode({
  kind: 'assign.profileMatch',
  ...ASSIGNMENT_NODE,
  labels: { en: 'Best profile match', zh: '画像匹配分配' },
  help: {
    en:
      'Scores every available rep against the lead — industry, language, region, product, skills covering the lead’s needs, past conversion rate (relative to the best available rep) and room under their cap — ' +
      'with the weights set here, and gives the lead to the highest score (ties: fewer open leads, then rep id). Below the minimum score nobody gets it.',
    zh:
      '按此处设置的权重，从行业、语言、区域、产品、技能覆盖线索需求、历史转化率（相对可用销售中的最高者）和剩余容量几方面为每位可用销售与该线索的匹配度打分，' +
      '分配给得分最高者（同分时未结线索少者优先，再按销售 id）。最高分低于最低分数时不分配。',
  },
  schema: z.strictObject({
    ...candidateSelection,
    weights: z
      .strictObject({
        industry: weight(DEFAULT_WEIGHTS.industry),
        language: weight(DEFAULT_WEIGHTS.language),
        region: weight(DEFAULT_WEIGHTS.region),
        product: weight(DEFAULT_WEIGHTS.product),
        skills: weight(DEFAULT_WEIGHTS.skills),
        conversion: weight(DEFAULT_WEIGHTS.conversion),
        headroom: weight(DEFAULT_WEIGHTS.headroom),
      })
      .default(DEFAULT_WEIGHTS),
    /** Where the lead's side of each comparison is read. */
    facts: z
      .strictObject({
        industry: factPath(DEFAULT_FACTS.industry),
        language: factPath(DEFAULT_FACTS.language),
        region: factPath(DEFAULT_FACTS.region),
        product: factPath(DEFAULT_FACTS.product),
        needs: factPath(DEFAULT_FACTS.needs),
      })
      .default(DEFAULT_FACTS),
    /** Cap for the headroom part when a rep has none of their own. */
    defaultCap: z.number().int().min(0).optional(),
    /** A best score below this leaves the lead unassigned (noCandidate). */
    minScore: z.number().min(0).optional(),
  }),
  defaults: { ...SELECTION_DEFAULTS },
  reads: (config) => Object.values(config.facts),
  check: selectionProblems,
  execute: (ctx, config, _fired, nodeId) => {
    const done = alreadyAssigned(ctx, nodeId);
    if (done) return done;
    const gathered = gatherCandidates(ctx, config, (rep) => rep.cap ?? config.defaultCap);
    const wanted = {
      industry: asList(ctx.fact(config.facts.industry)),
      language: asList(ctx.fact(config.facts.language)),
      region: asList(ctx.fact(config.facts.region)),
      product: asList(ctx.fact(config.facts.product)),
    };
    const needs = asList(ctx.fact(config.facts.needs));
    const bestRate = Math.max(0, ...gathered.eligible.map((c) => c.rep.conversionRate ?? 0));

    const partsOf = (c: Candidate): Record<Part, number> => {
      const rep = c.rep;
      const cap = rep.cap ?? config.defaultCap;
      // Compared as listHas compares: "Manufacturing", "ZH", "East-China " match "manufacturing", "zh", "east-china".
      const has = (part: keyof typeof LISTS) => (wanted[part].some((v) => listHas(rep[LISTS[part]], v)) ? 1 : 0);
      return {
        industry: has('industry'),
        language: has('language'),
        region: has('region'),
        product: has('product'),
        skills: needs.length === 0 ? 0 : needs.filter((n) => listHas(rep.skills, n)).length / needs.length,
        conversion: bestRate > 0 ? (rep.conversionRate ?? 0) / bestRate : 0,
        headroom: cap !== undefined && cap > 0 ? Math.min(1, Math.max(0, (cap - c.load) / cap)) : 0,
      };
    };

    let chosen: Candidate | undefined;
    let bestScore = 0;
    for (const c of gathered.eligible) {
      const parts = partsOf(c);
      let score = 0;
      for (const p of PARTS) {
        const points = config.weights[p] * parts[p];
        score += points;
        c.row.detail[`score.${p}`] = round(points);
      }
      c.row.detail.score = round(score);
      if (c.rep.conversionRate !== undefined) c.row.detail.conversionRate = c.rep.conversionRate;
      // Eligible reps arrive in id order, so the first of equals keeps the last tie.
      const better = !chosen || score > bestScore + EPS || (Math.abs(score - bestScore) <= EPS && c.load < chosen.load);
      if (better) {
        chosen = c;
        bestScore = score;
      }
    }
    const detail = { leadProfile: { ...wanted, needs } };
    if (ctx.leadId && chosen && config.minScore !== undefined && bestScore < config.minScore - EPS) {
      const best = chosen.rep.id;
      const note = {
        en: `best match ${best} scored ${round(bestScore)}, below the minimum ${config.minScore}`,
        zh: `最佳匹配 ${best} 得分 ${round(bestScore)}，低于最低分数 ${config.minScore}`,
      };
      const settled = settle(ctx, nodeId, 'profileMatch', gathered, undefined, detail);
      return { ...settled, note, ...(settled.summary ? { summary: nobodyGotLead(ctx.leadId, nodeId, note) } : {}) };
    }
    return settle(ctx, nodeId, 'profileMatch', gathered, chosen, detail);
  },
});

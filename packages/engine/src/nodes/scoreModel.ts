import { z } from 'zod';
import { compiledScoreModel, type ScoreContribution, type ScoreResult } from '../scoreModel/score.js';
import type { Labels } from '../types/decision.js';
import { defineNode, NEXT } from '../types/nodeSpec.js';
import { labelledEnum } from './optionLabels.js';

/**
 * Lead fields a smart score must not overwrite: the ones the server keeps (owner, pool …), the
 * lead's identity and clocks, and the facts other nodes write (`score`, `grade`, `stage`).
 */
const RESERVED_FIELDS = new Set([
  'id',
  'createdAt',
  'ownerId',
  'poolId',
  'ownedSince',
  'queueId',
  'cascade',
  'status',
  'score',
  'grade',
  'stage',
  'lastActivityAt',
  'reportedAt',
  'discoveredAt',
]);

/** Same rule as the model's key (scoreModel/model.ts), so a node can only name a key a model can have. */
const MODEL_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** "+12", "−5" (a true minus sign, as people write it), one decimal kept only where it says something. */
export function signedPoints(points: number): string {
  const abs = Math.abs(points);
  const text = Number.isInteger(abs) ? String(abs) : abs.toFixed(1);
  return `${points < 0 ? '−' : '+'}${text}`;
}

/** A category level's own words (转介绍 → Referral), when the model gives them. */
type LevelLabel = (featureId: string, value: string) => Labels | undefined;

/** What the lead's value reads as in one language: a level's own label, yes/no, or "missing". */
function shownValue(c: ScoreContribution, lang: 'en' | 'zh', levelLabel: LevelLabel): string {
  if (c.value === null) return lang === 'zh' ? '（缺失）' : '(missing)';
  if (typeof c.value === 'boolean') return lang === 'zh' ? (c.value ? '是' : '否') : c.value ? 'yes' : 'no';
  if (typeof c.value === 'string') return levelLabel(c.id, c.value)?.[lang] ?? c.value;
  return String(c.value);
}

/** The top pushes in plain words: "来源=转介绍 +12，行业=医疗 −5" / "Source = Referral +12, Industry = Healthcare −5". */
export function contributionWords(top: readonly ScoreContribution[], levelLabel: LevelLabel): Labels {
  const zh = top.map((c) => `${c.label.zh}=${shownValue(c, 'zh', levelLabel)} ${signedPoints(c.points)}`);
  const en = top.map((c) => `${c.label.en} = ${shownValue(c, 'en', levelLabel)} ${signedPoints(c.points)}`);
  return { en: en.join(', '), zh: zh.join('，') };
}

/**
 * The smart score (智能评分, S-issue 15): the tenant's published model's P(won) for the lead, written to
 * a lead field (`lead.smartScore`) that later nodes, later decisions and `grade` bands read like
 * any score, with the features that pushed it up or down in plain words.
 */
export const scoreModel = defineNode({
  kind: 'score.model',
  category: 'scoring',
  labels: { en: 'Smart score', zh: '智能评分' },
  help: {
    en: 'Scores the lead with a model learned from your own won and lost leads (0–100 or a probability), writes it to the lead, and explains which features pushed it up or down.',
    zh: '用从本公司赢单与输单线索中学得的模型为线索打分（0–100 分或概率），写入线索字段，并说明哪些特征拉高或拉低了分数。',
  },
  schema: z.strictObject({
    /** The published model's key (`marketing-win`). */
    model: z.string().min(1).max(100).regex(MODEL_KEY, 'letters, digits, dot, dash, underscore / 仅限字母、数字、点、短横线、下划线'),
    /** 0–100 (one decimal) or the calibrated probability 0–1. */
    output: labelledEnum(['score100', 'probability'], {
      score100: { en: 'Score 0–100', zh: '0–100 分' },
      probability: { en: 'Win probability 0–1', zh: '成交概率 0–1' },
    }).default('score100'),
    /** The lead field written: `lead.<writeTo>`, kept on the lead for later decisions. */
    writeTo: z
      .string()
      .max(60)
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a plain field name (letters, digits, underscore) / 须为普通字段名（字母、数字、下划线）')
      .refine((f) => !RESERVED_FIELDS.has(f), { message: 'this lead field is kept by the engine or the server / 该线索字段由引擎或服务器维护，不能写入' })
      .default('smartScore'),
    /** Also add the 0–100 score to the running `score`, so a `grade` on `score` bands by it. */
    addToScore: z.boolean().default(false),
    /** How many features the explanation names. */
    explainTop: z.number().int().min(1).max(10).default(3),
  }),
  defaults: { model: 'marketing-win', output: 'score100', writeTo: 'smartScore', addToScore: false, explainTop: 3 },
  outputs: () => [NEXT],
  // Always fires: a lead is scored on every pass, so its smart score follows what it is now.
  emits: (c) => [{ params: { model: c.model } }],
  writes: (c) => [`lead.${c.writeTo}`, ...(c.addToScore ? ['score'] : [])],
  execute: (ctx, c) => {
    const model = ctx.state.scoreModel?.(c.model);
    if (!model) {
      const message = {
        en: `model "${c.model}" has no published version: the lead was not smart-scored`,
        zh: `模型 "${c.model}" 尚未发布：线索未进行智能评分`,
      };
      ctx.warn({ code: 'modelMissing', error: `score model ${c.model} not found`, message });
      return { detail: { model: c.model, version: null, missing: true }, note: message };
    }
    const compiled = compiledScoreModel(model);
    const input = {
      fact: (path: string) => ctx.fact(path),
      // The lead's own fields, read directly while no node of this decision has changed one.
      record: ctx.leadFields(),
      ...(ctx.leadId ? { activities: ctx.state.activities(ctx.leadId) } : {}),
      ...(ctx.lead?.createdAt !== undefined ? { createdAt: ctx.lead.createdAt } : {}),
      now: ctx.nowMs,
    };
    // A replay reads no explanation: the score alone, without ranking the features that made it.
    const r: ScoreResult & { contributions?: ScoreContribution[] } = ctx.explain !== false ? compiled.explainTop(input, c.explainTop) : compiled.score(input);
    const value = c.output === 'probability' ? r.probability : r.score;
    ctx.setFact(`lead.${c.writeTo}`, value);
    if (c.addToScore) {
      const before = Number(ctx.fact('score')) || 0;
      ctx.setFact('score', before + r.score);
    }
    const models = [{ key: model.key, version: model.version }];
    if (ctx.explain === false) return { detail: { model: model.key, version: model.version }, models };
    // Only real pushes are named: explainTop leaves out a feature that moved nothing.
    const top = r.contributions ?? [];
    const words = contributionWords(top, (id, value) => {
      const f = model.features.find((x) => x.id === id);
      return f?.kind === 'category' ? f.levels.find((l) => l.value === value)?.label : undefined;
    });
    const ref = `${model.key} v${model.version}`;
    const shown = c.output === 'probability' ? r.probability.toFixed(3) : String(r.score);
    return {
      detail: {
        model: model.key,
        version: model.version,
        probability: r.probability,
        score: r.score,
        field: `lead.${c.writeTo}`,
        value,
        top: top.map((x) => ({ id: x.id, label: x.label, value: x.value, points: x.points })),
      },
      note: {
        en: `smart score ${shown} (model ${ref})${words.en ? `: ${words.en}` : ''}`,
        zh: `智能评分 ${shown}（模型 ${ref}）${words.zh ? `：${words.zh}` : ''}`,
      },
      models,
    };
  },
});

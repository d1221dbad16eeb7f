/**
 * The smart score's artefact (智能评分模型): a calibrated logistic model of P(won) over what is
 * known about a lead when it is scored. Trained by the simulator's trainer, versioned and published
 * by the server like a policy, read by the `score.model` node through `StateView.scoreModel`.
 * Plain JSON on purpose: the same document is stored, diffed, shipped to the editor and scored.
 */
import { z } from 'zod';

export const SCORE_MODEL_FORMAT = 'sluice.scoreModel/1' as const;

const words = z.strictObject({ en: z.string().max(200), zh: z.string().max(200) });
const finite = z.number().finite();

/**
 * Every feature contributes `weight · x` to the log-odds, where x is its encoded value, and carries
 * `reference`: its mean contribution over the training leads, so an explanation can say how far this
 * lead's value moved the score from an average lead's.
 */
const base = {
  /** Stable id inside the model (`source`, `visits`, `email@24h`). */
  id: z.string().min(1).max(100),
  /** What the user reads: 来源 / Source. */
  label: words,
  /** Contribution when the value is missing (missing is information too, stated in the report). */
  missingWeight: finite.default(0),
  reference: finite.default(0),
};

/** A number read from the lead (`lead.totalVisits`): x = (transform(clamp(v)) − mean) / scale. */
export const numericFeatureSchema = z.strictObject({
  ...base,
  kind: z.literal('numeric'),
  /** A fact path as conditions read it: `lead.totalVisits`. */
  fact: z.string().min(1).max(200),
  transform: z.enum(['none', 'log1p']).default('none'),
  /** Values are clamped into [min, max] before the transform, so an outlier cannot swing the score. */
  min: finite.optional(),
  max: finite.optional(),
  mean: finite,
  scale: z.number().finite().positive(),
  weight: finite,
});

/** A categorical value (`lead.source` = 转介绍): one weight per level seen often enough, `otherWeight` for the rest. */
export const categoryFeatureSchema = z.strictObject({
  ...base,
  kind: z.literal('category'),
  fact: z.string().min(1).max(200),
  levels: z.array(z.strictObject({ value: z.string().max(200), weight: finite, label: words.optional() })).max(500),
  otherWeight: finite.default(0),
});

/** A yes/no value: true contributes `weight`, false nothing. */
export const flagFeatureSchema = z.strictObject({
  ...base,
  kind: z.literal('flag'),
  fact: z.string().min(1).max(200),
  weight: finite,
});

/**
 * Early behaviour: how many activities (of one type, or any) the lead had within `withinHours` of its
 * creation, counting only those already happened when it is scored — what the trainer counted too,
 * so nothing later than the scoring horizon leaks in.
 */
export const activityCountFeatureSchema = z.strictObject({
  ...base,
  kind: z.literal('activityCount'),
  activityType: z.string().min(1).max(100).optional(),
  withinHours: z
    .number()
    .finite()
    .min(0)
    .max(24 * 365),
  transform: z.enum(['none', 'log1p']).default('log1p'),
  mean: finite,
  scale: z.number().finite().positive(),
  weight: finite,
});

export const modelFeatureSchema = z.discriminatedUnion('kind', [numericFeatureSchema, categoryFeatureSchema, flagFeatureSchema, activityCountFeatureSchema]);

/** Platt scaling of the raw log-odds: p = σ(a·z + b); absent means the raw σ(z) is already calibrated. */
const calibrationSchema = z.strictObject({ kind: z.literal('platt'), a: finite, b: finite });

/** Where the model came from: shown in the editor and stored with every version. */
const provenanceSchema = z
  .strictObject({
    /** sha256 of the training rows as imported (hex). */
    dataHash: z.string().max(128).optional(),
    rows: z.number().int().nonnegative().optional(),
    positives: z.number().int().nonnegative().optional(),
    /** Creation instants of the oldest and newest training lead. */
    from: z.string().max(40).optional(),
    to: z.string().max(40).optional(),
    trainedAt: z.string().max(40).optional(),
    trainedBy: z.string().max(200).optional(),
    /** The trainer's settings (regularisation, horizon, split) as given. */
    settings: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();

export const scoreModelSchema = z.strictObject({
  format: z.literal(SCORE_MODEL_FORMAT),
  /** The name policies use to refer to it (`score.model` node's `model`). */
  key: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dot, dash, underscore / 字母、数字、点、短横线、下划线'),
  /** Set by the server when a version is stored; 0 for a model not stored yet. */
  version: z.number().int().nonnegative().default(0),
  name: words.optional(),
  kind: z.literal('logistic'),
  intercept: finite,
  features: z.array(modelFeatureSchema).max(500),
  calibration: calibrationSchema.optional(),
  provenance: provenanceSchema.optional(),
});

export type ScoreModel = z.infer<typeof scoreModelSchema>;
export type ScoreModelInput = z.input<typeof scoreModelSchema>;
export type ModelFeature = z.infer<typeof modelFeatureSchema>;

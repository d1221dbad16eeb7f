/**
 * The shapes the models' routes answer with (routes.ts), for /openapi.json and the typed client.
 */
import { z } from 'zod';
import { columnText } from '../../db/limits.js';
import { simulations } from '../../db/schema.js';
import { modelVersionText } from '../../http/versionFields.js';
import { STATUSES } from '../simulations/routes.js';

export const words = z.object({ en: z.string(), zh: z.string() });
/** The engine's model key rule (scoreModelSchema.key), which a `score.model` node names. */
export const modelKey = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a model key: letters, digits, dot, dash, underscore (max 100)');
export const keyParam = z.object({ key: modelKey });
export const versionParam = keyParam.extend({ version: modelVersionText('version') });
export const jobParam = keyParam.extend({ id: columnText(simulations.id).min(1) });

export const versionView = z.object({
  key: z.string(),
  version: z.number().int(),
  status: z.enum(['draft', 'published', 'retired']).describe('draft: never published; retired: published before, replaced / 草稿、已发布、已停用'),
  source: z.enum(['trained', 'uploaded']),
  offered: z
    .boolean()
    .nullable()
    .describe('Does the evaluation offer it (beats the points score out of sample)? null without a report / 评估是否推荐（样本外优于积分）；无报告时为 null'),
  reason: words.nullable().describe("The evaluation's reason for its verdict / 评估结论的理由"),
  dataHash: z.string().nullable(),
  rows: z.number().int().nullable().describe('Training rows / 训练行数'),
  period: z.object({ from: z.string().nullable(), to: z.string().nullable() }).describe('Creation period of the training leads / 训练线索的创建时间范围'),
  settings: z.record(z.string(), z.unknown()).nullable(),
  datasetId: z.string().nullable(),
  jobId: z.string().nullable(),
  createdBy: z.string().describe('Who trained or uploaded it: user:<id> or key:<prefix> / 训练或上传者'),
  createdByEmail: z.string().nullable().describe("That user's e-mail when a person (not an API key) did / 该用户的邮箱（API 密钥操作时为 null）"),
  createdAt: z.string(),
  publishedBy: z.string().nullable().describe('Who published it last / 最近一次发布者'),
  publishedByEmail: z.string().nullable().describe("The publisher's e-mail when a person (not an API key) published / 发布者邮箱（API 密钥发布时为 null）"),
  publishedAt: z.string().nullable(),
  note: z.string().nullable(),
});

export const keySummary = z.object({
  key: z.string(),
  name: words.nullable().describe("The latest version's display name / 最新版本的名称"),
  publishedVersion: z.number().int().nullable(),
  latestVersion: z.number().int(),
  versions: z.number().int(),
});

export const overrideView = z
  .object({ reason: z.string(), actor: z.string(), at: z.string() })
  .nullable()
  .describe('Published although the evaluation did not offer it: who, when, why / 评估不推荐仍发布：操作人、时间与原因');

export const logEntry = z.object({
  version: z.number().int(),
  action: z.enum(['publish', 'rollback']),
  note: z.string(),
  actor: z.string(),
  email: z.string().nullable().describe('The e-mail when a person (not an API key) acted / 操作人邮箱（API 密钥时为 null）'),
  at: z.string(),
  override: overrideView,
});

export const jobItem = z.object({
  id: z.string(),
  key: z.string(),
  datasetId: z.string(),
  status: z.enum(STATUSES),
  progress: z.object({ done: z.number(), total: z.number(), phase: z.string(), label: z.string().optional() }),
  params: z.record(z.string(), z.unknown()).describe('The training request, the points policy version resolved / 训练请求（积分策略版本已解析）'),
  createdAt: z.string(),
  createdBy: z.string(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  error: words.optional(),
  version: z.number().int().optional().describe('The model version the job stored (a draft), once done / 任务完成后保存的模型版本（草稿）'),
});

export const note = z
  .string({
    error: (issue) =>
      issue.input === undefined
        ? "required: say why this version is published (shown in the model's history) / 必填：请说明发布该版本的原因（显示在模型的变更历史中）"
        : undefined,
  })
  .trim()
  .min(1, 'say why: every publication carries its reason / 请说明原因：每次发布都须附上理由')
  .max(2000);
export const overrideRequest = z
  .strictObject({ reason: z.string().trim().min(1).max(2000) })
  .describe('Publish although the evaluation does not offer the model: why / 评估不推荐仍要发布时，说明原因');

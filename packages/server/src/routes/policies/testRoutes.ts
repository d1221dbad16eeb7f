import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { needs } from '../../auth/middleware.js';
import { authProblems, jsonContent, problemResponse, writeAccess } from '../../http/responses.js';
import { policyVersionMessage, policyVersionText } from '../../http/versionFields.js';
import { checkEvent, previewFields, serverEventSchema } from '../../state/event.js';
import { decideAtField } from '../decide/schemas.js';
import { labels, testReport } from './testSchemas.js';

const keyParam = z.object({
  key: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'a policy key: lower-case letters, digits, . _ - (at most 64) / 策略键：小写字母、数字与 . _ -（最多 64 个字符）'),
});
const common = { tags: ['policies'] };
const VERSION = policyVersionMessage('version', ['draft']);

const cases = z
  .array(z.unknown())
  .max(500)
  .describe(
    "Cases to run instead of the document's own (the format of a policy document's tests; a malformed one is reported as that case's error) / 代替文档自带用例运行的用例（格式同策略文档的 tests；格式有误的用例作为该用例的错误返回）",
  );

export const runTests = createRoute({
  ...common,
  operationId: 'runPolicyTests',
  security: writeAccess,
  middleware: [needs('read')],
  method: 'post',
  path: '/v1/policies/{key}/tests/run',
  summary: "Run a policy's test cases in memory (nothing written) / 在内存中运行策略的测试用例（不写数据库）",
  description:
    'Runs `document` when given (an unsaved edit: which cases would it change?), else `version` (a published version or "draft"), else the draft. The cases are the document\'s own unless `cases` is given. A case whose given is { tenant: "current" } starts from the tenant as it is now (roster, pools, calendars, pointers, the leads it names). / 提供 document 时运行该文档（未保存的修改会改变哪些用例的结果），否则运行 version（已发布版本或 "draft"），默认运行草稿。用例取文档自带的，除非提供 cases。given 为 { tenant: "current" } 的用例从租户当前状态开始。',
  request: {
    params: keyParam,
    body: {
      content: {
        'application/json': {
          schema: z.strictObject({
            document: z.unknown().optional().describe('A policy document (see `sluice schema`) to run instead of a stored one / 代替已保存文档运行的策略文档'),
            version: z.union([z.literal('draft'), policyVersionText(VERSION)], { error: VERSION }).optional(),
            cases: cases.optional(),
          }),
        },
      },
      required: true,
    },
  },
  responses: { 200: jsonContent(testReport, 'The run'), ...authProblems, 404: problemResponse, 422: problemResponse },
});

const caseName = z
  .strictObject({ en: z.string().trim().min(1).max(200).optional(), zh: z.string().trim().min(1).max(200).optional() })
  .describe("The case's name; what is missing is written from the decision / 用例名称；未给出的部分根据决策生成");
const addToDraft = z
  .boolean()
  .optional()
  .describe("Append the case to the policy's draft (made from the live version if there is none) / 将用例追加到策略草稿（没有草稿时由上线版本创建）");

export const caseResponse = jsonContent(
  z.object({
    case: z.looseObject({ id: z.string(), name: labels }).describe('A policy test case: given, when, expect / 策略测试用例'),
    addedToDraft: z.boolean(),
  }),
  'The case / 测试用例',
);

export const fromPreview = createRoute({
  ...common,
  operationId: 'policyTestFromPreview',
  security: writeAccess,
  middleware: [needs('edit')],
  method: 'post',
  path: '/v1/policies/{key}/tests/from-preview',
  summary: 'Make a test case from a try-it preview: the state it read, the event, the outcome as expectations / 由试运行生成测试用例',
  description:
    "The body is the try-it request (what POST /v1/decide takes with dryRun, for this policy's draft unless policyVersion names a version) plus name and addToDraft. The preview runs (nothing written) and the case pins what it decided. / 请求体即试运行请求（与 POST /v1/decide 的 dryRun 请求相同；默认预览本策略草稿，policyVersion 可指定版本），外加 name 与 addToDraft。",
  request: {
    params: keyParam,
    body: {
      content: {
        'application/json': {
          schema: serverEventSchema.extend({ ...previewFields, decideAt: decideAtField, name: caseName.optional(), addToDraft }).superRefine(checkEvent),
        },
      },
      required: true,
    },
  },
  responses: { 200: caseResponse, ...authProblems, 404: problemResponse, 422: problemResponse },
});

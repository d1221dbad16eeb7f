import { createRoute } from '@hono/zod-openapi';
import { policyDocumentSchema, POLICY_KINDS } from '@sluice/engine';
import { z } from 'zod';
import { needs } from '../../auth/middleware.js';
import { authProblems, jsonContent, problemResponse, readAccess, writeAccess } from '../../http/responses.js';
import { policyVersionMessage, policyVersionNumber, policyVersionText } from '../../http/versionFields.js';
import { routingOverlapView } from './routingOverlap.js';
import { overrideRequest, overrideView, testsSummary } from './testSchemas.js';

export const keyParam = z.object({
  key: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'a policy key: lower-case letters, digits, . _ - (at most 64) / 策略键：小写字母、数字与 . _ -（最多 64 个字符）'),
});
// Missing, the note says what it is for: zod's words for the type and length say nothing of it.
export const note = z
  .string({
    error: (issue) =>
      issue.input === undefined
        ? "required: say what changed and why (shown in the policy's history) / 必填：请说明改了什么以及原因（显示在策略的变更历史中）"
        : undefined,
  })
  .trim()
  .min(1, 'say why: every policy change carries its reason (S31) / 请说明原因：每次策略变更都须附上理由')
  .max(2000);

const fieldError = z
  .object({
    path: z.string(),
    message: z.string(),
    messageZh: z.string().optional(),
    code: z.string(),
    nodeId: z.string().optional(),
    edgeId: z.string().optional(),
    field: z.string().optional(),
  })
  .loose();
const compileStatus = z.object({
  ok: z.boolean(),
  errors: z.array(fieldError),
  warnings: z
    .array(fieldError)
    .optional()
    .describe(
      'Lead fields the engine cannot vouch for, when the tenant has no lead-field catalog (/v1/leadFields), and teams, reps and roles no active rep of the roster has (unknownRosterRef, inactiveRosterRef); absent when none / 租户未同步线索字段目录时无法确认的线索字段，以及名单中没有在职销售的团队、销售和职能',
    ),
});
const draftStatus = z
  .enum(['new', 'unchanged', 'changed'])
  .describe('new: never published; unchanged: the draft is the live version; changed: unpublished edits');

export const versionView = z.object({
  version: z.number().int(),
  note: z.string(),
  publishedBy: z.string().describe('Who published it: `user:<id>` or `key:<prefix>` / 发布者'),
  publishedByEmail: z.string().nullable().describe("The publisher's e-mail when a person (not an API key) published / 发布者邮箱（API 密钥发布时为 null）"),
  publishedAt: z.string(),
  live: z.boolean(),
  evidence: z
    .object({ simulationId: z.string(), label: z.string().optional() })
    .nullable()
    .describe('The simulation attached as evidence when it was published (S31); null when none / 发布时附上的模拟证据，没有时为 null'),
  override: overrideView,
});
const actorFields = {
  actor: z.string().describe('`user:<id>` or `key:<prefix>`'),
  email: z.string().nullable().describe('The e-mail when a person (not an API key) acted / 操作人邮箱（API 密钥时为 null）'),
  at: z.string(),
};
const lastChange = z
  .object({
    action: z.enum(['save', 'publish', 'rollback', 'withdraw']),
    ...actorFields,
    version: z
      .number()
      .int()
      .nullable()
      .describe('The version published or rolled back to; null for a draft save or a withdrawal / 发布或回滚到的版本，草稿保存或下线时为 null'),
  })
  .nullable()
  .describe(
    'The latest change of any kind (draft save, publication, rollback, withdrawal) and who made it; null if made before this was recorded / 最近一次变更（保存草稿、发布、回滚、下线）及操作人',
  );
const draftSaved = z
  .object(actorFields)
  .nullable()
  .describe('The last draft save and who made it; null if made before this was recorded / 最近一次保存草稿及操作人');
const summaryView = z.object({
  key: z.string(),
  kind: z.enum(POLICY_KINDS),
  name: z.string(),
  liveVersion: z.number().int().nullable().describe('The version that decides; null when never published or withdrawn / 生效版本；从未发布或已下线时为 null'),
  latestVersion: z.number().int().nullable(),
  liveEvents: z.array(z.string()),
  draftStatus,
  updatedAt: z.string().describe('When the last change (draft save, publication, rollback or withdrawal) was made / 最近变更时间'),
  lastChange,
  draftSaved,
});
const document = z.any().describe('A policy document (see `sluice schema`)');
const logEntry = z.object({
  version: z.number().int().describe('The version published, rolled back to, or withdrawn / 发布、回滚到或下线的版本'),
  action: z.enum(['publish', 'rollback', 'withdraw']),
  note: z.string(),
  actor: z.string(),
  email: z.string().nullable(),
  at: z.string(),
  override: overrideView,
});
/** A published version number: what policy_versions.version holds, from 1. */
export const versionNumber = policyVersionNumber(policyVersionMessage('version'));
const versionRef = (field: string) => {
  const message = policyVersionMessage(field, ['draft']);
  return z.union([z.literal('draft'), policyVersionText(message)], { error: message });
};

const common = { tags: ['policies'] };

/** What a draft save answers besides the summary: the checks a publication would make. */
const savedFields = {
  draft: document,
  compile: compileStatus,
  tests: testsSummary,
  routingOverlaps: z
    .array(routingOverlapView)
    .optional()
    .describe(
      'For a routing draft that compiles: the other live routing policies triggered by the same events, which would route each lead twice; publishing refuses with 409 routing-overlap unless override.reason says why. Absent when none / 编译通过的分配策略草稿：由相同事件触发、会使每条线索被分配两次的其他已生效分配策略；发布时将返回 409 routing-overlap，除非 override.reason 说明原因。没有时省略',
    ),
};

export const saveDraft = createRoute({
  ...common,
  operationId: 'savePolicyDraft',
  security: writeAccess,
  middleware: [needs('edit')],
  method: 'put',
  path: '/v1/policies/{key}/draft',
  summary: 'Save a draft (saved even if it does not compile; the errors are listed) / 保存草稿（无法编译也会保存，并列出错误）',
  request: { params: keyParam, body: { content: { 'application/json': { schema: policyDocumentSchema.strict() } }, required: true } },
  responses: {
    200: jsonContent(summaryView.extend(savedFields), 'Saved'),
    201: jsonContent(summaryView.extend(savedFields), 'Created and saved'),
    ...authProblems,
    422: problemResponse,
  },
});

export const list = createRoute({
  ...common,
  operationId: 'listPolicies',
  security: readAccess,
  middleware: [needs('read')],
  method: 'get',
  path: '/v1/policies',
  summary: 'List policies with their live version and draft status / 列出策略及其生效版本与草稿状态',
  responses: { 200: jsonContent(z.object({ policies: z.array(summaryView) }), 'Policies'), ...authProblems },
});

export const get = createRoute({
  ...common,
  operationId: 'getPolicy',
  security: readAccess,
  middleware: [needs('read')],
  method: 'get',
  path: '/v1/policies/{key}',
  summary: 'A policy: its draft and its live version / 策略详情：草稿与生效版本',
  request: { params: keyParam },
  responses: {
    200: jsonContent(summaryView.extend({ draft: document, compile: compileStatus, live: versionView.extend({ document }).nullable() }), 'The policy'),
    ...authProblems,
    404: problemResponse,
  },
});

const published = jsonContent(
  z.object({
    key: z.string(),
    version: z.number().int(),
    liveVersion: z.number().int(),
    liveEvents: z.array(z.string()),
    action: z.enum(['publish', 'rollback']),
    note: z.string(),
    at: z.string(),
    warnings: z
      .array(fieldError)
      .optional()
      .describe(
        'Teams, reps and roles the live version names that no active rep of the roster has: live all the same, but those rotations find nobody; absent when none / 已上线版本引用、但名单中没有在职销售的团队、销售和职能（仍已上线，但这些分配找不到人）',
      ),
    withdrawn: z
      .array(z.object({ key: z.string(), version: z.number().int() }))
      .optional()
      .describe(
        'The policies the publication took offline (`withdraw`), each with the version that was live; absent when none / 本次发布同时下线的策略及其原生效版本',
      ),
  }),
  'Live',
);

/** Live policies a publication or rollback replaces: taken offline in its transaction. */
const withdrawList = z
  .array(keyParam.shape.key)
  .max(20)
  .optional()
  .describe(
    'Keys of live policies this one replaces, taken offline in the same transaction (each logged as a withdrawal naming this publication or rollback): the way to swap one routing policy for another without the two routing each lead twice in between / 本策略所替换的已生效策略的 key，在同一事务中下线（各自记录为下线，注明本次发布或回滚）：替换分配策略时不会出现两条策略同时分配的间隙',
  );

export const publish = createRoute({
  ...common,
  operationId: 'publishPolicy',
  security: writeAccess,
  middleware: [needs('publish')],
  method: 'post',
  path: '/v1/policies/{key}/publish',
  summary: 'Publish the draft as a new numbered version, with a change note (S31) / 发布草稿为新版本（须填写变更说明）',
  description:
    "The draft's test cases run first: while any fails or cannot run the answer is 409 tests-failing with the failing cases, unless override.reason says why to publish anyway (kept in the log and the version). The version pins its cases (they are in its document); a rollback does not run them again. A routing policy whose trigger events meet those of another live routing policy would route each lead twice (the one later in run order reassigns it): the answer is 409 routing-overlap with `overlaps` (each other policy's key, name and version, the shared events, and `runsLast`, the policy whose assignment stands), unless override.reason says why; one reason answers both refusals, and a tests-failing refusal lists the overlaps too. Policies whose conditions provably never route the same lead (a lead field equal to different values) do not overlap. Publications and rollbacks that make routing policies live are checked one after the other, so two at once never both miss each other; should the database still give one up for a concurrent change of the same policies, the answer is 409 publish-conflict (nothing changed: send it again). / 发布前先运行草稿的测试用例：有用例未通过或无法运行时返回 409 tests-failing 并列出这些用例，除非 override.reason 说明仍要发布的原因（记入日志与版本）。版本固定其用例（用例在其文档中）；回滚时不再重新运行。分配策略的触发事件与另一个已生效分配策略相交时，每条线索会被分配两次（运行顺序靠后的策略会重新分配）：返回 409 routing-overlap 及 overlaps（其他策略的 key、名称、版本、共同事件，以及 runsLast：以其分配为准的策略），除非 override.reason 说明原因；一个原因同时适用于两种拒绝，tests-failing 拒绝也会列出重叠。条件可证明不会分配同一线索（同一线索字段取不同值）的策略不算重叠。使分配策略生效的发布与回滚依次检查，同时进行时不会互相遗漏；若数据库仍因对相同策略的并发修改而放弃其中一个，返回 409 publish-conflict（未做任何更改，请重试）。",
  request: {
    params: keyParam,
    body: {
      content: {
        'application/json': {
          schema: z.strictObject({
            note,
            evidence: z
              .strictObject({ simulationId: z.string().min(1).max(200) })
              .optional()
              .describe('A finished simulation of this tenant, attached as the evidence for the change (S31) / 作为变更依据附上的已完成模拟'),
            override: overrideRequest.optional(),
            withdraw: withdrawList,
          }),
        },
      },
      required: true,
    },
  },
  responses: { 201: published, ...authProblems, 404: problemResponse, 409: problemResponse, 422: problemResponse },
});

export const rollback = createRoute({
  ...common,
  operationId: 'rollbackPolicy',
  security: writeAccess,
  middleware: [needs('publish')],
  method: 'post',
  path: '/v1/policies/{key}/rollback',
  summary: 'Make an older version live again / 回滚到旧版本',
  description:
    'The version is compiled again (422 when it no longer compiles or names a calendar the tenant lacks); its test cases are not run again. A routing version is checked against the other live routing policies as a publication is: one triggered by the same events would route each lead twice, and the answer is 409 routing-overlap with `overlaps`, unless override.reason says why (kept in the log) or `withdraw` takes the other offline in the same transaction. Two publications or rollbacks that would each make a routing policy live are checked one after the other, so neither misses the other. / 回滚时重新编译该版本（无法编译或引用本租户不存在的日历时返回 422），不再运行其测试用例。分配策略版本与发布时一样检查其他已生效分配策略：由相同事件触发会使每条线索被分配两次，返回 409 routing-overlap 及 overlaps，除非 override.reason 说明原因（记入日志），或用 withdraw 在同一事务中下线另一策略。同时进行的多个发布或回滚依次检查，不会互相遗漏。',
  request: {
    params: keyParam,
    body: {
      content: {
        'application/json': { schema: z.strictObject({ version: versionNumber, note, override: overrideRequest.optional(), withdraw: withdrawList }) },
      },
      required: true,
    },
  },
  responses: { 200: published, ...authProblems, 404: problemResponse, 409: problemResponse, 422: problemResponse },
});

export const versions = createRoute({
  ...common,
  operationId: 'listPolicyVersions',
  security: readAccess,
  middleware: [needs('read')],
  method: 'get',
  path: '/v1/policies/{key}/versions',
  summary: 'Published versions / 已发布的版本',
  request: { params: keyParam },
  responses: { 200: jsonContent(z.object({ versions: z.array(versionView) }), 'Versions, oldest first'), ...authProblems, 404: problemResponse },
});

export const version = createRoute({
  ...common,
  operationId: 'getPolicyVersion',
  security: readAccess,
  middleware: [needs('read')],
  method: 'get',
  path: '/v1/policies/{key}/versions/{n}',
  summary: 'One published version / 某个已发布版本',
  request: { params: keyParam.extend({ n: policyVersionText(policyVersionMessage('the version in the path', [], '路径中的版本')) }) },
  responses: { 200: jsonContent(versionView.extend({ document }), 'The version'), ...authProblems, 404: problemResponse },
});

export const diff = createRoute({
  ...common,
  operationId: 'diffPolicyVersions',
  security: readAccess,
  middleware: [needs('read')],
  method: 'get',
  path: '/v1/policies/{key}/diff',
  summary: 'What changed between two versions (or a version and the draft) / 两个版本（或版本与草稿）之间的差异',
  request: { params: keyParam, query: z.object({ from: versionRef('from'), to: versionRef('to') }) },
  responses: {
    200: jsonContent(z.object({ from: z.union([z.number(), z.literal('draft')]), to: z.union([z.number(), z.literal('draft')]) }).loose(), 'The diff'),
    ...authProblems,
    404: problemResponse,
    422: problemResponse,
  },
});

export const log = createRoute({
  ...common,
  operationId: 'getPolicyLog',
  security: readAccess,
  middleware: [needs('read')],
  method: 'get',
  path: '/v1/policies/{key}/log',
  summary: 'Change log: who published what, when and why / 变更日志：谁、何时、哪个版本、原因',
  request: { params: keyParam },
  responses: { 200: jsonContent(z.object({ entries: z.array(logEntry) }), 'Oldest first'), ...authProblems, 404: problemResponse },
});

import { z } from 'zod';
import { routingOverlapView } from './routingOverlap.js';

/** zh/en text, as every user-facing label of a test run is. */
export const labels = z.object({ en: z.string(), zh: z.string() });

const counts = z.object({ cases: z.number().int(), passed: z.number().int(), failed: z.number().int(), errors: z.number().int() });

export const testsSummary = z
  .object({
    passed: z.boolean(),
    counts,
    failing: z.array(z.object({ id: z.string(), name: labels })),
  })
  .nullable()
  .describe(
    "The draft's test cases, run in memory on this save (nothing written); null when the draft does not compile / 本次保存时在内存中运行草稿的测试用例（不写数据库）；草稿无法编译时为 null",
  );

const expectationResult = z.object({
  path: z.string().describe('Where in the case, e.g. `when[1].expect.assignedTo` / 在用例中的位置'),
  kind: z.string(),
  label: labels,
  expected: z.unknown(),
  actual: z.unknown(),
  passed: z.boolean(),
  reason: labels,
});

const caseResult = z.object({
  id: z.string(),
  name: labels,
  passed: z.boolean(),
  expectations: z.array(expectationResult),
  steps: z.array(
    z.object({
      path: z.string(),
      eventId: z.string(),
      visited: z.array(z.string()).describe("This policy's nodes the step went through, in order / 该步骤经过的本策略节点（按顺序）"),
      refused: z.string().optional(),
    }),
  ),
  error: z.object({ message: labels, issues: z.array(z.object({ path: z.string(), message: labels })) }).optional(),
});

export const testReport = z
  .object({
    policy: z.object({ key: z.string(), version: z.number().int() }),
    passed: z.boolean(),
    counts,
    cases: z.array(caseResult),
  })
  .describe('Every case run: each expectation with expected vs actual, the nodes each step visited / 每个用例的运行结果：预期与实际、每步经过的节点');

/** A publication refused while cases fail: each failing case with the expectations that failed. */
export const failingCase = z.object({
  id: z.string(),
  name: labels,
  expectations: z.array(z.object({ path: z.string(), expected: z.unknown(), actual: z.unknown() })),
  error: labels.optional().describe('Why the case could not run at all / 用例无法运行的原因'),
});

/** Who published past failing cases, when and why: kept with the version and its log entry. */
export const overrideView = z
  .object({
    reason: z.string(),
    actor: z.string(),
    at: z.string(),
    failing: z.array(z.string()).describe('Ids of the cases that failed or could not run / 未通过或无法运行的用例编号'),
    overlaps: z
      .array(routingOverlapView)
      .optional()
      .describe(
        'The live routing policies it was published over, routing the same leads on the same events; absent when none / 发布时越过的、在相同事件上分配同一线索的已生效分配策略；没有时省略',
      ),
  })
  .nullable()
  .describe(
    'Set when the publisher overrode failing test cases or overlapping routing policies: who, when, why, which cases and policies; null otherwise / 发布者越过未通过的测试用例或重叠的分配策略时记录：谁、何时、原因、哪些用例与策略',
  );

export const overrideRequest = z
  .strictObject({
    reason: z
      .string()
      .trim()
      .min(
        5,
        'say why it may go live anyway, past the failing cases or overlapping routing policies (at least 5 characters) / 请说明为何仍可上线：忽略未通过的用例或重叠的分配策略的原因（至少 5 个字符）',
      )
      .max(2000),
  })
  .describe(
    'Publish although test cases fail or other live routing policies are triggered by the same events (a rollback: although they are); the reason goes into the change log / 在测试用例未通过或其他已生效分配策略由相同事件触发时仍然发布（回滚时：其他分配策略由相同事件触发时仍然回滚）；原因记入变更日志',
  );

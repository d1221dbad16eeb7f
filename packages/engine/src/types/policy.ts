import { z } from 'zod';
import { policyTestCaseSchema, policyTestCasesSchema } from '../policyTests/schema.js';

export const POLICY_KINDS = ['scoring', 'routing', 'reclaim', 'split', 'penalty'] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];

/**
 * A node as React Flow draws it: `type` is the node kind, `data` its config. Documents are loose
 * objects: fields the engine does not read (an editor's own layout hints, a future UI's notes) are
 * kept through save and publish, so a document round-trips whatever wrote it.
 */
export const flowNodeSchema = z.looseObject({
  id: z
    .string()
    .min(1)
    .max(100)
    .regex(
      /^[A-Za-z0-9_.-]+$/,
      'letters, digits and _ . - only (":" separates node and handle in rule names) / 只能使用字母、数字与 _ . -（规则名中用“:”分隔节点与出口）',
    ),
  type: z.string().min(1).max(100),
  position: z.object({ x: z.number(), y: z.number() }).default({ x: 0, y: 0 }),
  data: z.unknown().optional(),
  label: z.string().max(200).optional(),
  width: z.number().optional(),
  height: z.number().optional(),
});
export type FlowNode = z.infer<typeof flowNodeSchema>;

export const flowEdgeSchema = z.looseObject({
  id: z.string().min(1).max(200),
  source: z.string().min(1),
  target: z.string().min(1),
  sourceHandle: z.string().nullable().optional(),
  targetHandle: z.string().nullable().optional(),
});
export type FlowEdge = z.infer<typeof flowEdgeSchema>;

export const policyDocumentSchema = z.looseObject({
  key: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9._-]{0,63}$/,
      'lower-case letters, digits, . _ -, starting with a letter or digit (at most 64) / 小写字母、数字与 . _ -，以字母或数字开头（最多 64 个字符）',
    ),
  kind: z.enum(POLICY_KINDS),
  name: z.string().min(1).max(200),
  description: z.string().max(5000).default(''),
  /** The live version number, set by the server on publish; drafts are 0. */
  version: z.number().int().min(0).default(0),
  /** Mirror of the trigger node's events, so a server can index policies without compiling. */
  trigger: z.strictObject({ events: z.array(z.string()).min(1) }).optional(),
  nodes: z.array(flowNodeSchema).max(500),
  edges: z.array(flowEdgeSchema).max(2000),
  /**
   * Test cases pinned to the policy (policyTests/): versioned with it, run before publish. Checked
   * against the case schema but kept as written: the schema's defaults (every rep's empty lists …)
   * would otherwise fill the stored document.
   */
  tests: z
    .array(z.unknown())
    .superRefine((cases, ctx) => {
      const r = policyTestCasesSchema.safeParse(cases);
      if (!r.success) for (const issue of r.error.issues) ctx.addIssue({ ...issue, input: undefined } as Parameters<typeof ctx.addIssue>[0]);
    })
    .optional(),
});
export type PolicyDocument = z.infer<typeof policyDocumentSchema>;
export type PolicyDocumentInput = z.input<typeof policyDocumentSchema>;

export function policyJsonSchema(): unknown {
  const schema = z.toJSONSchema(policyDocumentSchema, { io: 'input' }) as { properties: Record<string, unknown> };
  // The document keeps its cases as written (an array of anything, checked in a refinement): describe them here.
  const { $schema: _, ...testCase } = z.toJSONSchema(policyTestCaseSchema, { io: 'input' });
  schema.properties.tests = { type: 'array', maxItems: 500, items: testCase };
  return schema;
}

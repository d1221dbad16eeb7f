/**
 * The mapping file: which column of a CRM export means what. One zod schema is the validator, the
 * published JSON Schema (examples/schemas/mapping.schema.json) and the field docs (every field's
 * description is "English / 中文", which editors show as the tooltip).
 */
import { fieldPath, schemaIssueMessage, timeZoneName } from '@sluice/engine';
import { z } from 'zod';
import type { Words } from '../types.js';

const column = z.string().min(1).max(200);
const col = (en: string, zh: string) => column.describe(`${en} / ${zh}`);

/** Policy conditions read attributes as `lead.<key>`: the engine's fact-path segment rule. */
const ATTRIBUTE_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,59}$/;
/**
 * Lead fields the import itself fills (id, createdAt, expectedAmount) or the replay owns (owner,
 * pool, status): an attribute with one of these names would silently overwrite them.
 */
export const RESERVED_ATTRIBUTE_KEYS = ['id', 'createdAt', 'ownerId', 'poolId', 'status', 'expectedAmount', 'ownedSince'] as const;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Lead fields the engine types: an attribute of that name must have that type. */
export const KNOWN_LEAD_FIELD_TYPES: Record<string, AttributeType> = {
  score: 'number',
  grade: 'string',
  stage: 'string',
  level: 'string',
  company: 'string',
  parentCompany: 'string',
  email: 'string',
  phone: 'string',
  locked: 'boolean',
  signed: 'boolean',
  openOpportunity: 'boolean',
  lastActivityAt: 'date',
  lastOpportunityAt: 'date',
  lastDealAt: 'date',
  reportedAt: 'date',
  discoveredAt: 'date',
};

export const ATTRIBUTE_TYPES = ['string', 'number', 'boolean', 'date'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

const fileOptions = {
  format: z
    .enum(['auto', 'csv', 'jsonl'])
    .default('auto')
    .describe(
      'File format; auto: JSON Lines when the first line is a JSON object, CSV otherwise / 文件格式；auto：首行是 JSON 对象则按 JSON Lines，否则按 CSV',
    ),
  encoding: z
    .enum(['auto', 'utf-8', 'gb18030'])
    .default('auto')
    .describe(
      'Text encoding; auto: UTF-8 (with or without BOM) when the bytes are valid UTF-8, GB18030 otherwise / 文本编码；auto：字节是合法 UTF-8（可带 BOM）则按 UTF-8，否则按 GB18030',
    ),
  delimiter: z
    .enum(['auto', ',', ';', '\t', '|'])
    .default('auto')
    .describe('CSV delimiter; auto: the one of , ; tab | found most often in the header line / CSV 分隔符；auto：取表头行中出现最多的 , ; 制表符 |'),
  dateOrder: z
    .enum(['auto', 'ymd', 'dmy', 'mdy'])
    .default('auto')
    .describe(
      'How to read dates like 03/04/2026; auto: day-first when any value of the column (or of another date column of the file) has a first part above 12, month-first when a second part is; a column that never says is rejected row by row until you set dmy or mdy. ymd: only year-first dates are accepted / 如何读 03/04/2026 这类日期；auto：该列（或本文件另一日期列）有首段大于 12 的值则按日/月/年，有第二段大于 12 的值则按月/日/年；整列都无法判断时逐行拒绝，请改设 dmy 或 mdy。ymd：只接受年份在前的日期',
    ),
  decimalMark: z
    .enum(['auto', '.', ','])
    .default('auto')
    .describe(
      'The decimal mark of number and amount columns, for values like 1.234 or 1,234 that read two ways; auto: decided per column by its values that read one way only (1.234,56 or 12,5 → ","; 1,234.56 or 12.5 → "."), "." when none does / 数字与金额列的小数点，用于 1.234、1,234 这类有两种读法的值；auto：按该列中只有一种读法的值逐列判断（1.234,56 或 12,5 → ","；1,234.56 或 12.5 → "."），都没有时按 "."',
    ),
};

const attributeSpec = z.union(
  [
    col('the column; its values are kept as text', '列名；值按文本保存'),
    z
      .strictObject({
        column: col('the column', '列名'),
        type: z
          .enum(ATTRIBUTE_TYPES)
          .default('string')
          .describe(
            'string; number (thousands separators, currency signs and 万/亿 understood); boolean (true/false, yes/no, 是/否, 1/0); date (read like the other dates, kept as an ISO instant) / string 文本；number 数字（可含千分位、货币符号、万/亿）；boolean 布尔（true/false、yes/no、是/否、1/0）；date 日期（与其他日期同样解析，保存为 ISO 时间）',
          ),
      })
      .describe('A column with its type / 带类型的列'),
  ],
  {
    error: () =>
      'a column name, or { "column": "…", "type": "string" | "number" | "boolean" | "date" } / 应为列名，或 { "column": "…", "type": "string" | "number" | "boolean" | "date" }',
  },
);

const valueList = (en: string, zh: string) => z.array(z.string().max(200)).describe(`${en} / ${zh}`);

const leadsSchema = z
  .strictObject({
    ...fileOptions,
    columns: z
      .strictObject({
        id: col('lead id (required; a repeated id is rejected, the first row wins)', '线索编号（必填；重复的编号被拒绝，以第一行为准）'),
        createdAt: col('when the lead was created (required)', '线索创建时间（必填）'),
        owner: col('the rep who worked it (names are ids when the export has only names)', '负责人（导出只有姓名时，姓名即编号）').optional(),
        team: col('the team it belonged to', '所属部门/团队').optional(),
        outcome: col('won / lost / open status, read through outcomeValues', '赢单/输单/跟进中状态，按 outcomeValues 解读').optional(),
        closedAt: col('when it was won or lost', '赢单或输单时间').optional(),
        amount: col('deal amount (negative amounts are rejected)', '成交金额（负数被拒绝）').optional(),
      })
      .describe('Which column holds what / 各字段对应的列'),
    outcomeValues: z
      .strictObject({
        won: valueList('raw values meaning won', '表示赢单的原始值').default([]),
        lost: valueList('raw values meaning lost', '表示输单的原始值').default([]),
        open: valueList('raw values meaning still open ("" accepts an empty cell)', '表示仍在跟进的原始值（"" 表示接受空值）').default([]),
      })
      .optional()
      .describe(
        'How the outcome column maps, compared trimmed and ignoring case; a value in no list rejects the row / 状态列的取值对应关系，比较时去掉首尾空格、不区分大小写；不在任何列表中的值会使该行被拒绝',
      ),
    attributes: z
      .record(z.string(), attributeSpec)
      .default({})
      .describe(
        'Other columns, as lead.<key> for policy conditions: key → column, or { column, type } / 其他列，策略条件中以 lead.<键名> 读取：键名 → 列名，或 { column, type }',
      ),
  })
  .describe('The leads file (required) / 线索文件（必需）');

const activitiesSchema = z
  .strictObject({
    ...fileOptions,
    columns: z
      .strictObject({
        leadId: col('lead id the activity belongs to', '跟进所属的线索编号'),
        at: col('when it happened', '跟进时间'),
        rep: col('who did it', '跟进人').optional(),
        type: col('kind of activity (call, visit …)', '跟进方式（电话、拜访……）').optional(),
      })
      .describe('Which column holds what / 各字段对应的列'),
    typeValues: z
      .record(z.string().min(1).max(60), z.array(z.string().max(200)))
      .optional()
      .describe(
        'kind → raw values (e.g. "call": ["电话"]); without it the raw value is the kind; with it a value in no list rejects the row / 类型 → 原始值（如 "call": ["电话"]）；不填则原始值即类型；填写后不在任何列表中的值会使该行被拒绝',
      ),
  })
  .describe('Follow-up activities, one row each (optional) / 跟进记录文件，每行一条（可选）');

const stagesSchema = z
  .strictObject({
    ...fileOptions,
    columns: z
      .strictObject({
        leadId: col('lead id', '线索编号'),
        at: col('when the stage changed', '阶段变更时间'),
        stage: col('the stage it moved to', '变更后的阶段'),
      })
      .describe('Which column holds what / 各字段对应的列'),
  })
  .describe('Stage changes, one row each (optional) / 阶段变更文件，每行一条（可选）');

const rosterSchema = z
  .strictObject({
    ...fileOptions,
    columns: z
      .strictObject({
        id: col('rep id (owner values that equal a rep name are read as that rep)', '销售编号（负责人列的值等于某人姓名时视为该人）'),
        name: col('rep name', '姓名').optional(),
        team: col('team', '所属团队').optional(),
        roles: col('roles (SDR, AE …), several separated by , ; 、 / or |', '职能（SDR、AE 等），多个以 , ; 、 / 或 | 分隔').optional(),
        weight: col('routing weight (weighted round robin), 0–1000', '分配权重（加权轮询），0–1000').optional(),
        cap: col('most open leads the rep may hold', '最多可持有的未结线索数').optional(),
        dailyCap: col('most leads the rep may receive a day', '每日最多可分配的线索数').optional(),
        active: col('whether the rep still works here (active/inactive, 在职/离职, yes/no)', '是否在职（在职/离职、active/inactive、是/否）').optional(),
      })
      .describe('Which column holds what / 各字段对应的列'),
  })
  .describe(
    'The roster; without it every rep the history names is a rep, with the team seen most with them (optional) / 销售名单；不提供时以历史中出现的每位销售为名单，团队取其最常对应的团队（可选）',
  );

export const mappingSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of this JSON Schema, for editors / 本 JSON Schema 的路径或网址，供编辑器使用'),
    version: z.literal(1).describe('Mapping format version / 映射文件格式版本'),
    timeZone: timeZoneName.describe(
      'IANA time zone of dates written without an offset, e.g. Asia/Shanghai / 未写时区偏移的日期所在的 IANA 时区，如 Asia/Shanghai',
    ),
    leads: leadsSchema,
    activities: activitiesSchema.optional(),
    stages: stagesSchema.optional(),
    roster: rosterSchema.optional(),
  })
  .superRefine((m, ctx) => {
    const o = m.leads.outcomeValues;
    if (m.leads.columns.outcome !== undefined && o === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['leads', 'outcomeValues'],
        message:
          'leads.columns.outcome is set: say which raw values mean won, lost and open / 已设置 leads.columns.outcome：请说明哪些原始值表示赢单、输单、跟进中',
      });
    if (o) {
      const seen = new Map<string, string>();
      for (const kind of ['won', 'lost', 'open'] as const)
        for (const raw of o[kind]) {
          const key = normalValue(raw);
          const before = seen.get(key);
          if (before !== undefined && before !== kind)
            ctx.addIssue({
              code: 'custom',
              path: ['leads', 'outcomeValues', kind],
              message: `"${raw}" is listed under both ${before} and ${kind} / "${raw}" 同时出现在 ${before} 和 ${kind} 中`,
            });
          seen.set(key, kind);
        }
    }
    for (const [key, spec] of Object.entries(m.leads.attributes)) {
      const path = ['leads', 'attributes', key];
      if (!ATTRIBUTE_KEY.test(key) || FORBIDDEN_KEYS.has(key))
        ctx.addIssue({
          code: 'custom',
          path,
          message: `attribute key "${key}" must start with a letter or _ and use only letters, digits and _ (policies read it as lead.${key}) / 属性键名 "${key}" 须以字母或 _ 开头，只含字母、数字和 _（策略以 lead.<键名> 读取）`,
        });
      if ((RESERVED_ATTRIBUTE_KEYS as readonly string[]).includes(key))
        ctx.addIssue({
          code: 'custom',
          path,
          message: `attribute key "${key}" is filled by the import itself: choose another name / 属性键名 "${key}" 由导入自动填写，请换一个名字`,
        });
      const known = KNOWN_LEAD_FIELD_TYPES[key];
      const type = typeof spec === 'string' ? 'string' : spec.type;
      if (known !== undefined && known !== type)
        ctx.addIssue({
          code: 'custom',
          path,
          message: `lead.${key} is a ${known} field: give it "type": "${known}" / lead.${key} 是 ${known} 类型字段：请设 "type": "${known}"`,
        });
    }
    const types = m.activities?.typeValues;
    if (types) {
      const seen = new Map<string, string>();
      for (const [kind, raws] of Object.entries(types))
        for (const raw of raws) {
          const before = seen.get(normalValue(raw));
          if (before !== undefined && before !== kind)
            ctx.addIssue({
              code: 'custom',
              path: ['activities', 'typeValues', kind],
              message: `"${raw}" is listed under both ${before} and ${kind} / "${raw}" 同时出现在 ${before} 和 ${kind} 中`,
            });
          seen.set(normalValue(raw), kind);
        }
    }
  })
  .describe('How a CRM export maps onto Sluice leads, activities, stage changes and reps / CRM 导出文件与 Sluice 线索、跟进、阶段变更和销售名单的对应关系');

export type Mapping = z.infer<typeof mappingSchema>;
export type MappingInput = z.input<typeof mappingSchema>;
export type FileMapping = Pick<Mapping['leads'], 'format' | 'encoding' | 'delimiter' | 'dateOrder'> & Partial<Pick<Mapping['leads'], 'decimalMark'>>;

/** How raw values (outcomes, activity kinds) are compared: trimmed, width-folded (ＷＯＮ = won), ignoring case. */
export function normalValue(raw: string): string {
  return raw.normalize('NFKC').trim().toLowerCase();
}

export interface MappingProblem {
  /** Where in the mapping file, e.g. leads.columns.id. */
  path: string;
  message: Words;
}

export function parseMapping(value: unknown): { ok: true; mapping: Mapping } | { ok: false; problems: MappingProblem[] } {
  const r = mappingSchema.safeParse(value);
  if (r.success) return { ok: true, mapping: r.data };
  return {
    ok: false,
    problems: r.error.issues.map((i) => {
      // Messages written here are "English / 中文" (the English may quote Chinese, so split at the last " / ").
      const cut = i.message.lastIndexOf(' / ');
      const path = fieldPath(i.path) || '(root)';
      const message =
        cut > 0 && /[\u4e00-\u9fff]/.test(i.message.slice(cut))
          ? { en: i.message.slice(0, cut), zh: i.message.slice(cut + 3) }
          : i.code === 'invalid_type' && valueAt(value, i.path) === undefined
            ? required(path)
            : schemaIssueMessage(i, value);
      return { path, message };
    }),
  };
}

/** The published JSON Schema of the mapping file (what examples/schemas/mapping.schema.json holds). */
export function mappingJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(mappingSchema, { io: 'input' }) as Record<string, unknown>;
}

/** What is at `path` in `value` (undefined: nothing there). */
function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let at = value;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

/** A required field left out, said as such (the schema's own words were "expected string, received undefined"). */
function required(path: string): Words {
  return path.includes('columns.')
    ? { en: 'required: name the column of the export that holds it', zh: '必填：请填写导出文件中对应的列名' }
    : { en: 'required', zh: '必填' };
}

import { z } from 'zod';
import { BUILT_IN_LEAD_FIELDS } from './builtin.js';

/**
 * The lead fields a tenant's CRM sends, as the CRM syncs them: the compiler refuses a policy that
 * reads a field outside this catalog (and the built-in ones), and the editor offers these fields
 * and their allowed values.
 */
export const LEAD_FIELD_TYPES = ['string', 'number', 'boolean', 'instant', 'enum', 'string[]'] as const;
export type LeadFieldType = (typeof LEAD_FIELD_TYPES)[number];

const labels = z.strictObject({ en: z.string().min(1).max(200), zh: z.string().min(1).max(200) });

/** A path under `lead.`: one name, or dotted for a nested CRM object (`research.budget`). */
export const leadFieldName = z
  .string()
  .min(1)
  .max(200)
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/,
    'letters, digits and _, dotted for a nested field (research.budget) / 字母、数字与 _，嵌套字段用点分隔（如 research.budget）',
  );

/** An allowed value: bare, or with the words the editor shows for it. */
export const allowedValueSchema = z.union([z.string().min(1).max(200), z.strictObject({ value: z.string().min(1).max(200), label: labels.optional() })]);
export type AllowedValue = z.infer<typeof allowedValueSchema>;

const body = {
  type: z.enum(LEAD_FIELD_TYPES),
  /** For `enum`, the allowed values; for `string[]`, optionally the allowed elements. */
  values: z.array(allowedValueSchema).min(1).max(1000).optional(),
  label: labels,
  help: labels.optional(),
};

/** What the built-in fields' types allow a catalog to say instead (an enum is a narrower string). */
const NARROWS: Record<LeadFieldType, readonly LeadFieldType[]> = {
  string: ['string', 'enum'],
  number: ['number'],
  boolean: ['boolean'],
  instant: ['instant'],
  enum: ['enum'],
  'string[]': ['string[]'],
};

function checkBody(name: string, f: { type: LeadFieldType; values?: AllowedValue[] | undefined }, ctx: z.RefinementCtx): void {
  if (f.type === 'enum' && !f.values)
    ctx.addIssue({ code: 'custom', path: ['values'], message: 'an enum field lists its allowed values / 枚举字段须列出可选值' });
  if (f.values && f.type !== 'enum' && f.type !== 'string[]') {
    ctx.addIssue({
      code: 'custom',
      path: ['values'],
      message: `only enum and string[] fields list values, not ${f.type} / 只有 enum 和 string[] 字段可列出可选值`,
    });
  }
  const seen = new Set<string>();
  (f.values ?? []).forEach((v, i) => {
    const value = typeof v === 'string' ? v : v.value;
    if (seen.has(value)) ctx.addIssue({ code: 'custom', path: ['values', i], message: `"${value}" is listed twice / "${value}" 重复` });
    seen.add(value);
  });
  const builtIn = BUILT_IN_LEAD_FIELDS.find((b) => b.name === name);
  if (builtIn && !NARROWS[builtIn.type].includes(f.type)) {
    ctx.addIssue({
      code: 'custom',
      path: ['type'],
      message: `${name} is a built-in ${builtIn.type} field and cannot be ${f.type} / ${name} 是内置的 ${builtIn.type} 字段，不能定义为 ${f.type}`,
    });
  }
}

export const leadFieldSchema = z.strictObject({ name: leadFieldName, ...body }).superRefine((f, ctx) => checkBody(f.name, f, ctx));
export type LeadField = z.infer<typeof leadFieldSchema>;
export type LeadFieldInput = z.input<typeof leadFieldSchema>;

/** The same field as a roster row synced by the CRM: its id is the field name. */
export const leadFieldRowSchema = z.strictObject({ id: leadFieldName, ...body }).superRefine((f, ctx) => checkBody(f.id, f, ctx));
export type LeadFieldRow = z.infer<typeof leadFieldRowSchema>;

/** A whole catalog, e.g. examples/fields.json: names are unique. */
export const leadFieldCatalogSchema = z
  .array(leadFieldSchema)
  .max(5000)
  .superRefine((fields, ctx) => {
    const seen = new Map<string, number>();
    fields.forEach((f, i) => {
      const first = seen.get(f.name);
      if (first !== undefined)
        ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `"${f.name}" is also field ${first} / "${f.name}" 与第 ${first} 项重复` });
      else seen.set(f.name, i);
    });
  });

export function rowToLeadField(row: LeadFieldRow): LeadField {
  const { id, ...rest } = row;
  return { name: id, ...rest };
}

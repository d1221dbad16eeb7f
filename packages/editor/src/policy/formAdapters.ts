/**
 * Where a node kind's document says one thing in two fields, the inspector shows one control:
 * the form edits a view of the config, and every edit is written back in the document's terms
 * (never both fields at once, so the document stays valid).
 */
type Json = Record<string, unknown>;

export interface FormAdapter {
  /** The form's schema: the folded field left out. */
  schema(schema: Json): Json;
  /** The config as the form shows it. */
  toForm(data: Json): Json;
  /** The form's values written back into the document, given the config they were made from. */
  fromForm(form: Json, data: Json): Json;
  /** Config fields the form shows at another field (a problem found at the folded field is shown at its control). */
  fieldAlias: Record<string, string>;
}

const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Reclaim's reminder: `remindDaysBefore` (whole days, the original field) and `remindBefore` (a
 * duration: minutes, hours, days or working days) say the same thing — how long before the reclaim
 * the owner is reminded — and the engine takes `remindBefore` when both are given (and reports it).
 * One control edits it: whole days stay in the field the document already used (new ones go to
 * `remindDaysBefore`), any other unit goes to `remindBefore`; clearing it turns the reminder off.
 */
export const reclaimReminder: FormAdapter = {
  schema(schema) {
    if (!isObj(schema.properties)) return schema;
    const { remindDaysBefore: _folded, ...properties } = schema.properties;
    return { ...schema, properties };
  },
  toForm(data) {
    const { remindDaysBefore, remindBefore, ...rest } = data;
    const shown = remindBefore ?? (typeof remindDaysBefore === 'number' && remindDaysBefore > 0 ? remindDaysBefore : undefined);
    return shown === undefined ? rest : { ...rest, remindBefore: shown };
  },
  fromForm(form, data) {
    const { remindBefore, remindDaysBefore: _never, ...rest } = form;
    if (remindBefore === undefined) {
      // Off. An explicit 0 the document had stays as it was.
      if (data.remindDaysBefore === 0) return { ...rest, remindDaysBefore: 0 };
      if (data.remindBefore === 0) return { ...rest, remindBefore: 0 };
      return rest;
    }
    if (typeof remindBefore === 'number' && data.remindBefore === undefined) return { ...rest, remindDaysBefore: remindBefore };
    return { ...rest, remindBefore };
  },
  fieldAlias: { remindDaysBefore: 'remindBefore' },
};

export const FORM_ADAPTERS: Record<string, FormAdapter> = { 'reclaim.rule': reclaimReminder };

/** A problem's field as the form shows it (`remindDaysBefore` → `remindBefore` on a reclaim node). */
export function formField(kind: string, field: string | undefined): string | undefined {
  if (field === undefined) return undefined;
  const alias = FORM_ADAPTERS[kind]?.fieldAlias;
  if (!alias) return field;
  const head = /^[^.[]+/.exec(field)?.[0] ?? field;
  return alias[head] !== undefined ? alias[head] + field.slice(head.length) : field;
}

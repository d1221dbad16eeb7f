/**
 * Where a node kind's document says one thing in two fields, the inspector shows one control:
 * the form edits a view of the config, and every edit is written back in the document's terms
 * (never both fields at once, so the document stays valid).
 */
import { kindInfo } from './catalog';

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
 * Two fields that say one thing: `daysField` in whole days (the original field) and `durationField`
 * a duration (minutes, hours, days or working days); the engine takes the duration when both are
 * given, or refuses both. One control edits it: whole days stay in the field the document already
 * used (new ones go to `daysField`), any other unit goes to `durationField`; clearing it turns it
 * off (an explicit 0 the document had stays as it was).
 */
export function foldedDuration(daysField: string, durationField: string): FormAdapter & { fields: [string, string] } {
  return {
    fields: [daysField, durationField],
    schema(schema) {
      if (!isObj(schema.properties)) return schema;
      const { [daysField]: _folded, ...properties } = schema.properties;
      return { ...schema, properties };
    },
    toForm(data) {
      const { [daysField]: days, [durationField]: duration, ...rest } = data;
      const shown = duration ?? (typeof days === 'number' && days > 0 ? days : undefined);
      return shown === undefined ? rest : { ...rest, [durationField]: shown };
    },
    fromForm(form, data) {
      const { [durationField]: duration, [daysField]: _never, ...rest } = form;
      if (duration === undefined) {
        if (data[daysField] === 0) return { ...rest, [daysField]: 0 };
        if (data[durationField] === 0) return { ...rest, [durationField]: 0 };
        return rest;
      }
      if (typeof duration === 'number' && data[durationField] === undefined) return { ...rest, [daysField]: duration };
      return { ...rest, [durationField]: duration };
    },
    fieldAlias: { [daysField]: durationField },
  };
}

/** Reclaim's reminder: how long before the reclaim the owner is reminded (`remindDaysBefore` / `remindBefore`). */
export const reclaimReminder = foldedDuration('remindDaysBefore', 'remindBefore');
/** An assignment node's cooling: how long a rep who lost the lead does not get it back (`coolingDays` / `cooling`). */
export const selectionCooling = foldedDuration('coolingDays', 'cooling');

const FOLDS = [reclaimReminder, selectionCooling];
const adapters = new Map<string, FormAdapter | undefined>();

/** The one control a kind's config shows for two fields (any kind whose schema has both fields of a fold), if any. */
export function formAdapter(kind: string): FormAdapter | undefined {
  if (!adapters.has(kind)) {
    const schema = kindInfo(kind)?.configSchema;
    const properties = isObj(schema) ? schema.properties : undefined;
    const has = (f: string) => isObj(properties) && properties[f] !== undefined;
    adapters.set(
      kind,
      FOLDS.find(({ fields }) => fields.every(has)),
    );
  }
  return adapters.get(kind);
}

/** A problem's field as the form shows it (`remindDaysBefore` → `remindBefore` on a reclaim node). */
export function formField(kind: string, field: string | undefined): string | undefined {
  if (field === undefined) return undefined;
  const alias = formAdapter(kind)?.fieldAlias;
  if (!alias) return field;
  const head = /^[^.[]+/.exec(field)?.[0] ?? field;
  return alias[head] !== undefined ? alias[head] + field.slice(head.length) : field;
}

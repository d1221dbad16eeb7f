import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import { FIELD_WORDS } from './fieldWords';
import type { TenantValues } from './tenantValues';

type Lang = 'zh' | 'en';
type Json = Record<string, unknown>;

/** Fields whose value is one of the tenant's things: which list of real values they offer. */
export const FIELD_SOURCE: Record<string, keyof TenantValues> = {
  teams: 'teams',
  team: 'teams',
  reps: 'reps',
  repId: 'reps',
  managerId: 'reps',
  committee: 'reps',
  poolId: 'pools',
  roles: 'roles',
  peerRoles: 'roles',
  defaultRole: 'roles',
  role: 'roles',
  stage: 'stages',
  fact: 'facts',
  sizeField: 'facts',
  scoreFact: 'facts',
  startOn: 'eventTypes',
  calendar: 'calendars',
};

/** Objects whose every text property is one of the tenant's things: profile match's `facts` name lead fields. */
const PROPERTIES_SOURCE: Record<string, keyof TenantValues> = { facts: 'facts' };

/** Config fields that hold a condition tree: shown as a sentence with one JSON box (ConditionField). */
const CONDITION_FIELDS = new Set(['condition', 'when']);

const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The catalog's JSON Schema with titles and help in one language: the schema's own `labels` /
 * `help` when it has them, the editor's words for the property name otherwise. The bilingual
 * `title` / `description` the engine writes for other tools are replaced, never shown twice.
 */
export function localiseSchema(schema: unknown, lang: Lang, name?: string): unknown {
  if (Array.isArray(schema)) return schema.map((s) => localiseSchema(s, lang, name));
  if (!isObj(schema)) return schema;
  const out: Json = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === '$schema') continue;
    if (k === 'properties' && isObj(v)) out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, localiseSchema(s, lang, p)]));
    else if ((k === 'anyOf' || k === 'oneOf') && Array.isArray(v)) out[k] = v.map((option) => optionTitle(localiseSchema(option, lang), lang));
    else if (k === 'items' || k === 'allOf' || k === 'additionalProperties' || k === 'prefixItems')
      out[k] = localiseSchema(v, lang, k === 'items' ? undefined : name);
    else if (k === '$defs' || k === 'definitions') out[k] = isObj(v) ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, localiseSchema(s, lang)])) : v;
    else out[k] = v;
  }
  const labels = isObj(schema.labels) ? (schema.labels as Json) : undefined;
  const help = isObj(schema.help) ? (schema.help as Json) : undefined;
  const words = name ? FIELD_WORDS[name] : undefined;
  const title = (labels?.[lang] as string | undefined) ?? words?.[lang];
  const description = (help?.[lang] as string | undefined) ?? (lang === 'zh' ? words?.helpZh : words?.helpEn);
  if (title) out.title = title;
  else if (name) delete out.title;
  if (description) out.description = description;
  else delete out.description;
  return out;
}

/** The words for one option of an enum, from the `optionLabels` the engine puts beside it; the value itself when there are none. */
export function optionLabel(schema: unknown, value: unknown, lang: Lang): string {
  const labels = isObj(schema) && isObj(schema.optionLabels) ? schema.optionLabels : undefined;
  const words = labels?.[String(value)];
  return isObj(words) && typeof words[lang] === 'string' ? (words[lang] as string) : String(value);
}

/** An enum's options in words, for rjsf's `ui:enumNames` (by value); undefined when the enum has no labels. */
export function enumNames(schema: unknown, lang: Lang): Record<string, string> | undefined {
  if (!isObj(schema) || !Array.isArray(schema.enum) || !isObj(schema.optionLabels)) return undefined;
  return Object.fromEntries(schema.enum.map((v) => [String(v), optionLabel(schema, v, lang)]));
}

/**
 * A duration (types/duration.ts in the engine): whole days as a number, or { value, unit }. Its
 * smallest amount, its units and the unit's schema (with the units' words); undefined for any other schema.
 */
export function durationShape(schema: unknown): { min: number | undefined; units: string[]; unitSchema: Json } | undefined {
  if (!isObj(schema) || !Array.isArray(schema.anyOf) || schema.anyOf.length !== 2) return undefined;
  const [days, parts] = schema.anyOf as unknown[];
  if (!isObj(days) || days.type !== 'integer' || !isObj(parts) || !isObj(parts.properties)) return undefined;
  const unit = parts.properties.unit;
  if (!isObj(unit) || !Array.isArray(unit.enum) || !isObj(parts.properties.value)) return undefined;
  return { min: typeof days.minimum === 'number' ? days.minimum : undefined, units: unit.enum.map(String), unitSchema: unit };
}

/** A choice of shapes (a duration: whole days, or amount and unit) gets a name a user can pick by. */
function optionTitle(option: unknown, lang: Lang): unknown {
  if (!isObj(option) || option.title) return option;
  const props = isObj(option.properties) ? Object.keys(option.properties) : [];
  const words: Record<string, [string, string]> = {
    integer: ['Number of days', '天数'],
    number: ['Number', '数字'],
    string: ['Text', '文本'],
    boolean: ['Yes / no', '是 / 否'],
    array: ['List', '列表'],
  };
  const pair = props.includes('unit') ? ['Amount and unit', '数值与单位'] : typeof option.type === 'string' ? words[option.type] : undefined;
  return pair ? { ...option, title: lang === 'zh' ? pair[1] : pair[0] } : option;
}

/** Config fields that hold a condition tree (shown as a sentence and JSON, not as a form of their parts). */
export const isConditionField = (name: string | undefined): boolean => name !== undefined && CONDITION_FIELDS.has(name);

/**
 * Widgets per field: real values for teams, reps, pools …, JSON for condition trees, an amount and
 * a unit for durations, and every drop-down's options in words (`lang`). `given` is the source a
 * parent object decides for all its properties (see PROPERTIES_SOURCE).
 */
export function uiSchemaFor(schema: unknown, name?: string, given?: keyof TenantValues, lang: Lang = 'en'): UiSchema {
  if (!isObj(schema)) return {};
  // Replacing the anyOf too: otherwise rjsf still draws its "option 1…4" picker around the field.
  if (isConditionField(name)) return { 'ui:field': 'condition', 'ui:fieldReplacesAnyOrOneOf': true };
  // The field draws its own label and help (rjsf's would repeat them).
  if (durationShape(schema)) return { 'ui:field': 'duration', 'ui:fieldReplacesAnyOrOneOf': true, 'ui:label': false };
  const ui: UiSchema = {};
  const source = given ?? (name ? FIELD_SOURCE[name] : undefined);
  if (isObj(schema.properties))
    for (const [p, s] of Object.entries(schema.properties)) {
      const sub = uiSchemaFor(s, p, name ? PROPERTIES_SOURCE[name] : undefined, lang);
      if (Object.keys(sub).length) ui[p] = sub;
    }
  const names = enumNames(schema, lang);
  if (names) ui['ui:enumNames'] = names;
  if (schema.type === 'array' && isObj(schema.items)) {
    // No per-item title ("Teams-1*" said nothing the list's own title did not); groups of fields are numbered.
    const items: UiSchema = { ...uiSchemaFor(schema.items, name, given, lang), 'ui:label': false };
    if (schema.items.type === 'object') items['ui:numbered'] = true;
    ui.items = items;
  }
  if (source && schema.type === 'string' && !Array.isArray(schema.enum)) {
    ui['ui:widget'] = 'suggest';
    ui['ui:options'] = { source };
  }
  return ui;
}

export type { RJSFSchema };

import type { Labels } from '../types/decision.js';
import { BUILT_IN_LEAD_FIELDS } from './builtin.js';
import type { LeadField, LeadFieldType } from './schema.js';

/** One readable lead field, built in or from the tenant's catalog, as the compiler and the editor use it. */
export interface ResolvedLeadField {
  name: string;
  type: LeadFieldType;
  /** Allowed values (enum) or allowed elements (string[]), in the catalog's order. */
  values?: Array<{ value: string; label?: Labels }>;
  label: Labels;
  help?: Labels;
  builtIn: boolean;
}

export interface LeadFieldIndex {
  byName: ReadonlyMap<string, ResolvedLeadField>;
  /** Every name, sorted: what a "did you mean" chooses from. */
  names: readonly string[];
  /** False when the caller gave no catalog: only the built-in fields are known. */
  fromCatalog: boolean;
}

/**
 * Built-in fields plus the tenant's catalog. A catalog entry for a built-in name refines it
 * (labels, an enum's values); the schema refuses one that contradicts its type.
 */
export function leadFieldIndex(catalog?: readonly LeadField[]): LeadFieldIndex {
  const byName = new Map<string, ResolvedLeadField>();
  for (const b of BUILT_IN_LEAD_FIELDS) {
    byName.set(b.name, { name: b.name, type: b.type, label: b.label, builtIn: true, ...(b.values ? { values: b.values.map((value) => ({ value })) } : {}) });
  }
  for (const f of catalog ?? []) {
    const field: ResolvedLeadField = { name: f.name, type: f.type, label: f.label, builtIn: byName.get(f.name)?.builtIn ?? false };
    if (f.values) field.values = f.values.map((v) => (typeof v === 'string' ? { value: v } : { value: v.value, ...(v.label ? { label: v.label } : {}) }));
    if (f.help) field.help = f.help;
    byName.set(f.name, field);
  }
  const names = [...byName.keys()].sort();
  return { byName, names, fromCatalog: catalog !== undefined };
}

/** A readable field with the fact path a condition reads (`lead.<name>`). */
export type LeadFieldDescription = ResolvedLeadField & { fact: string };

/** What the editor offers in a condition's field picker: every readable field, with values and labels. */
export function describeLeadFields(catalog?: readonly LeadField[]): LeadFieldDescription[] {
  const index = leadFieldIndex(catalog);
  return index.names.map((name) => {
    const f = index.byName.get(name)!;
    return { fact: `lead.${name}`, ...f };
  });
}

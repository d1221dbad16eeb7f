import { kindInfo } from './catalog';
import { FIELD_WORDS } from './fieldWords';

type Lang = 'zh' | 'en';
type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A node's name as the canvas and the inspector show it: its kind's label (the id says which one). */
export function nodeLabel(node: { type: string } | undefined, lang: Lang): string | undefined {
  return node ? kindInfo(node.type)?.labels[lang] : undefined;
}

/**
 * A config field's path (`days.noFollowUp`, `tiers[1].poolId`) in the inspector's words: each
 * property's label from the kind's schema, else the editor's words for its name, else the name;
 * list positions as "#n" (1-based). Undefined for an unknown kind or an empty path.
 */
export function fieldLabel(kind: string, field: string | undefined, lang: Lang): string | undefined {
  const info = kindInfo(kind);
  if (!info || !field) return undefined;
  let schema: unknown = info.configSchema;
  const parts: string[] = [];
  for (const token of field.match(/[^.[\]]+|\[\d+\]/g) ?? []) {
    if (token.startsWith('[')) {
      parts.push(`#${Number(token.slice(1, -1)) + 1}`);
      schema = isObj(schema) ? schema.items : undefined;
      continue;
    }
    const property = isObj(schema) && isObj(schema.properties) ? schema.properties[token] : undefined;
    const labels = isObj(property) && isObj(property.labels) ? (property.labels as Record<string, unknown>) : undefined;
    const label = labels?.[lang];
    parts.push(typeof label === 'string' ? label : (FIELD_WORDS[token]?.[lang] ?? token));
    schema = property;
  }
  return parts.join(' › ');
}

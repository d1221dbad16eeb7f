import type { PolicyDocument, PolicyKind } from '@sluice/engine';
import { type ExampleTemplate, templatesIn } from '../../../../examples/templates/index.js';

export type { ExampleTemplate };
export const KINDS: readonly PolicyKind[] = ['scoring', 'routing', 'reclaim', 'split', 'penalty'];

export interface TemplateCard {
  id: string;
  name: string;
  description: string;
  kinds: PolicyKind[];
  policies: Array<{ key: string; name: string; kind: PolicyKind }>;
}

/** The templates as the new-policy screen lists them, in the chosen language (their policies' names too). */
export function listTemplates(lang: 'zh' | 'en', templates: readonly ExampleTemplate[] = templatesIn(lang)): TemplateCard[] {
  return templates.map((t) => ({
    id: t.id,
    name: t.name[lang],
    description: t.description[lang],
    kinds: [...new Set(t.policies.map((p) => p.kind as PolicyKind))],
    policies: t.policies.map((p) => ({ key: p.key, name: p.name, kind: p.kind as PolicyKind })),
  }));
}

/**
 * A template's policy documents in the user's language (descriptions, node labels, test cases),
 * renamed as the user chose (index by index); a fresh copy each time.
 */
export function templateDocuments(
  id: string,
  names: Array<{ key: string; name: string }>,
  lang: 'zh' | 'en' = 'en',
  templates: readonly ExampleTemplate[] = templatesIn(lang),
): PolicyDocument[] {
  const t = templates.find((x) => x.id === id);
  if (!t) return [];
  return t.policies.map(
    (p, i) => ({ ...structuredClone(p), key: names[i]?.key ?? p.key, name: names[i]?.name ?? p.name, version: 0 }) as unknown as PolicyDocument,
  );
}

/** What wakes a policy of each kind when it starts blank: the events its kind is usually about. */
const BLANK_TRIGGER: Record<PolicyKind, { events: string[]; tickScope?: string }> = {
  scoring: { events: ['lead.created'] },
  routing: { events: ['lead.created'] },
  reclaim: { events: ['tick'], tickScope: 'ownedLeads' },
  split: { events: ['deal.won'] },
  penalty: { events: ['tick'], tickScope: 'reps' },
};

/** A blank canvas: one trigger node for the chosen kind, nothing else. */
export function blankPolicy(kind: PolicyKind, key: string, name: string): PolicyDocument {
  const data = BLANK_TRIGGER[kind];
  return {
    key,
    kind,
    name,
    version: 0,
    nodes: [{ id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { ...data } }],
    edges: [],
  } as unknown as PolicyDocument;
}

/** The server's key rule (routes/policies/routes.ts): lower-case letters, digits, . _ - ; at most 64. */
export const KEY_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export function keyProblem(key: string, taken: ReadonlySet<string>): 'empty' | 'pattern' | 'taken' | 'repeated' | null {
  if (key === '') return 'empty';
  if (!KEY_PATTERN.test(key)) return 'pattern';
  if (taken.has(key)) return 'taken';
  return null;
}

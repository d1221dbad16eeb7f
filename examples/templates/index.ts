// Imported statically (not read from disk) so the editor's bundle and the server's single-file
// build carry them: neither has this folder at run time.
import antiHoarding from './anti-hoarding.json' with { type: 'json' };
import coFollowStageSplit from './co-follow-stage-split.json' with { type: 'json' };
import regionProductRouting from './region-product-routing.json' with { type: 'json' };
import roundRobinReclaim from './round-robin-reclaim.json' with { type: 'json' };
import sdrGateGrades from './sdr-gate-grades.json' with { type: 'json' };
import tieredCascade from './tiered-cascade.json' with { type: 'json' };
import s02 from '../policies/s02-sdr-gate.json' with { type: 'json' };
import s03 from '../policies/s03-scoring-thresholds.json' with { type: 'json' };
import s06 from '../policies/s06-round-robin.json' with { type: 'json' };
import s08 from '../policies/s08-dimension-routing.json' with { type: 'json' };
import s13 from '../policies/s13-tiered-cascade.json' with { type: 'json' };
import s22 from '../policies/s22-stage-split.json' with { type: 'json' };
import s28 from '../policies/s28-hoarding.json' with { type: 'json' };

export type TemplateLang = 'en' | 'zh';

/**
 * What a template's policy says in one language: its name and description, its labels (a node's
 * by node id; one inside a node's settings by `<nodeId>/<path under data>`, e.g.
 * `region/cases/0/label`), and its test cases' descriptions by case id.
 */
export interface TemplatePolicyText {
  name: string;
  description: string;
  labels: Record<string, string>;
  cases?: Record<string, string>;
}

/** A starting point for a new policy: one or more policy documents, named and described in both languages. */
export interface ExampleTemplate {
  id: string;
  name: { en: string; zh: string };
  description: { en: string; zh: string };
  /** The examples/policies files its policies are built from. */
  sources: string[];
  /**
   * The documents as the demo publishes them, for readers of either language: names, descriptions
   * and labels say both ("East 华东"). A user's new policy takes `text` in their language instead.
   */
  policies: Array<{ key: string; kind: string; name: string; nodes: Array<{ id: string; type: string; data: unknown }>; [field: string]: unknown }>;
  /** Per language and policy key, the words the policies show (see templateIn). */
  text?: Record<TemplateLang, Record<string, TemplatePolicyText>>;
}

/**
 * A template policy keeps the test cases of the scenario policy it is built from (node for node the
 * same flow), so a policy made from a template, and the demo, start with cases that pass. The
 * 7-day reclaim is not S16's rules (one fixed window, no level bands): S16's cases do not hold for it.
 */
const CASES_OF: Record<string, { tests?: unknown[] }> = {
  'round-robin': s06,
  'lead-scoring': s03,
  'sdr-gate': s02,
  'region-routing': s08,
  'tiered-cascade': s13,
  'co-follow-split': s22,
  'anti-hoarding': s28,
};

const withCases = (template: ExampleTemplate): ExampleTemplate => ({
  ...template,
  policies: template.policies.map((p) => (CASES_OF[p.key]?.tests ? { ...p, tests: CASES_OF[p.key]!.tests } : p)),
});

/** Sets `value` at a `/`-separated path under `root` (array indexes as numbers), where that place exists. */
function setAt(root: unknown, path: string[], value: string): void {
  let at: unknown = root;
  for (const part of path.slice(0, -1)) at = at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[part] : undefined;
  const last = path.at(-1);
  if (at !== null && typeof at === 'object' && last !== undefined && last in at) (at as Record<string, unknown>)[last] = value;
}

/**
 * The template with its policies in one language: name, description, node labels, labels inside
 * node settings and test case descriptions from `text[lang]`; ids, keys and data untouched. A copy:
 * the template itself keeps its bilingual documents.
 */
export function templateIn(template: ExampleTemplate, lang: TemplateLang): ExampleTemplate {
  const texts = template.text?.[lang];
  if (!texts) return structuredClone(template);
  const policies = template.policies.map((policy) => {
    const p = structuredClone(policy);
    const text = texts[p.key];
    if (!text) return p;
    p.name = text.name;
    p.description = text.description;
    for (const [where, label] of Object.entries(text.labels)) {
      const [nodeId, ...path] = where.split('/');
      const node = p.nodes.find((n) => n.id === nodeId) as { label?: string; data: unknown } | undefined;
      if (!node) continue;
      if (path.length === 0) node.label = label;
      else setAt(node.data, path, label);
    }
    if (text.cases && Array.isArray(p.tests))
      for (const c of p.tests as Array<{ id?: string; description?: string }>) if (c.id && text.cases[c.id] !== undefined) c.description = text.cases[c.id];
    return p;
  });
  return { ...structuredClone(template), policies };
}

/** In the order a newcomer meets them: the simplest first. */
export const TEMPLATES: readonly ExampleTemplate[] = (
  [roundRobinReclaim, sdrGateGrades, regionProductRouting, tieredCascade, coFollowStageSplit, antiHoarding] as unknown as ExampleTemplate[]
).map(withCases);

/** Every template with its policies in the user's language (a new policy from a template starts so). */
export const templatesIn = (lang: TemplateLang): ExampleTemplate[] => TEMPLATES.map((t) => templateIn(t, lang));

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

/** A starting point for a new policy: one or more policy documents, named and described in both languages. */
export interface ExampleTemplate {
  id: string;
  name: { en: string; zh: string };
  description: { en: string; zh: string };
  /** The examples/policies files its policies are built from. */
  sources: string[];
  policies: Array<{ key: string; kind: string; name: string; nodes: Array<{ id: string; type: string; data: unknown }>; [field: string]: unknown }>;
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

/** In the order a newcomer meets them: the simplest first. */
export const TEMPLATES: readonly ExampleTemplate[] = (
  [roundRobinReclaim, sdrGateGrades, regionProductRouting, tieredCascade, coFollowStageSplit, antiHoarding] as unknown as ExampleTemplate[]
).map(withCases);

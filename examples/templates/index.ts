// Imported statically (not read from disk) so the editor's bundle and the server's single-file
// build carry them: neither has this folder at run time.
import antiHoarding from './anti-hoarding.json' with { type: 'json' };
import coFollowStageSplit from './co-follow-stage-split.json' with { type: 'json' };
import regionProductRouting from './region-product-routing.json' with { type: 'json' };
import roundRobinReclaim from './round-robin-reclaim.json' with { type: 'json' };
import sdrGateGrades from './sdr-gate-grades.json' with { type: 'json' };
import tieredCascade from './tiered-cascade.json' with { type: 'json' };

/** A starting point for a new policy: one or more policy documents, named and described in both languages. */
export interface ExampleTemplate {
  id: string;
  name: { en: string; zh: string };
  description: { en: string; zh: string };
  /** The examples/policies files its policies are built from. */
  sources: string[];
  policies: Array<{ key: string; kind: string; name: string; nodes: Array<{ id: string; type: string; data: unknown }>; [field: string]: unknown }>;
}

/** In the order a newcomer meets them: the simplest first. */
export const TEMPLATES: readonly ExampleTemplate[] = [
  roundRobinReclaim,
  sdrGateGrades,
  regionProductRouting,
  tieredCascade,
  coFollowStageSplit,
  antiHoarding,
] as unknown as ExampleTemplate[];

import type { Decision } from '@sluice/engine';

/** Messages already logged by this process: bounded, since a message may carry a rep id. */
const logged = new Set<string>();
const MAX_REMEMBERED = 1_000;

/**
 * Logs what a decision worked around (a rep skipped because it could not be evaluated), once per
 * distinct message per process: one bad roster row would otherwise log on every decision.
 * The decision itself carries the warning in its explanation, for the CRM and the audit trail.
 */
export function logDecisionWarnings(d: Pick<Decision, 'explanation' | 'policy'>): void {
  const warnings = d.explanation.warnings;
  if (!warnings) return;
  for (const w of warnings) {
    const line = `sluice: policy ${d.policy.key}, node ${w.nodeId}: ${w.message.en} / ${w.message.zh}`;
    if (logged.has(line)) continue;
    if (logged.size >= MAX_REMEMBERED) logged.clear();
    logged.add(line);
    console.warn(line);
  }
}

import { defaultRegistry, type NodeRegistry } from '../nodes/registry.js';
import type { PolicyDocumentInput } from '../types/policy.js';
import type { RosterView } from './rosterRefs.js';

/**
 * The active reps a set of policies can give a lead to: every rep an assignment node of a routing
 * policy selects (its teams, function tags and named reps; no filter selects everyone) or names as
 * its one rep (a named or fallback owner). A pool, queue or cascade gives to no one directly. What
 * a simulation measures fairness over, beside the reps who did get leads: a manager or a team no
 * routing reaches is no sign of an unfair policy.
 */
export function routableReps(policies: readonly PolicyDocumentInput[], roster: RosterView, registry: NodeRegistry = defaultRegistry): string[] {
  const active = roster.reps.filter((rep) => rep.active !== false);
  const ids = new Set<string>();
  for (const policy of policies) {
    if (policy.kind !== 'routing' || !Array.isArray(policy.nodes)) continue;
    for (const node of policy.nodes as unknown[]) {
      if (node === null || typeof node !== 'object') continue;
      const { type, data } = node as { type?: unknown; data?: unknown };
      if (typeof type !== 'string' || !type.startsWith('assign.')) continue;
      const parsed = registry.get(type)?.schema.safeParse(data ?? {});
      if (!parsed?.success) continue;
      const config = parsed.data as { teams?: unknown; roles?: unknown; reps?: unknown; repId?: unknown };
      if (typeof config.repId === 'string') ids.add(config.repId);
      const { teams, roles, reps } = config;
      if (!isTextList(teams) || !isTextList(roles) || !isTextList(reps)) continue;
      if (teams.length + roles.length + reps.length === 0) return active.map((rep) => rep.id).sort();
      for (const rep of active) {
        if (reps.includes(rep.id) || rep.teams?.some((t) => teams.includes(t)) || rep.roles?.some((r) => roles.includes(r))) ids.add(rep.id);
      }
    }
  }
  const known = new Set(active.map((rep) => rep.id));
  return [...ids].filter((id) => known.has(id)).sort();
}

const isTextList = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');

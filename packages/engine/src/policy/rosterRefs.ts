import type { Labels } from '../types/decision.js';
import type { PolicyDocumentInput } from '../types/policy.js';

/** A team, rep or role a policy's node names in its config. */
export interface RosterRef {
  policyKey: string;
  nodeId: string;
  /** Where under the node's `data`, e.g. `teams[0]`, `shares[1].repId`. */
  path: string;
  kind: 'team' | 'rep' | 'role';
  value: string;
}

/** A reference the roster does not know, said in both languages with where it is. */
export interface UnknownRosterRef extends RosterRef {
  message: Labels;
}

/** The roster a policy is checked against: its reps, with their teams and roles. */
export interface RosterView {
  reps: ReadonlyArray<{ id: string; teams?: readonly string[]; roles?: readonly string[] }>;
}

/**
 * Config keys that name roster entries, whatever the node kind: the shared candidate selection
 * (teams, reps, roles), a fallback or credit share's rep, and a notification's recipients
 * ({ kind, id }). Read by key so a new node kind that uses the same names is checked without a
 * line here. A manager (a manager queue's) is left out: managers are seldom among the sales reps.
 */
const LISTS: Record<string, RosterRef['kind']> = { teams: 'team', reps: 'rep', roles: 'role' };
const SINGLES: Record<string, RosterRef['kind']> = { repId: 'rep' };

/** Every team, rep and role the policy's nodes name, in node order. */
export function rosterRefs(policy: PolicyDocumentInput): RosterRef[] {
  const out: RosterRef[] = [];
  for (const node of policy.nodes ?? []) walk(node.data, '', (path, kind, value) => out.push({ policyKey: policy.key, nodeId: node.id, path, kind, value }));
  return out;
}

function walk(value: unknown, path: string, found: (path: string, kind: RosterRef['kind'], value: string) => void): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, `${path}[${i}]`, found));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  // A notification's recipient: { kind: 'team', id: 'ae' }.
  const { kind, id } = value as { kind?: unknown; id?: unknown };
  if ((kind === 'team' || kind === 'rep' || kind === 'role') && typeof id === 'string') {
    found(path === '' ? 'id' : `${path}.id`, kind, id);
    return;
  }
  for (const [key, v] of Object.entries(value)) {
    const at = path === '' ? key : `${path}.${key}`;
    const list = Object.hasOwn(LISTS, key) ? LISTS[key] : undefined;
    const single = Object.hasOwn(SINGLES, key) ? SINGLES[key] : undefined;
    if (list !== undefined && Array.isArray(v)) v.forEach((item, i) => typeof item === 'string' && found(`${at}[${i}]`, list, item));
    else if (single !== undefined && typeof v === 'string') found(at, single, v);
    else walk(v, at, found);
  }
}

/** What the roster lacks, and its name for the kind, per kind of reference. */
const LACKS: Record<RosterRef['kind'], (value: string) => Labels> = {
  team: (v) => ({ en: `no rep of the roster is in team "${v}"`, zh: `名单中没有团队“${v}”的销售` }),
  rep: (v) => ({ en: `rep "${v}" is not in the roster`, zh: `销售“${v}”不在名单中` }),
  role: (v) => ({ en: `no rep of the roster has the role "${v}"`, zh: `名单中没有职能为“${v}”的销售` }),
};
const KIND_WORDS: Record<RosterRef['kind'], Labels> = { team: { en: 'teams', zh: '团队' }, rep: { en: 'reps', zh: '销售' }, role: { en: 'roles', zh: '职能' } };
const SHOWN = 8;

/**
 * The teams, reps and roles the policies name that no rep of the roster has. A rotation over an
 * unknown team finds nobody and leaves its leads unassigned, which a replay of a history whose
 * teams have other names would otherwise show only as leads nobody got.
 */
export function unknownRosterRefs(policies: readonly PolicyDocumentInput[], roster: RosterView): UnknownRosterRef[] {
  const known: Record<RosterRef['kind'], Set<string>> = { team: new Set(), rep: new Set(), role: new Set() };
  for (const rep of roster.reps) {
    known.rep.add(rep.id);
    for (const t of rep.teams ?? []) known.team.add(t);
    for (const r of rep.roles ?? []) known.role.add(r);
  }
  const out: UnknownRosterRef[] = [];
  for (const policy of policies)
    for (const ref of rosterRefs(policy)) {
      if (known[ref.kind].has(ref.value)) continue;
      const names = [...known[ref.kind]].sort();
      const list = names.length === 0 ? undefined : names.slice(0, SHOWN).join(', ') + (names.length > SHOWN ? ' …' : '');
      const lacks = LACKS[ref.kind](ref.value);
      const kind = KIND_WORDS[ref.kind];
      out.push({
        ...ref,
        message: {
          en: `policy "${ref.policyKey}", node "${ref.nodeId}" (${ref.path}): ${lacks.en} (${list === undefined ? `the roster has no ${kind.en}` : `the roster's ${kind.en}: ${list}`})`,
          zh: `策略“${ref.policyKey}”节点“${ref.nodeId}”（${ref.path}）：${lacks.zh}（${list === undefined ? `名单中没有${kind.zh}` : `名单中的${kind.zh}：${list}`}）`,
        },
      });
    }
  return out;
}

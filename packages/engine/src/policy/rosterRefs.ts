import type { Labels } from '../types/decision.js';
import type { PolicyDocumentInput } from '../types/policy.js';

/** A team, rep, role or pool a policy's node names in its config. */
export interface RosterRef {
  policyKey: string;
  nodeId: string;
  /** Where under the node's `data`, e.g. `teams[0]`, `shares[1].repId`. */
  path: string;
  /** The same place as a JSON path in the document, as compile errors are placed: `$.nodes[2].data.teams[0]`. */
  documentPath: string;
  kind: 'team' | 'rep' | 'role' | 'pool';
  value: string;
  /**
   * A team named for its manager (kind `team`): an escalation to "the manager of team ae"
   * (recipient `{ kind: 'manager', id: 'ae' }`), a manager queue's team.
   */
  manager?: true;
}

/** A reference the roster does not know, or knows only among inactive reps, said in both languages with where it is. */
export interface UnknownRosterRef extends RosterRef {
  /** `inactive`: only reps marked inactive have it, so it still finds nobody. */
  reason: 'unknown' | 'inactive';
  /** Where and what, for a list that names neither policy nor node otherwise (a report, a log line). */
  message: Labels;
  /** What alone, for a place that shows the node and field beside it (the editor's problems list and inspector). */
  detail: Labels;
}

/** The roster a policy is checked against: its reps, with their teams, roles and whether they take leads. */
export interface RosterView {
  reps: ReadonlyArray<{ id: string; teams?: readonly string[]; roles?: readonly string[]; active?: boolean }>;
  /** The tenant's pools; without them pools are not checked (a history or a roster file lists none). */
  pools?: ReadonlyArray<{ id: string }>;
}

/**
 * Config keys that name roster entries, whatever the node kind: the shared candidate selection
 * (teams, reps, roles), a fallback or credit share's rep, and a notification's recipients
 * ({ kind, id }). Read by key so a new node kind that uses the same names is checked without a
 * line here. A manager named by rep id (a manager queue's `managerId`) is left out: managers are
 * seldom among the sales reps. A team named for its manager is a team all the same, and checked:
 * a recipient `{ kind: 'manager', id }` (the manager of team `id`, notify.ts) and a manager
 * queue's `team` (whose manager gets the queue, unless a `managerId` beside it wins).
 */
const LISTS: Record<string, RosterRef['kind']> = { teams: 'team', reps: 'rep', roles: 'role' };
const SINGLES: Record<string, RosterRef['kind']> = { repId: 'rep', poolId: 'pool' };
/** Keys naming the team whose manager is meant. */
const MANAGER_OF = new Set(['team']);

/** Every team, rep and role the policy's nodes name, in node order. */
export function rosterRefs(policy: PolicyDocumentInput): RosterRef[] {
  const out: RosterRef[] = [];
  // A draft is read as saved, which may be any shape: what is not a node is passed over.
  const nodes: unknown = policy.nodes;
  if (!Array.isArray(nodes)) return out;
  nodes.forEach((node: unknown, n) => {
    if (node === null || typeof node !== 'object') return;
    const { id, data } = node as { id?: unknown; data?: unknown };
    if (typeof id !== 'string') return;
    walk(data, '', (path, kind, value, manager) =>
      out.push({
        policyKey: policy.key,
        nodeId: id,
        path,
        documentPath: `$.nodes[${n}].data${path.startsWith('[') ? '' : '.'}${path}`,
        kind,
        value,
        ...(manager ? { manager: true as const } : {}),
      }),
    );
  });
  return out;
}

type Found = (path: string, kind: RosterRef['kind'], value: string, manager?: boolean) => void;

function walk(value: unknown, path: string, found: Found): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, `${path}[${i}]`, found));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  // A notification's recipient: { kind: 'team', id: 'ae' }; { kind: 'manager', id: 'ae' } is the manager of team ae.
  const { kind, id, managerId } = value as { kind?: unknown; id?: unknown; managerId?: unknown };
  if ((kind === 'team' || kind === 'rep' || kind === 'role' || kind === 'manager') && typeof id === 'string') {
    const at = path === '' ? 'id' : `${path}.id`;
    if (kind === 'manager') found(at, 'team', id, true);
    else found(at, kind, id);
    return;
  }
  const named = typeof managerId === 'string' && managerId !== '';
  for (const [key, v] of Object.entries(value)) {
    const at = path === '' ? key : `${path}.${key}`;
    const list = Object.hasOwn(LISTS, key) ? LISTS[key] : undefined;
    const single = Object.hasOwn(SINGLES, key) ? SINGLES[key] : undefined;
    if (list !== undefined && Array.isArray(v)) v.forEach((item, i) => typeof item === 'string' && found(`${at}[${i}]`, list, item));
    else if (single !== undefined && typeof v === 'string') found(at, single, v);
    // A named manager wins over the team's (managerQueue.ts): the team then reaches nobody and is not checked.
    else if (MANAGER_OF.has(key) && typeof v === 'string') {
      if (!named) found(at, 'team', v, true);
    } else walk(v, at, found);
  }
}

/** What the roster lacks, and its name for the kind, per kind of reference. */
const LACKS: Record<RosterKind, (value: string) => Labels> = {
  team: (v) => ({ en: `no rep of the roster is in team "${v}"`, zh: `名单中没有团队“${v}”的销售` }),
  rep: (v) => ({ en: `rep "${v}" is not in the roster`, zh: `销售“${v}”不在名单中` }),
  role: (v) => ({ en: `no rep of the roster has the role "${v}"`, zh: `名单中没有职能为“${v}”的销售` }),
};
/** The same, when only inactive reps have it: routing skips them, so it finds nobody all the same. */
const INACTIVE: Record<RosterKind, (value: string) => Labels> = {
  team: (v) => ({ en: `every rep of team "${v}" is inactive`, zh: `团队“${v}”的销售均已停用` }),
  rep: (v) => ({ en: `rep "${v}" is inactive`, zh: `销售“${v}”已停用` }),
  role: (v) => ({ en: `every rep with the role "${v}" is inactive`, zh: `职能为“${v}”的销售均已停用` }),
};
/** A team named for its manager that the roster lacks: the message says it is the team whose manager is meant. */
const MANAGER_LACKS = (v: string): Labels => ({
  en: `the manager of team "${v}" is meant, but no rep of the roster is in team "${v}"`,
  zh: `此处指团队“${v}”的主管，但名单中没有团队“${v}”的销售`,
});
const KIND_WORDS: Record<RosterKind, Labels> = { team: { en: 'teams', zh: '团队' }, rep: { en: 'reps', zh: '销售' }, role: { en: 'roles', zh: '职能' } };
/** Active names a message lists per kind (an ellipsis says there are more). */
export const SHOWN_ROSTER_NAMES = 8;

/** What reps carry: a pool is set up apart from them (see RosterNames.pools). */
export type RosterKind = Exclude<RosterRef['kind'], 'pool'>;
type PerKind<T> = Record<RosterKind, T>;

/**
 * What the check needs to know of a roster, for a caller that cannot hand over every rep (a server
 * with 20,000 reps reads these few names from its database instead): which names active reps have,
 * which only inactive ones have, whether any rep is inactive, and the first active names per kind.
 */
export interface RosterNames {
  /** Per kind, names active reps have: at least every name the policies use that they have. */
  active: PerKind<ReadonlySet<string>>;
  /** Per kind, names only inactive reps have: at least every such name the policies use. */
  inactive: PerKind<ReadonlySet<string>>;
  /** Whether any rep is inactive: the names listed are then said to be the active ones. */
  anyInactive: boolean;
  /** Per kind, the active names in code-point order: the first SHOWN_ROSTER_NAMES + 1 at least (one more says there are others). */
  shown: PerKind<readonly string[]>;
  /** The tenant's pool ids in code-point order, when known: a pool not among them takes no claim and no release. */
  pools?: readonly string[];
}

/** The names of a whole roster, as the check reads them. */
export function rosterNames(roster: RosterView): RosterNames {
  const active: PerKind<Set<string>> = { team: new Set(), rep: new Set(), role: new Set() };
  const inactive: PerKind<Set<string>> = { team: new Set(), rep: new Set(), role: new Set() };
  for (const rep of roster.reps) {
    const into = rep.active === false ? inactive : active;
    into.rep.add(rep.id);
    for (const t of rep.teams ?? []) into.team.add(t);
    for (const r of rep.roles ?? []) into.role.add(r);
  }
  for (const kind of ['team', 'rep', 'role'] as const) for (const v of active[kind]) inactive[kind].delete(v);
  const sorted = (set: Set<string>) => [...set].sort();
  return {
    active,
    inactive,
    anyInactive: roster.reps.some((r) => r.active === false),
    shown: { team: sorted(active.team), rep: sorted(active.rep), role: sorted(active.role) },
    ...(roster.pools ? { pools: sorted(new Set(roster.pools.map((p) => p.id))) } : {}),
  };
}

/**
 * A pool the policy sends leads to that the tenant has not set up: the leads go there, but every
 * claim from it and every release into it is refused (unknownPool), so they wait for nobody.
 */
function unknownPool(ref: RosterRef, pools: readonly string[]): Omit<UnknownRosterRef, keyof RosterRef> | undefined {
  if (pools.includes(ref.value)) return undefined;
  const list = pools.slice(0, SHOWN_ROSTER_NAMES).join(', ') + (pools.length > SHOWN_ROSTER_NAMES ? ' …' : '');
  const has =
    pools.length === 0
      ? { en: 'the tenant has no pool yet', zh: '租户尚未设置任何线索池' }
      : { en: `the tenant's pools: ${list}`, zh: `租户的线索池：${list}` };
  const detail = {
    en: `pool "${ref.value}" is not set up, so reps cannot claim the leads sent there (${has.en}): add it under Roster → Pools or pick another`,
    zh: `线索池“${ref.value}”尚未设置，放入其中的线索销售无法领取（${has.zh}）：请在“名单 → 公海池”中添加，或改选其他线索池`,
  };
  return {
    reason: 'unknown',
    detail,
    message: {
      en: `policy "${ref.policyKey}", node "${ref.nodeId}" (${ref.path}): ${detail.en}`,
      zh: `策略“${ref.policyKey}”节点“${ref.nodeId}”（${ref.path}）：${detail.zh}`,
    },
  };
}

/**
 * The teams, reps and roles the policies name that no active rep of the roster has, and the pools
 * they send leads to that the tenant has not set up (when the roster lists its pools). A rotation
 * over an unknown team (or one whose reps have all left) finds nobody and leaves its leads
 * unassigned, which would otherwise show only as leads nobody got: in a replay of a history whose
 * teams have other names, or live, after a draft names a team the CRM spells differently.
 */
export function unknownRosterRefs(policies: readonly PolicyDocumentInput[], roster: RosterView | RosterNames): UnknownRosterRef[] {
  const known = 'reps' in roster ? rosterNames(roster) : roster;
  const activeEn = known.anyInactive ? 'active ' : '';
  const activeZh = known.anyInactive ? '在职' : '';
  const out: UnknownRosterRef[] = [];
  for (const policy of policies)
    for (const ref of rosterRefs(policy)) {
      if (ref.kind === 'pool') {
        const pool = known.pools && unknownPool(ref, known.pools);
        if (pool) out.push({ ...ref, ...pool });
        continue;
      }
      if (known.active[ref.kind].has(ref.value)) continue;
      const reason = known.inactive[ref.kind].has(ref.value) ? 'inactive' : 'unknown';
      // A team whose reps are all inactive still has its manager (a team's, not a rep's, setting): the escalation reaches them.
      if (ref.manager && reason === 'inactive') continue;
      const shown = known.shown[ref.kind];
      const list = shown.length === 0 ? undefined : shown.slice(0, SHOWN_ROSTER_NAMES).join(', ') + (shown.length > SHOWN_ROSTER_NAMES ? ' …' : '');
      const lacks = ref.manager ? MANAGER_LACKS(ref.value) : (reason === 'inactive' ? INACTIVE : LACKS)[ref.kind](ref.value);
      const kind = KIND_WORDS[ref.kind];
      const has =
        list === undefined
          ? { en: `the roster has no ${activeEn}${kind.en}`, zh: `名单中没有${activeZh}${kind.zh}` }
          : { en: `the roster's ${activeEn}${kind.en}: ${list}`, zh: `名单中${activeZh}的${kind.zh}：${list}` };
      const detail = { en: `${lacks.en} (${has.en})`, zh: `${lacks.zh}（${has.zh}）` };
      out.push({
        ...ref,
        reason,
        message: {
          en: `policy "${ref.policyKey}", node "${ref.nodeId}" (${ref.path}): ${detail.en}`,
          zh: `策略“${ref.policyKey}”节点“${ref.nodeId}”（${ref.path}）：${detail.zh}`,
        },
        detail,
      });
    }
  return out;
}

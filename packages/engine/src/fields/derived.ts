import type { Lead, SluiceEvent } from '../types/domain.js';
import type { StateView } from '../types/state.js';
import type { Labels } from '../types/decision.js';
import { readPath } from '../expression/factPath.js';
import { emailDomain, normaliseCompany } from '../matching/normalise.js';
import { DAY_MS, HOUR_MS, localTime } from '../types/localTime.js';

export interface FactContext {
  nowMs: number;
  event: SluiceEvent;
  lead: Lead | undefined;
  leadId: string | null;
  state: StateView;
}

interface DerivedFact {
  labels: Labels;
  compute(ctx: FactContext): unknown;
}

const since = (iso: string | undefined, nowMs: number, unit: number): number | undefined => (iso === undefined ? undefined : (nowMs - Date.parse(iso)) / unit);

/**
 * The lead's last follow-up, counting the one this very event reports (activity.at, else the
 * event's at): the server records it before deciding, the CLI and simulator do not, and both must
 * read the same silence. An older activity does not turn the clock back.
 */
const lastTouch = (c: FactContext): string | undefined => {
  const known = c.lead?.lastActivityAt;
  if (c.event.type === 'activity.logged') {
    const reported = c.event.activity?.at ?? c.event.at;
    if (known === undefined || Date.parse(reported) > Date.parse(known)) return reported;
  }
  return known ?? c.lead?.createdAt;
};

/** Facts the engine computes for conditions; `derived.<name>`. */
export const DERIVED_FACTS: ReadonlyMap<string, DerivedFact> = new Map<string, DerivedFact>([
  [
    'hoursSinceCreated',
    { labels: { en: 'hours since the lead was created', zh: '线索创建至今小时数' }, compute: (c) => since(c.lead?.createdAt, c.nowMs, HOUR_MS) },
  ],
  [
    'daysSinceCreated',
    { labels: { en: 'days since the lead was created', zh: '线索创建至今天数' }, compute: (c) => since(c.lead?.createdAt, c.nowMs, DAY_MS) },
  ],
  [
    'hoursSinceLastActivity',
    { labels: { en: 'hours since the last follow-up (or creation)', zh: '距上次跟进（或创建）小时数' }, compute: (c) => since(lastTouch(c), c.nowMs, HOUR_MS) },
  ],
  [
    'daysSinceLastActivity',
    { labels: { en: 'days since the last follow-up (or creation)', zh: '距上次跟进（或创建）天数' }, compute: (c) => since(lastTouch(c), c.nowMs, DAY_MS) },
  ],
  [
    'previousOwners',
    {
      labels: { en: 'reps who owned the lead before, oldest first', zh: '历任负责人（按时间先后）' },
      compute: (c) =>
        c.leadId
          ? [
              ...new Set(
                c.state
                  .ownershipHistory(c.leadId)
                  .filter((o) => o.to)
                  .map((o) => o.repId),
              ),
            ]
          : [],
    },
  ],
  [
    'previousOwnerCount',
    {
      labels: { en: 'how many reps owned the lead before', zh: '历任负责人数量' },
      compute: (c) =>
        c.leadId
          ? new Set(
              c.state
                .ownershipHistory(c.leadId)
                .filter((o) => o.to)
                .map((o) => o.repId),
            ).size
          : 0,
    },
  ],
  [
    'localHour',
    {
      labels: { en: 'hour of day in the tenant time zone', zh: '租户时区的当前小时' },
      compute: (c) => Math.floor(localTime(c.nowMs, c.state.timeZone()).minutes / 60),
    },
  ],
  [
    'weekday',
    {
      labels: { en: 'ISO weekday in the tenant time zone (1 = Monday)', zh: '租户时区的星期几（1 = 周一）' },
      compute: (c) => localTime(c.nowMs, c.state.timeZone()).weekday,
    },
  ],
  [
    'emailDomain',
    { labels: { en: 'company e-mail domain (free-mail ignored)', zh: '企业邮箱域名（忽略免费邮箱）' }, compute: (c) => emailDomain(c.lead?.email) },
  ],
  ['companyKey', { labels: { en: 'normalised company name', zh: '标准化后的公司名' }, compute: (c) => normaliseCompany(c.lead?.company) }],
  ['hasOwner', { labels: { en: 'the lead has an owner', zh: '线索已有负责人' }, compute: (c) => Boolean(c.lead?.ownerId) }],
]);

/** Reads any fact path at the start of a decision (runtime facts start empty; score at 0). */
export type FactReader = (ctx: FactContext) => unknown;

const readers = new Map<string, FactReader>();

/**
 * A fact path turned once into a reader closure: parsing the path on every decision showed up in
 * profiles. Memoised by path; a reader depends on nothing but its path.
 */
export function factReader(path: string): FactReader {
  let reader = readers.get(path);
  if (reader) return reader;
  const dot = path.indexOf('.');
  const root = dot < 0 ? path : path.slice(0, dot);
  const rest = dot < 0 ? [] : path.slice(dot + 1).split('.');
  if (root === 'lead' && rest.length === 1) {
    const field = rest[0]!;
    reader = (ctx) => {
      const lead = ctx.lead;
      return lead !== undefined && Object.hasOwn(lead, field) ? (lead as Record<string, unknown>)[field] : undefined;
    };
  } else if (root === 'lead') reader = (ctx) => readPath(ctx.lead, rest);
  else if (root === 'event') reader = (ctx) => readPath(ctx.event, rest);
  else if (root === 'derived') {
    const derived = DERIVED_FACTS.get(rest[0]!);
    reader = derived ? (ctx) => derived.compute(ctx) : () => undefined;
  } else reader = (ctx) => resolveFact(path, ctx);
  if (readers.size < 10_000) readers.set(path, reader);
  return reader;
}

export function resolveFact(path: string, ctx: FactContext): unknown {
  const dot = path.indexOf('.');
  const root = dot < 0 ? path : path.slice(0, dot);
  const rest = dot < 0 ? [] : path.slice(dot + 1).split('.');
  switch (root) {
    case 'lead':
      return readPath(ctx.lead, rest);
    case 'event':
      return readPath(ctx.event, rest);
    case 'derived':
      return DERIVED_FACTS.get(rest[0]!)?.compute(ctx);
    case 'owner': {
      const ownerId = ctx.lead?.ownerId;
      if (!ownerId) return undefined;
      if (rest.length === 1 && rest[0] === 'openLoad') return ctx.state.openLoad(ownerId);
      if (rest.length === 1 && rest[0] === 'assignedToday') return ctx.state.assignedOn(ownerId, localTime(ctx.nowMs, ctx.state.timeZone()).day);
      return readPath(ctx.state.rep(ownerId), rest);
    }
    case 'rep': {
      // The rep a per-rep tick (or a rep's own event) is about.
      const repId = ctx.event.repId;
      if (!repId) return undefined;
      if (rest.length === 1 && rest[0] === 'openLoad') return ctx.state.openLoad(repId);
      if (rest.length === 1 && rest[0] === 'assignedToday') return ctx.state.assignedOn(repId, localTime(ctx.nowMs, ctx.state.timeZone()).day);
      return readPath(ctx.state.rep(repId), rest);
    }
    case 'score':
      return 0;
    // Grade and stage start as the lead has them; a grade node may change them.
    case 'grade':
      return ctx.lead?.grade;
    case 'stage':
      return ctx.lead?.stage;
    default:
      return undefined;
  }
}

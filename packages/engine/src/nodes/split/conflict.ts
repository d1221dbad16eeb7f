import { z } from 'zod';
import { leadKeys } from '../../matching/keys.js';
import { accountNames, accountRelationSchema, relationProblems } from '../../split/accounts.js';
import type { CustomerKeys } from '../../types/state.js';
import { instant, type Lead } from '../../types/domain.js';
import type { Labels } from '../../types/decision.js';
import { localStampOf } from '../../types/localTime.js';
import { defineNode, type ExecContext, type NodeResult } from '../../types/nodeSpec.js';
import { CUSTOMER_KEY_LABELS, labelledEnum } from '../optionLabels.js';

const KEYS = ['company', 'emailDomain', 'phone'] as const;
const RULES = ['firstReported', 'firstDiscovered'] as const;
type Rule = (typeof RULES)[number];

const RULE_TEXT: Record<Rule, { rule: Labels; verb: Labels; field: 'reportedAt' | 'discoveredAt' }> = {
  firstReported: { rule: { en: 'first reported wins', zh: '报备在先者得' }, verb: { en: 'reported', zh: '报备于' }, field: 'reportedAt' },
  firstDiscovered: { rule: { en: 'first discovered wins', zh: '发现在先者得' }, verb: { en: 'discovered', zh: '发现于' }, field: 'discoveredAt' },
};

const schema = z.strictObject({
  rule: labelledEnum(RULES, {
    firstReported: { en: 'First reported wins', zh: '报备在先者得' },
    firstDiscovered: { en: 'First discovered wins', zh: '发现在先者得' },
  }),
  /** What makes two records one customer. */
  keys: z
    .array(labelledEnum(KEYS, CUSTOMER_KEY_LABELS))
    .min(1)
    .default([...KEYS]),
  /** Parent and subsidiary count as one customer (the lead's parent company, customer accounts the CRM links by parentId, configured groups). */
  family: z.boolean().default(false),
  accountRelations: z.array(accountRelationSchema).max(200).default([]),
  /** When the owner keeps the customer, an unowned claimed lead of that customer goes to them too. */
  assignKeptLead: z.boolean().default(true),
  /** Tell the rep who lost the customer, with the rule and both times. */
  notifyLoser: z.boolean().default(true),
});

/** A rival's (or the claimant's) claim to the customer, with where each time came from. */
interface Claim {
  repId: string;
  source: 'lead' | 'matchingLead' | 'customer' | 'claim';
  recordId: string;
  reportedAt: string | null;
  discoveredAt: string | null;
  from: { reportedAt: string; discoveredAt: string };
}

const SOURCE_ORDER: Record<Claim['source'], number> = { claim: 0, lead: 1, matchingLead: 2, customer: 3 };

/**
 * Conflict rule (撞单, S25): a rep claims (报备) a customer another rep already holds — the same
 * lead, or a lead or customer matching by normalised company, e-mail domain or phone. The rule
 * compares report or discovery times; a tie, or a rival with no time on record, keeps the
 * customer where it is. The explanation gives both reps' times and the rule.
 */
export const conflict = defineNode({
  kind: 'conflict.rule',
  category: 'assignment',
  labels: { en: 'Conflict rule (撞单)', zh: '撞单规则' },
  help: {
    en: 'When a rep claims a customer someone else already holds (same lead, or same company / e-mail domain / phone; parent and subsidiary as one if you choose: the lead’s parent company, customer accounts linked by parent in the CRM, groups listed here): "first reported" or "first discovered" decides. The earlier rep gets the lead; a tie keeps it with the current owner. No other holder → "no conflict".',
    zh: '销售报备的客户已被他人持有（同一线索，或公司名 / 邮箱域名 / 电话相同；可选母子公司算同一客户：线索填写的母公司、CRM 中按上级客户关联的客户、此处配置的集团）时，按“报备在先”或“发现在先”裁决：时间在先者得到线索；时间相同时归当前负责人。无他人持有 → “无冲突”。',
  },
  schema,
  defaults: { rule: 'firstReported', keys: [...KEYS], family: false, accountRelations: [], assignKeptLead: true, notifyLoser: true },
  outputs: () => [
    { handle: 'kept', labels: { en: 'owner keeps it', zh: '原负责人保留' } },
    { handle: 'transferred', labels: { en: 'goes to the claimant', zh: '归报备人' } },
    { handle: 'noConflict', labels: { en: 'no conflict', zh: '无冲突' } },
    { handle: 'invalid', labels: { en: 'invalid claim', zh: '报备无效' } },
  ],
  outcomeHandles: true,
  emits: () => [{ params: {} }],
  check: (c) => relationProblems(c.accountRelations, 'accountRelations'),
  execute: (ctx, config, _fired, nodeId): NodeResult => {
    const invalid = (message: Labels): NodeResult => ({ outcome: 'invalid', detail: { rule: config.rule }, note: message });
    const lead = ctx.lead;
    if (!ctx.leadId || !lead) return invalid({ en: 'the claim names no lead the state knows', zh: '报备未指明已知线索' });
    const claimantId = ctx.event.repId;
    if (!claimantId || !ctx.state.rep(claimantId))
      return invalid({ en: `claimant ${claimantId ?? '(none)'} is not a known rep`, zh: `报备人 ${claimantId ?? '（未指明）'} 不是已知销售` });
    const data = ctx.event.data ?? {};
    for (const field of ['reportedAt', 'discoveredAt'] as const) {
      if (data[field] !== undefined && !instant.safeParse(data[field]).success) {
        return invalid({
          en: `data.${field} is not an ISO time with an offset: ${JSON.stringify(data[field])}`,
          zh: `data.${field} 不是带时区的 ISO 时间：${JSON.stringify(data[field])}`,
        });
      }
    }

    const claimant = claimantClaim(ctx, lead, claimantId, data as { reportedAt?: string; discoveredAt?: string });
    const { holders, keys } = rivals(ctx, lead, claimantId, config);
    const text = RULE_TEXT[config.rule];
    const detail: Record<string, unknown> = { rule: config.rule, keys, claimant, holders };
    if (holders.length === 0) {
      return {
        outcome: 'noConflict',
        detail,
        note: { en: `nobody else holds this customer: ${claimantId} may claim it`, zh: `该客户无他人持有：${claimantId} 可以领取` },
      };
    }
    const timeOf = (c: Claim) => c[text.field];
    const ms = (c: Claim) => (timeOf(c) === null ? -Infinity : Date.parse(timeOf(c)!));
    // The strongest rival: earliest time (none on record counts as earliest), then the lead itself before matches, then rep id.
    const rival = [...holders].sort(
      (a, b) => ms(a) - ms(b) || SOURCE_ORDER[a.source] - SOURCE_ORDER[b.source] || (a.repId < b.repId ? -1 : a.repId > b.repId ? 1 : 0),
    )[0]!;
    const claimantWins = ms(claimant) < ms(rival);
    const winner = claimantWins ? claimant : rival;
    const loser = claimantWins ? rival : claimant;
    detail.rival = rival.repId;
    detail.winner = winner.repId;

    const describe = (c: Claim, lang: 'en' | 'zh') => {
      const t = timeOf(c);
      const where =
        c.source === 'claim'
          ? ''
          : lang === 'en'
            ? ` (${c.source === 'customer' ? 'customer' : 'lead'} ${c.recordId})`
            : `（${c.source === 'customer' ? '客户' : '线索'} ${c.recordId}）`;
      // zh: no space after a full-width bracket.
      const gap = lang === 'zh' && where ? '' : ' ';
      if (t === null)
        return lang === 'en'
          ? `${c.repId}${where} has no ${text.verb.en} time on record, which counts as first`
          : `${c.repId}${where}${gap}无${text.verb.zh.replace('于', '')}时间记录，视为在先`;
      // The tenant's wall clock, to the second when seconds decide it (the detail keeps the ISO times).
      const shown = localStampOf(t, ctx.state.timeZone(), true);
      return lang === 'en' ? `${c.repId}${where} ${text.verb.en} ${shown}` : `${c.repId}${where}${gap}${text.verb.zh} ${shown}`;
    };
    const tie = !claimantWins && ms(claimant) === ms(rival);
    const verdict: Labels = claimantWins
      ? { en: `${claimantId} was first: the customer goes to ${claimantId}`, zh: `${claimantId} 在先：客户归 ${claimantId}` }
      : tie
        ? { en: `same time: ${rival.repId}, who holds it, keeps the customer`, zh: `时间相同：由现持有人 ${rival.repId} 保留客户` }
        : { en: `${rival.repId} was first and keeps the customer`, zh: `${rival.repId} 在先，保留客户` };
    const note: Labels = {
      en: `${text.rule.en}: ${describe(claimant, 'en')}; ${describe(rival, 'en')}; ${verdict.en}`,
      zh: `${text.rule.zh}：${describe(claimant, 'zh')}；${describe(rival, 'zh')}；${verdict.zh}`,
    };

    const owner = ctx.currentOwner();
    // A lost claim moves the lead only when nobody else holds it (or the claimant did): the
    // holder of the customer gets it. A lead someone else owns stays put; that is not this claim's question.
    const moveTo = claimantWins ? claimantId : config.assignKeptLead && (owner === null || owner === claimantId) ? rival.repId : owner;
    if (moveTo && moveTo !== owner && ctx.assignedBy() === null) {
      const strategy = 'conflictRule';
      ctx.act({ type: 'assign', leadId: lead.id, repId: moveTo, previousOwnerId: owner, nodeId, strategy });
      ctx.change({
        type: 'lead.assign',
        leadId: lead.id,
        repId: moveTo,
        previousOwnerId: owner,
        at: ctx.nowIso,
        nodeId,
        via: claimantWins ? 'claimed' : 'assigned',
      });
      ctx.setOwner(moveTo, nodeId);
      detail.assignedTo = moveTo;
    }
    if (moveTo === winner.repId) {
      // The lead now carries its holder's times, so the next claim compares against the right rep.
      const set: { reportedAt?: string; discoveredAt?: string } = {};
      if (winner.reportedAt !== null && winner.reportedAt !== lead.reportedAt) set.reportedAt = winner.reportedAt;
      if (winner.discoveredAt !== null && winner.discoveredAt !== lead.discoveredAt) set.discoveredAt = winner.discoveredAt;
      if (set.reportedAt !== undefined || set.discoveredAt !== undefined) ctx.change({ type: 'lead.facts', leadId: lead.id, set });
    }
    if (config.notifyLoser) {
      ctx.act({ type: 'notify', leadId: lead.id, nodeId, mode: 'notify', to: [{ kind: 'rep', id: loser.repId }], message: note });
    }
    return { outcome: claimantWins ? 'transferred' : 'kept', detail, note };
  },
});

function firstTouchBy(ctx: ExecContext, leadId: string, repId: string): string | undefined {
  let best: { at: string; ms: number } | undefined;
  for (const a of ctx.state.activities(leadId)) {
    if (a.repId !== repId) continue;
    const ms = Date.parse(a.at);
    if (ms <= ctx.nowMs && (!best || ms < best.ms)) best = { at: a.at, ms };
  }
  return best?.at;
}

function claimantClaim(ctx: ExecContext, lead: Lead, repId: string, data: { reportedAt?: string; discoveredAt?: string }): Claim {
  const reportedAt = data.reportedAt ?? ctx.event.at;
  const touch = data.discoveredAt === undefined ? firstTouchBy(ctx, lead.id, repId) : undefined;
  const discoveredAt = data.discoveredAt ?? touch ?? reportedAt;
  return {
    repId,
    source: 'claim',
    recordId: lead.id,
    reportedAt,
    discoveredAt,
    from: {
      reportedAt: data.reportedAt !== undefined ? 'event.data.reportedAt' : 'event.at',
      discoveredAt: data.discoveredAt !== undefined ? 'event.data.discoveredAt' : touch !== undefined ? 'firstTouch' : 'reportedAt',
    },
  };
}

/** A lead's holder and their times, falling back from what was recorded to what the history shows. */
function leadClaim(ctx: ExecContext, lead: Lead, repId: string, source: 'lead' | 'matchingLead'): Claim {
  let reportedAt: string | null = null;
  let reportedFrom = 'none';
  const open = ctx.state.ownershipHistory(lead.id).findLast((o) => o.repId === repId && !o.to);
  for (const [value, from] of [
    [lead.reportedAt, 'lead.reportedAt'],
    [lead.ownedSince, 'lead.ownedSince'],
    [open?.from, 'ownership'],
    [lead.createdAt, 'lead.createdAt'],
  ] as const) {
    if (value !== undefined) {
      reportedAt = value;
      reportedFrom = from;
      break;
    }
  }
  const touch = lead.discoveredAt === undefined ? firstTouchBy(ctx, lead.id, repId) : undefined;
  const discoveredAt = lead.discoveredAt ?? touch ?? reportedAt;
  const discoveredFrom =
    lead.discoveredAt !== undefined ? 'lead.discoveredAt' : touch !== undefined ? 'firstTouch' : discoveredAt !== null ? reportedFrom : 'none';
  return { repId, source, recordId: lead.id, reportedAt, discoveredAt, from: { reportedAt: reportedFrom, discoveredAt: discoveredFrom } };
}

function rivals(
  ctx: ExecContext,
  lead: Lead,
  claimantId: string,
  config: z.output<typeof schema>,
): { holders: Claim[]; keys: Record<string, string | string[] | null> } {
  const byRep = new Map<string, Claim>();
  const consider = (c: Claim) => {
    const prior = byRep.get(c.repId);
    const t = (x: Claim) => {
      const v = x[RULE_TEXT[config.rule].field];
      return v === null ? -Infinity : Date.parse(v);
    };
    if (!prior || t(c) < t(prior)) byRep.set(c.repId, c);
  };

  const owner = ctx.currentOwner();
  if (owner && owner !== claimantId) consider(leadClaim(ctx, lead, owner, 'lead'));

  const useCompany = config.keys.includes('company');
  const names = useCompany ? accountNames(lead, config.accountRelations, config.family) : [];
  // Company keys carry the brand too, so a short name meets the full one (matching/keys.ts).
  const keys: CustomerKeys = leadKeys(lead, {
    company: useCompany,
    emailDomain: config.keys.includes('emailDomain'),
    phone: config.keys.includes('phone'),
    parentCompany: useCompany && config.family,
  });
  const extra = names.filter((n) => n !== keys.company && n !== keys.parentCompany);

  const searches: CustomerKeys[] = [];
  if (Object.keys(keys).length > 0) searches.push(keys);
  for (const n of extra) searches.push({ company: n });
  for (const k of searches) {
    for (const l of ctx.state.findLeads?.(k, config.family) ?? []) {
      if (l.id === lead.id || !l.ownerId || l.ownerId === claimantId || l.status === 'lost') continue;
      consider(leadClaim(ctx, l, l.ownerId, 'matchingLead'));
    }
    for (const c of ctx.state.findCustomers(k, config.family)) {
      if (!c.ownerId || c.ownerId === claimantId) continue;
      const reportedAt = c.reportedAt ?? null;
      const discoveredAt = c.discoveredAt ?? reportedAt;
      consider({
        repId: c.ownerId,
        source: 'customer',
        recordId: c.id,
        reportedAt,
        discoveredAt,
        from: {
          reportedAt: reportedAt ? 'customer.reportedAt' : 'none',
          discoveredAt: c.discoveredAt ? 'customer.discoveredAt' : reportedAt ? 'customer.reportedAt' : 'none',
        },
      });
    }
  }
  const shownKeys: Record<string, string | string[] | null> = {
    company: keys.company ?? null,
    emailDomain: keys.emailDomain ?? null,
    phone: keys.phone ?? null,
    ...(config.family ? { parentCompany: keys.parentCompany ?? null, related: extra } : {}),
  };
  return { holders: [...byRep.values()], keys: shownKeys };
}

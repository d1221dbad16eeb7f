import { z } from 'zod';
import { settle } from '../../assignment/assign.js';
import { SKIP_REASON_LABELS } from '../../assignment/candidates.js';
import { parentChain } from '../../matching/groups.js';
import { customerMatches, leadKeys, matchRank, matchText, type CustomerMatch, type MatchKeyName } from '../../matching/keys.js';
import type { CustomerKeys } from '../../types/state.js';
import type { Customer } from '../../types/domain.js';
import type { Labels, SkipReason } from '../../types/decision.js';
import { defineNode, type NodeResult } from '../../types/nodeSpec.js';
import { namedRep, waivedText } from './namedRep.js';
import { CUSTOMER_KEY_LABELS, labelledEnum } from '../optionLabels.js';

const MATCH_KEYS = ['company', 'emailDomain', 'phone'] as const;

const AVAILABLE: ReadonlySet<SkipReason> = new Set(['inactive', 'suspended', 'away']);
const ANYWAY: ReadonlySet<SkipReason> = new Set(['inactive']);

interface MatchedCustomer {
  id: string;
  company: string | null;
  ownerId: string | null;
  matchedBy: MatchKeyName[];
  /** Each key that matched with its value and, for a name, whether short or an alias; strongest first. */
  matches: CustomerMatch[];
}

/**
 * Lead-to-customer matching (S25, LeanData's headline): a new lead from a company we already
 * serve goes to that customer's owner instead of the rotation, so two reps never chase one
 * account (撞单). When matches point to different owners, the customer listed first wins, and
 * the explanation names every match so a manager can overrule.
 */
export const existingOwner = defineNode({
  kind: 'match.existingOwner',
  category: 'assignment',
  labels: { en: 'Existing customer owner', zh: '老客户归属' },
  help: {
    en: 'If the lead belongs to a customer someone already owns (same company name or one of the customer\'s aliases — region, brackets and legal form ignored, a short name matching the full name — e-mail domain or phone), it goes to that owner; otherwise the flow continues at "unmatched" (e.g. a round robin). A full-name, e-mail or phone match outranks a short-name one. With "include parent company", a parent company the lead names counts too, and so do the matched customer\'s parent accounts, sisters and subsidiaries as the CRM links them (parent account): the customers the lead matches itself first, then the nearest parent, then the rest of the group. Free-mail domains never match. The owner\'s caps are waived; an inactive owner never gets it.',
    zh: '若线索属于已有负责人的客户（公司名或客户别名相同——忽略地区、括号和公司类型，简称可匹配全称——或邮箱域名、电话相同），直接分配给该负责人；否则走“未匹配”出口（如轮流分配）。全称、邮箱或电话匹配优先于简称匹配。开启“包含母公司”时，线索所填母公司也参与匹配，匹配到的客户在 CRM 中关联的上级公司、兄弟公司和子公司（上级客户）也算同一客户：先看线索直接匹配的客户，再看最近的上级公司，最后是集团内其他客户。免费邮箱不参与匹配。不受负责人的容量上限限制；已停用的负责人不会分配。',
  },
  schema: z.strictObject({
    keys: z
      .array(labelledEnum(MATCH_KEYS, CUSTOMER_KEY_LABELS))
      .min(1)
      .default([...MATCH_KEYS]),
    /**
     * Parent and subsidiary as one customer (S25): a lead naming a parent company we serve counts as
     * that customer, and a matched customer's group as the CRM links accounts by parentId (its parents,
     * sisters and subsidiaries) is searched for an owner after the customers the lead matches itself.
     */
    includeParent: z.boolean().default(false),
    /** True: an away or suspended owner is passed over (→ unmatched). False: the owner gets it anyway. */
    ownerMustBeAvailable: z.boolean().default(true),
    /** Which owner wins when matched customers have different owners. */
    conflict: labelledEnum(['firstListed'], {
      firstListed: { en: 'The best match wins, then the customer listed first', zh: '匹配度高者优先，其次按列表顺序取第一个客户' },
    }).default('firstListed'),
  }),
  defaults: { keys: [...MATCH_KEYS], includeParent: false, ownerMustBeAvailable: true, conflict: 'firstListed' },
  outputs: () => [
    { handle: 'matched', labels: { en: 'existing owner', zh: '已匹配负责人' } },
    { handle: 'unmatched', labels: { en: 'no owned customer', zh: '未匹配' } },
  ],
  outcomeHandles: true,
  emits: () => [{ params: {} }],
  execute: (ctx, config, _fired, nodeId): NodeResult => {
    if (!ctx.leadId) return { outcome: 'unmatched', note: { en: 'the event names no lead', zh: '事件未指明线索' } };
    const lead = ctx.lead;
    const keys: CustomerKeys = leadKeys(lead, {
      company: config.keys.includes('company'),
      emailDomain: config.keys.includes('emailDomain'),
      phone: config.keys.includes('phone'),
      parentCompany: config.includeParent,
    });
    const computed: Record<string, string | null> = {};
    const show = (name: keyof CustomerKeys) => (computed[name] = keys[name] ?? null);
    if (config.keys.includes('company')) ['company', 'companyBrand'].forEach((k) => show(k as keyof CustomerKeys));
    if (config.keys.includes('emailDomain')) show('emailDomain');
    if (config.keys.includes('phone')) show('phone');
    if (config.includeParent) ['parentCompany', 'parentBrand'].forEach((k) => show(k as keyof CustomerKeys));
    if (Object.keys(keys).length === 0) {
      return {
        outcome: 'unmatched',
        detail: { keys: computed, customers: [] },
        note: { en: 'the lead offers nothing to match on', zh: '线索没有可用于匹配的信息' },
      };
    }

    // Precedence: a full match (name, alias, e-mail domain, phone) before a short-name one; then as listed.
    const matched = ctx.state
      .findCustomers(keys)
      .map((c) => describe(c, keys))
      .filter((c) => c.matches.length > 0)
      .sort((a, b) => matchRank(a.matches[0]!) - matchRank(b.matches[0]!));
    // Then, with includeParent, the rest of their groups as the CRM links accounts by parentId (S25).
    const customers = config.includeParent && matched.length > 0 ? [...matched, ...groupMembers(ctx.state.findCustomers(keys, true), matched)] : matched;
    const owned = customers.filter((c) => c.ownerId);
    const owners = [...new Set(owned.map((c) => c.ownerId!))];
    const chosen = owned[0];
    const detail: Record<string, unknown> = { keys: computed, customers, rule: config.conflict, conflict: owners.length > 1 };
    if (!chosen) {
      const note =
        customers.length === 0
          ? { en: 'no existing customer matches', zh: '没有匹配的已有客户' }
          : {
              en: `matching customers have no owner: ${customers.map((c) => c.id).join(', ')}`,
              zh: `匹配到的客户均无负责人：${customers.map((c) => c.id).join('、')}`,
            };
      return { outcome: 'unmatched', detail, note };
    }
    const ownerId = chosen.ownerId!;
    detail.customerId = chosen.id;
    detail.ownerId = ownerId;
    const matchNote = explainMatch(customers, chosen, owners.length > 1);

    if (ctx.currentOwner() === ownerId) {
      return {
        outcome: 'matched',
        detail,
        note: { en: `${matchNote.en}; ${ownerId} already owns the lead`, zh: `${matchNote.zh}；${ownerId} 已是该线索负责人` },
      };
    }
    const named = namedRep(ctx, ownerId, config.ownerMustBeAvailable ? AVAILABLE : ANYWAY);
    detail.waived = named.waived;
    if (named.blockedBy) {
      const why = named.blockedBy === 'unknown' ? { en: 'not in the state', zh: '不在状态中' } : blockedText(named.blockedBy);
      return {
        outcome: 'unmatched',
        candidates: named.gathered.rows,
        detail,
        note: { en: `${matchNote.en}; but ${ownerId} is ${why.en}, so the lead goes on`, zh: `${matchNote.zh}；但 ${ownerId} ${why.zh}，线索继续流转` },
      };
    }
    const settled = settle(ctx, nodeId, 'existingOwner', named.gathered, named.candidate, detail);
    // settle speaks of assigned / noCandidate; this node's handles are matched / unmatched.
    const result = { ...settled, outcome: settled.outcome === 'assigned' ? 'matched' : 'unmatched' };
    if (result.outcome !== 'matched' || result.note) return result;
    if (named.waived.length === 0) return { ...result, note: matchNote };
    const w = waivedText(named.waived);
    return { ...result, note: { en: `${matchNote.en} (despite: ${w.en})`, zh: `${matchNote.zh}（不受以下限制：${w.zh}）` } };
  },
});

/**
 * The customers of the matched customers' groups (by parentId) that the lead did not match itself:
 * first the parents above a matched customer, nearest first (the subsidiary's lead is the parent
 * account's), then sisters and subsidiaries as listed. Each names the matched customer it came through.
 */
function groupMembers(group: readonly Customer[], matched: readonly MatchedCustomer[]): MatchedCustomer[] {
  const byId = new Map(group.map((c) => [c.id, c]));
  const chain = (id: string) => parentChain(id, byId);
  const matchedIds = new Set(matched.map((m) => m.id));
  const parents = new Map<string, { via: string; depth: number }>();
  const tops = matched.map((m) => {
    const up = chain(m.id);
    up.forEach((id, depth) => {
      const prior = parents.get(id);
      if (depth > 0 && (!prior || prior.depth > depth)) parents.set(id, { via: m.id, depth });
    });
    return { via: m.id, top: up[up.length - 1]! };
  });
  const members = group.filter((c) => !matchedIds.has(c.id));
  const asMember = (c: Customer): MatchedCustomer => {
    const parent = parents.get(c.id);
    const up = chain(c.id);
    const via = parent?.via ?? tops.find((t) => t.top === up[up.length - 1])?.via ?? matched[0]!.id;
    const match: CustomerMatch = parent ? { key: 'group', value: via, parent: true } : { key: 'group', value: via };
    return { id: c.id, company: c.company ?? null, ownerId: c.ownerId ?? null, matchedBy: ['group'], matches: [match] };
  };
  const above = members.filter((c) => parents.has(c.id)).sort((a, b) => parents.get(a.id)!.depth - parents.get(b.id)!.depth);
  return [...above, ...members.filter((c) => !parents.has(c.id))].map(asMember);
}

/** Which of the lead's keys this customer shares, worked out again so the explanation can say. */
function describe(c: Customer, keys: CustomerKeys): MatchedCustomer {
  const matches = customerMatches(c, keys);
  return { id: c.id, company: c.company ?? null, ownerId: c.ownerId ?? null, matchedBy: matches.map((m) => m.key), matches };
}

/** The keys with their values where a name is involved: "company name '阿克米' (alias '阿克米科技')". */
function keyList(matches: readonly CustomerMatch[]): Labels {
  const texts = matches.map(matchText);
  return { en: texts.map((t) => t.en).join(' + '), zh: texts.map((t) => t.zh).join('+') };
}

function explainMatch(customers: readonly MatchedCustomer[], chosen: MatchedCustomer, conflict: boolean): Labels {
  const by = keyList(chosen.matches);
  const head = {
    en: `customer ${chosen.id} matched by ${by.en} is owned by ${chosen.ownerId}`,
    zh: `客户 ${chosen.id}（按${by.zh}匹配）的负责人是 ${chosen.ownerId}`,
  };
  if (!conflict) return head;
  const all = customers.map((c) => {
    const k = keyList(c.matches);
    return { en: `${c.id} → ${c.ownerId ?? 'no owner'} (${k.en})`, zh: `${c.id} → ${c.ownerId ?? '无负责人'}（${k.zh}）` };
  });
  const outranked = customers.filter((c) => c.ownerId && c.ownerId !== chosen.ownerId && matchRank(c.matches[0]!) > matchRank(chosen.matches[0]!));
  const rule =
    outranked.length === 0
      ? chosen.matches[0]!.key === 'group'
        ? {
            en: 'in a group, the nearest parent account wins, then the customer listed first',
            zh: '同一集团内，最近的上级公司优先，其次按列表顺序取第一个客户',
          }
        : { en: 'the customer listed first wins', zh: '按列表顺序取第一个客户' }
      : outranked.every((c) => c.matches[0]!.key === 'group') && chosen.matches[0]!.short !== true
        ? { en: 'a customer the lead matches itself outranks the rest of its group', zh: '线索直接匹配的客户优先于其集团内的其他客户' }
        : { en: 'a full name, e-mail domain or phone match outranks a short-name match', zh: '全称、邮箱域名或电话匹配优先于简称匹配' };
  return {
    en: `${head.en}; matches point to different owners: ${all.map((a) => a.en).join(', ')}; ${rule.en}`,
    zh: `${head.zh}；匹配结果指向不同负责人：${all.map((a) => a.zh).join('，')}；${rule.zh}`,
  };
}

function blockedText(reason: SkipReason): Labels {
  return SKIP_REASON_LABELS[reason];
}

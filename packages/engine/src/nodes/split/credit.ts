import { z } from 'zod';
import { money } from '../../split/money.js';
import { allocate, basisPointsOf, centsOf, percent, percentsTotal, toNumber, ONE, WHOLE_BP } from '../../split/allocate.js';
import {
  byRole,
  byStage,
  firstTouch,
  lastTouch,
  linear,
  participants,
  revenueSplit,
  settleMissing,
  touchesOf,
  uShaped,
  type Missing,
  type Part,
} from '../../split/methods.js';
import { overrideWeight, splitOverride } from '../../split/overrides.js';
import type { CreditShare } from '../../types/state.js';
import type { Labels } from '../../types/decision.js';
import { defineNode, type ConfigProblem, type ExecContext, type NodeResult } from '../../types/nodeSpec.js';
import { splitNote, type PoolLeftover } from './creditNote.js';
import { labelledEnum } from '../optionLabels.js';

export const SPLIT_METHODS = ['stage', 'role', 'uShaped', 'firstTouch', 'lastTouch', 'linear', 'custom'] as const;
type Method = (typeof SPLIT_METHODS)[number];

const METHOD_TEXT: Record<Method | 'override', Labels> = {
  stage: { en: 'stage-based split', zh: '按阶段拆分' },
  role: { en: 'role-based split', zh: '按角色拆分' },
  uShaped: { en: 'U-shaped attribution', zh: 'U 型归因' },
  firstTouch: { en: 'first-touch attribution', zh: '首次触达归因' },
  lastTouch: { en: 'last-touch attribution', zh: '末次触达归因' },
  linear: { en: 'linear multi-touch attribution', zh: '线性多触点归因' },
  custom: { en: 'custom percentages', zh: '自定义比例' },
  override: { en: 'committee override', zh: '委员会改判' },
};

const pct = z.number().min(0).max(100);
const schema = z.strictObject({
  method: labelledEnum(SPLIT_METHODS, {
    stage: { en: 'By stage', zh: '按阶段拆分' },
    role: { en: 'By role', zh: '按角色拆分' },
    uShaped: { en: 'U-shaped (first and last touch weigh most)', zh: 'U 型（首末两次触达占大头）' },
    firstTouch: { en: 'First touch takes all', zh: '首次触达全得' },
    lastTouch: { en: 'Last touch takes all', zh: '末次触达全得' },
    linear: { en: 'Equal shares (linear)', zh: '平均分配（线性）' },
    custom: { en: 'Custom percentages', zh: '自定义比例' },
  }),
  /** Stage-based: each stage's share of the deal, in percent (S22). */
  stages: z
    .array(z.strictObject({ stage: z.string().min(1).max(60), percent: pct }))
    .max(50)
    .default([]),
  /** Who is a stage's contributor when several people recorded work in it. */
  stageContributor: labelledEnum(['first', 'last', 'shared'], {
    first: { en: 'The first person who worked the stage', zh: '最先负责该阶段的人' },
    last: { en: 'The last person who worked the stage', zh: '最后负责该阶段的人' },
    shared: { en: 'Shared equally by everyone who worked it', zh: '参与该阶段的人平分' },
  }).default('first'),
  /** Role-based: each role's share, in percent (SDR 20, AE 80; S23). */
  roles: z
    .array(z.strictObject({ role: z.string().min(1).max(40), percent: pct }))
    .max(50)
    .default([]),
  /** U-shaped: first and last touch, in percent; the touches between share the rest. */
  uShape: z.strictObject({ first: pct, last: pct }).default({ first: 40, last: 40 }),
  /** Linear: equal per person who touched the lead, or per touch. */
  linearPer: labelledEnum(['person', 'touch'], {
    person: { en: 'Per person', zh: '按人' },
    touch: { en: 'Per touch', zh: '按触达次数' },
  }).default('person'),
  /** Custom: fixed percentages per rep; a deal event's `data.shares` replaces them. */
  custom: z
    .array(z.strictObject({ repId: z.string().min(1).max(200), percent: pct }))
    .max(100)
    .default([]),
  /** Activity kinds that count as touches; empty = every kind. */
  touchKinds: z.array(z.string().min(1).max(60)).max(50).default([]),
  /** A stage nobody worked or a role nobody holds: its share goes to the owner, or to the others in proportion. */
  unattributed: labelledEnum(['owner', 'spread'], {
    owner: { en: "Goes to the lead's owner", zh: '归线索负责人' },
    spread: { en: 'Spread over the others in proportion', zh: '按比例分给其他人' },
  }).default('owner'),
  /** Former owners who lost the lead to a reclaim or release earn no role share. */
  excludeReclaimedOwners: z.boolean().default(true),
  /** Extra credit to supporting roles on top of the revenue split; need not total 100% (S24). */
  overlay: z
    .array(z.strictObject({ role: z.string().min(1).max(40), percent: pct }))
    .max(20)
    .default([]),
  /** A committee override's split replaces the method (S26). */
  honourOverrides: z.boolean().default(true),
});
type Config = z.output<typeof schema>;

const eventSharesSchema = z
  .array(z.strictObject({ repId: z.string().min(1).max(200), percent: pct }))
  .min(1)
  .max(100);

/**
 * Credit split on a won deal (业绩拆分, S22–S24). The method turns the lead's history into
 * exact weights; the revenue split's basis points total exactly 10,000 and its amounts add up to
 * the deal to the cent, both by largest remainder with ties to the lower rep id, and the note says
 * who got what rounding left over; overlay credit comes on top and is reported apart.
 */
export const credit = defineNode({
  kind: 'split.credit',
  category: 'action',
  labels: { en: 'Split deal credit', zh: '业绩拆分' },
  help: {
    en: "When a deal is won, splits its amount (the event's amount, else the lead's expected amount) among the people who worked it: by stage, by role, by touches (U-shaped, first, last, linear) or by fixed percentages. Revenue shares are whole basis points (10,000 = 100%) totalling exactly 10,000 and amounts adding up to the deal to the cent, both rounded by largest remainder with ties to the lower rep id; the explanation says who got what rounding left over. Overlay credit for supporting roles comes on top. A committee override's split wins.",
    zh: '成交时按阶段、角色、触达（U 型、首次、末次、线性）或固定比例，把成交金额（取事件金额，否则取线索预计金额）拆分给参与的人。收入拆分以整数基点（万分比，10000 = 100%）表示，合计正好 10000，金额精确到分、合计等于成交金额；两者都按最大余数法舍入，余数相同时销售 id 靠前者优先，说明中写明舍入余数归谁。支持角色的附加业绩另计。委员会改判的拆分优先。',
  },
  schema,
  defaults: {
    method: 'role',
    roles: [
      { role: 'SDR', percent: 20 },
      { role: 'AE', percent: 80 },
    ],
  },
  outputs: () => [
    { handle: 'split', labels: { en: 'split', zh: '已拆分' } },
    { handle: 'noCredit', labels: { en: 'nothing to split', zh: '无法拆分' } },
  ],
  outcomeHandles: true,
  emits: () => [{ params: {} }],
  check: (c) => {
    const problems: ConfigProblem[] = [];
    const table = (
      field: 'stages' | 'roles' | 'custom',
      key: 'stage' | 'role' | 'repId',
      what: Labels,
      rows: ReadonlyArray<Record<string, unknown> & { percent: number }>,
      required: boolean,
    ) => {
      if (rows.length === 0) {
        if (required) problems.push({ field, message: { en: `the ${c.method} method needs at least one ${what.en}`, zh: `该拆分方式至少需要一个${what.zh}` } });
        return;
      }
      const seen = new Set<unknown>();
      rows.forEach((r, i) => {
        if (seen.has(r[key]))
          problems.push({
            field: `${field}[${i}].${key}`,
            message: { en: `${what.en} "${String(r[key])}" is listed twice`, zh: `${what.zh}“${String(r[key])}”重复` },
          });
        seen.add(r[key]);
      });
      const total = percentsTotal(rows.map((r) => r.percent));
      if (total !== 100) {
        problems.push({
          field,
          message: {
            en: `${what.en} shares add up to ${total}%; a revenue split must total exactly 100%`,
            zh: `${what.zh}比例合计 ${total}%；收入拆分必须正好合计 100%`,
          },
        });
      }
    };
    if (c.method === 'stage') table('stages', 'stage', { en: 'stage', zh: '阶段' }, c.stages, true);
    if (c.method === 'role') table('roles', 'role', { en: 'role', zh: '角色' }, c.roles, true);
    if (c.method === 'custom') table('custom', 'repId', { en: 'rep', zh: '销售' }, c.custom, false);
    if (c.method === 'uShaped') {
      const ends = percentsTotal([c.uShape.first, c.uShape.last]);
      if (ends > 100) {
        problems.push({
          field: 'uShape',
          message: {
            en: `first and last touch take ${ends}%; together at most 100% (the middle gets the rest)`,
            zh: `首末次触达合计 ${ends}%；两者之和最多 100%（其余归中间触达）`,
          },
        });
      }
    }
    const overlayRoles = new Set<string>();
    c.overlay.forEach((o, i) => {
      if (overlayRoles.has(o.role))
        problems.push({ field: `overlay[${i}].role`, message: { en: `overlay role "${o.role}" is listed twice`, zh: `附加业绩角色“${o.role}”重复` } });
      overlayRoles.add(o.role);
    });
    return problems;
  },
  execute: (ctx, config, _fired, nodeId): NodeResult => {
    const none = (message: Labels, detail: Record<string, unknown> = {}): NodeResult => ({
      outcome: 'noCredit',
      detail: { method: config.method, ...detail },
      note: message,
    });
    const lead = ctx.lead;
    if (!ctx.leadId) return none({ en: 'the event names no lead', zh: '事件未指明线索' });
    const fromEvent = ctx.event.amount !== undefined;
    const amount = ctx.event.amount ?? lead?.expectedAmount;
    if (amount === undefined)
      return none({ en: 'no amount: the event carries none and the lead has no expected amount', zh: '没有金额：事件未提供，线索也没有预计金额' });
    const amountCents = Math.round(amount * 100);
    if (!Number.isSafeInteger(amountCents) || amountCents < 0)
      return none({ en: `amount ${amount} cannot be split`, zh: `金额 ${amount} 无法拆分` }, { amount });

    const owner = ctx.currentOwner();
    const detail: Record<string, unknown> = {
      method: config.method,
      amountCents,
      amount: money(amountCents),
      amountFrom: fromEvent ? 'event' : 'lead.expectedAmount',
    };
    let method: Method | 'override' = config.method;
    let parts: Part[];
    const override = config.honourOverrides ? splitOverride(ctx) : undefined;
    if (override && 'split' in override.action) {
      method = 'override';
      parts = override.action.split.map((s) => ({ repId: s.repId, weight: overrideWeight(s), basis: 'override' }));
      detail.override = { at: override.at, approver: override.approver, reason: override.reason, replaces: config.method };
    } else {
      const resolved = methodParts(ctx, config, owner, detail);
      if ('refused' in resolved) return none(resolved.refused, detail);
      parts = resolved.parts;
    }
    detail.method = method;

    const { shares, leftover } = revenueSplit(amountCents, parts);
    if (shares.length === 0)
      return none({ en: 'nobody to credit: no one worked the lead and it has no owner', zh: '无人可记业绩：没有人跟进过该线索，且线索没有负责人' }, detail);
    const leftovers: PoolLeftover[] = [{ pool: 'revenue', lines: shares, wholeBasisPoints: WHOLE_BP, wholeCents: amountCents, ...leftover }];
    const overlay = overlayShares(ctx, config, amountCents, owner, detail, leftovers);
    detail.shares = shares;
    detail.overlay = overlay;
    detail.rounding = leftovers.map((l) => ({ pool: l.pool, basisPoints: l.basisPoints, cents: l.cents }));

    ctx.act({ type: 'split', leadId: ctx.leadId, nodeId, method, amountCents, shares, overlay });
    ctx.change({ type: 'deal.split', leadId: ctx.leadId, at: ctx.nowIso, nodeId, amountCents, shares, overlay });
    return {
      outcome: 'split',
      detail,
      note: splitNote(METHOD_TEXT[method], amountCents, shares, overlay, leftovers, method === 'override' ? override : undefined, ctx.state.timeZone()),
    };
  },
});

/** The method's parts, or why it could not say. */
function methodParts(ctx: ExecContext, config: Config, owner: string | null, detail: Record<string, unknown>): { parts: Part[] } | { refused: Labels } {
  const leadId = ctx.leadId!;
  const touches = touchesOf(ctx.state.activities(leadId), { kinds: config.touchKinds, untilMs: ctx.nowMs });
  detail.touches = touches.length;
  const ownerOnly = (why: string): Part[] => (owner ? [{ repId: owner, weight: ONE, basis: why }] : []);
  let missing: Missing[] = [];
  let parts: Part[];
  switch (config.method) {
    case 'firstTouch':
      parts = touches.length > 0 ? firstTouch(touches) : ownerOnly('owner:noTouches');
      break;
    case 'lastTouch':
      parts = touches.length > 0 ? lastTouch(touches) : ownerOnly('owner:noTouches');
      break;
    case 'uShaped':
      parts = touches.length > 0 ? uShaped(touches, percent(config.uShape.first), percent(config.uShape.last)) : ownerOnly('owner:noTouches');
      break;
    case 'linear':
      parts = touches.length > 0 ? linear(touches, config.linearPer) : ownerOnly('owner:noTouches');
      break;
    case 'stage':
      ({ parts, missing } = byStage(
        touches,
        config.stages.map((s) => ({ stage: s.stage, share: percent(s.percent) })),
        config.stageContributor,
      ));
      break;
    case 'role': {
      const people = rolePeople(ctx, config, owner);
      detail.participants = people;
      ({ parts, missing } = byRole(
        people,
        config.roles.map((r) => ({ role: r.role, share: percent(r.percent) })),
      ));
      break;
    }
    case 'custom': {
      const given = ctx.event.data?.shares;
      if (given !== undefined) {
        const parsed = eventSharesSchema.safeParse(given);
        if (!parsed.success)
          return { refused: { en: "the deal event's shares are not a list of { repId, percent }", zh: '成交事件的 shares 不是 { repId, percent } 列表' } };
        const total = percentsTotal(parsed.data.map((s) => s.percent));
        const reps = new Set(parsed.data.map((s) => s.repId));
        if (reps.size !== parsed.data.length)
          return { refused: { en: 'the deal event lists a rep twice in its shares', zh: '成交事件的 shares 中有重复的销售' } };
        if (total !== 100)
          return { refused: { en: `the deal event's shares add up to ${total}%, not 100%`, zh: `成交事件的拆分比例合计 ${total}%，不是 100%` } };
        detail.sharesFrom = 'event';
        parts = parsed.data.map((s) => ({ repId: s.repId, weight: percent(s.percent), basis: 'custom' }));
      } else if (config.custom.length > 0) {
        detail.sharesFrom = 'policy';
        parts = config.custom.map((s) => ({ repId: s.repId, weight: percent(s.percent), basis: 'custom' }));
      } else {
        return {
          refused: {
            en: 'custom split without shares: the deal event carries no data.shares and the policy lists none',
            zh: '自定义拆分缺少比例：成交事件未提供 data.shares，策略中也未设置',
          },
        };
      }
      break;
    }
  }
  if (missing.length > 0)
    detail.unattributed = missing.map((m) => ({ basis: m.basis, share: toNumber(m.weight), to: config.unattributed === 'owner' && owner ? owner : 'spread' }));
  return { parts: settleMissing(parts, missing, config.unattributed, owner) };
}

function rolePeople(ctx: ExecContext, config: Config, owner: string | null) {
  const leadId = ctx.leadId!;
  return participants(
    ctx.state.ownershipHistory(leadId),
    owner,
    ctx.state.collaborators(leadId),
    (id) => ctx.state.rep(id)?.roles ?? [],
    config.excludeReclaimedOwners,
  );
}

/**
 * Overlay credit: each entry's percent of the deal — its cents and its basis points each rounded
 * half up once — split evenly among the people holding the role by the revenue split's rule.
 */
function overlayShares(
  ctx: ExecContext,
  config: Config,
  amountCents: number,
  owner: string | null,
  detail: Record<string, unknown>,
  leftovers: PoolLeftover[],
): CreditShare[] {
  if (config.overlay.length === 0) return [];
  const people = rolePeople(ctx, config, owner);
  const out: CreditShare[] = [];
  const unheld: string[] = [];
  for (const o of config.overlay) {
    if (o.percent === 0) continue;
    const holders = people.filter((p) => p.roles.includes(o.role)).map((p) => p.repId);
    if (holders.length === 0) {
      unheld.push(o.role);
      continue;
    }
    const part = percent(o.percent);
    const entry = { cents: centsOf(amountCents, part), basisPoints: basisPointsOf(part) };
    const split = allocate(
      entry.cents,
      holders.map((id) => ({ id, weight: ONE })),
      entry.basisPoints,
    );
    const lines = split.parts.map((a) => ({
      repId: a.id,
      role: o.role,
      basisPoints: a.basisPoints,
      share: a.share,
      amountCents: a.cents,
      basis: `overlay:${o.role}`,
    }));
    out.push(...lines);
    leftovers.push({
      pool: `overlay:${o.role}`,
      lines,
      wholeBasisPoints: entry.basisPoints,
      wholeCents: entry.cents,
      basisPoints: split.basisPoints,
      cents: split.cents,
    });
  }
  if (unheld.length > 0) detail.overlayUnheld = unheld;
  return out;
}

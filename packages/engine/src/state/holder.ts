import type { Lead } from '../types/domain.js';
import type { Labels } from '../types/decision.js';

/**
 * Who holds a lead. The invariant (issue 9): a lead has exactly one holder — an owner (a rep), a
 * pool, or a manager's queue — or none only before it is first routed. Two holders at once means
 * a rep may claim a lead a manager is about to hand out (the S13 cascade once ended that way).
 */
export type Holder = { kind: 'owner'; id: string } | { kind: 'pool'; id: string } | { kind: 'queue'; id: string };

export interface HolderProblem {
  leadId: string;
  holders: Holder[];
  message: Labels;
}

/** Every holder the lead names; the invariant asks for at most one. `queueId` is kept by `lead.queue`. */
export function holdersOf(lead: Lead): Holder[] {
  const out: Holder[] = [];
  if (lead.ownerId) out.push({ kind: 'owner', id: lead.ownerId });
  if (lead.poolId) out.push({ kind: 'pool', id: lead.poolId });
  const queueId = (lead as { queueId?: unknown }).queueId;
  if (typeof queueId === 'string' && queueId !== '') out.push({ kind: 'queue', id: queueId });
  return out;
}

/** The lead's one holder, `null` when it has none yet, or `undefined` when it breaks the invariant. */
export function holderOf(lead: Lead): Holder | null | undefined {
  const all = holdersOf(lead);
  return all.length === 0 ? null : all.length === 1 ? all[0] : undefined;
}

const LABEL = { owner: { en: 'owner', zh: '负责人' }, pool: { en: 'pool', zh: '线索池' }, queue: { en: 'manager queue', zh: '主管待分配队列' } } as const;

/**
 * Leads held twice (or more), in the order given. Pure: pass the leads of any state. A lead with
 * no holder is not a problem here — it may not have been routed yet.
 */
export function holderProblems(leads: Iterable<Lead>): HolderProblem[] {
  const problems: HolderProblem[] = [];
  for (const lead of leads) {
    const holders = holdersOf(lead);
    if (holders.length <= 1) continue;
    problems.push({
      leadId: lead.id,
      holders,
      message: {
        en: `lead ${lead.id} has ${holders.length} holders at once: ${holders.map((h) => `${LABEL[h.kind].en} ${h.id}`).join(', ')}`,
        zh: `线索 ${lead.id} 同时有 ${holders.length} 个归属：${holders.map((h) => `${LABEL[h.kind].zh} ${h.id}`).join('、')}`,
      },
    });
  }
  return problems;
}

import type { Decision, Expectation, Labels, PolicyTestCaseInput, StateSnapshotInput } from '@sluice/engine';

/** What a decision (stored or previewed) leaves to turn into a test case. */
export interface DecidedEvent {
  /** The state the decision read, before the event. */
  state: StateSnapshotInput;
  /** The event as the engine took it. */
  event: Record<string, unknown> & { id: string; type: string; at: string };
  /** The instant the decision read as now (the server clock, or a preview's decideAt). */
  decidedAt: string;
  /** The decisions of the policy the case is for (a scoring policy's, before routing, are left out). */
  decisions: readonly Decision[];
}

/**
 * A test case that pins what a decision did: `given` is the state it read, `when[0]` the event
 * decided at the instant the server decided it (a case's step reads its event's `at` as now), and
 * the expectations are read off the decision's own actions, changes and explanation, so running the
 * case against the version that decided reproduces it.
 */
export function caseFromDecision(input: DecidedEvent, name: { en?: string | undefined; zh?: string | undefined } = {}, taken: ReadonlySet<string> = new Set()) {
  const { event, decisions } = input;
  const leadId = (event.lead as { id?: string } | undefined)?.id ?? (event.leadId as string | undefined);
  const expect = expectationsOf(decisions, leadId);
  const written = writtenName(event, expect);
  const c: PolicyTestCaseInput = {
    id: uniqueId(`from-${event.id}`, taken),
    name: { en: name.en ?? written.en, zh: name.zh ?? written.zh },
    description: `Made from event ${event.id}, decided at ${input.decidedAt} (the step's "at" is that instant).`,
    given: input.state as PolicyTestCaseInput['given'],
    when: [{ event: { ...event, at: input.decidedAt } as never, expect }],
  };
  return c;
}

/** A case id from the event's, only [A-Za-z0-9_.-], and not one the policy already has. */
function uniqueId(base: string, taken: ReadonlySet<string>): string {
  const clean = base.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 90);
  if (!taken.has(clean)) return clean;
  for (let n = 2; ; n++) if (!taken.has(`${clean}-${n}`)) return `${clean}-${n}`;
}

/** The outcome as expectations: who holds the lead, which node decided, who was skipped and why, and what else it did. */
export function expectationsOf(decisions: readonly Decision[], leadId: string | undefined): Expectation {
  const e: Expectation = {};
  const mine = decisions.filter((d) => leadId === undefined || d.leadId === leadId || d.leadId === null);
  const actions = mine.flatMap((d) => d.actions);
  const onLead = actions.filter((a) => a.type !== 'notify' && (leadId === undefined || a.leadId === leadId));
  const holding = onLead.filter((a) => a.type === 'assign' || a.type === 'toPool' || a.type === 'queue').at(-1);
  const assign = onLead.filter((a) => a.type === 'assign').at(-1);
  if (leadId !== undefined) e.assignedTo = assign?.type === 'assign' ? assign.repId : null;
  if (holding?.type === 'assign') e.holder = { rep: holding.repId };
  else if (holding?.type === 'toPool') e.holder = { pool: holding.poolId };
  else if (holding?.type === 'queue') e.holder = { queue: holding.queueId };
  // As the runner reads it: the last triggered decision's acting node, else the last node it visited.
  const last = mine.filter((d) => d.triggered).at(-1);
  const acting = last?.actions.find((a) => a.type !== 'notify' && a.type !== 'schedule' && (leadId === undefined || a.leadId === leadId));
  const decider = acting?.nodeId ?? last?.explanation.visited.at(-1)?.nodeId;
  if (decider) e.decidedBy = decider;
  const skipped = new Map<string, { rep: string; reason: NonNullable<Expectation['skipped']>[number]['reason'] }>();
  for (const d of mine)
    for (const v of d.explanation.visited)
      for (const row of v.candidates ?? [])
        if (row.status === 'skipped' && row.reason) skipped.set(`${row.repId}\u0000${row.reason}`, { rep: row.repId, reason: row.reason });
  if (skipped.size > 0) e.skipped = [...skipped.values()];
  const split = onLead.filter((a) => a.type === 'split').at(-1);
  if (split?.type === 'split')
    e.split = {
      amountCents: split.amountCents,
      shares: split.shares.map((s) => ({ rep: s.repId, ...(s.role ? { role: s.role } : {}), basisPoints: s.basisPoints, amountCents: s.amountCents })),
    };
  const score = onLead.filter((a) => a.type === 'score').at(-1);
  if (score?.type === 'score') e.lead = { score: score.score, ...(score.grade !== undefined ? { grade: score.grade } : {}) };
  const changes = mine.flatMap((d) => d.changes);
  const penalties = changes.flatMap((c) => (c.type === 'penalty.add' ? [c.penalty] : []));
  if (penalties.length > 0)
    e.penalties = penalties.map((p) => ({
      rep: p.repId,
      ...(p.kind ? { kind: p.kind } : {}),
      ...(p.weightFactor !== undefined ? { weightFactor: p.weightFactor } : {}),
      ...(p.suspendClaims !== undefined ? { suspendClaims: p.suspendClaims } : {}),
      ...(p.suspendRouting !== undefined ? { suspendRouting: p.suspendRouting } : {}),
      until: p.until,
    }));
  const reminders = changes.flatMap((c) => (c.type === 'lead.remind' ? [{ rep: c.repId, lead: c.leadId }] : []));
  if (reminders.length > 0) e.reminders = reminders;
  const notified = actions.flatMap((a) => (a.type === 'notify' ? [{ mode: a.mode, ...(a.to[0] ? { to: a.to[0].id } : {}) }] : []));
  if (notified.length > 0) e.notified = notified;
  return e;
}

function writtenName(event: DecidedEvent['event'], e: Expectation): Labels {
  const lead = (event.lead as { id?: string } | undefined)?.id ?? (event.leadId as string | undefined) ?? event.id;
  if (typeof e.assignedTo === 'string') return { en: `${lead} goes to ${e.assignedTo}`, zh: `${lead} 分配给 ${e.assignedTo}` };
  if (e.holder && typeof e.holder === 'object' && 'pool' in e.holder)
    return { en: `${lead} goes to pool ${e.holder.pool}`, zh: `${lead} 进入线索池 ${e.holder.pool}` };
  return { en: `${event.type} on ${lead} as decided`, zh: `${lead} 的 ${event.type} 按原决策处理` };
}

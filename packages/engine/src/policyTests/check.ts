import { holderOf } from '../state/holder.js';
import type { Labels } from '../types/decision.js';
import type { StateView } from '../types/state.js';
import { EXPECTATION_LABELS, type ExpectationKind, REP_CONDITIONS } from './labels.js';
import { AS_EXPECTED, decidingNode, type StepOutcome, shown } from './observe.js';
import type { Expectation, ExpectedHolder } from './schema.js';

/** One expectation's verdict: where it is in the case, what it wanted, what happened. */
export interface ExpectationResult {
  /** e.g. `when[1].expect.assignedTo`, `expect.never.repWhere`. */
  path: string;
  kind: ExpectationKind;
  label: Labels;
  expected: unknown;
  actual: unknown;
  passed: boolean;
  reason: Labels;
}

type Verdict = { actual: unknown; passed: boolean; reason?: Labels };

/**
 * Checks an expectation against what the steps did and the state they left. `lead` is the lead the
 * expectation is about: `about`, else the step's lead; undefined means every lead (a whole tick).
 */
export function checkExpectation(
  where: string,
  expectation: Expectation,
  steps: readonly StepOutcome[],
  state: StateView,
  defaultLead: string | undefined,
): ExpectationResult[] {
  const lead = expectation.about ?? defaultLead;
  const mine = <T extends { leadId: string | null | undefined }>(xs: readonly T[]) => (lead === undefined ? [...xs] : xs.filter((x) => x.leadId === lead));
  const assignments = mine(steps.flatMap((s) => s.assignments));
  // A rep-scoped tick's decision names no lead; it is about a lead when one of its actions is.
  const decisions = steps
    .flatMap((s) => s.decisions)
    .filter((d) => lead === undefined || d.leadId === lead || (d.leadId === null && d.actions.some((a) => a.leadId === lead)));
  const actions = decisions.flatMap((d) => d.actions);
  const out: ExpectationResult[] = [];
  const add = (kind: ExpectationKind, expected: unknown, v: Verdict) => {
    const label = EXPECTATION_LABELS[kind];
    const reason = v.passed
      ? AS_EXPECTED
      : (v.reason ?? { en: `expected ${shown(expected)}, got ${shown(v.actual)}`, zh: `期望 ${shown(expected)}，实际 ${shown(v.actual)}` });
    out.push({ path: `${where}.${kind}`, kind, label, expected, actual: v.actual, passed: v.passed, reason });
  };
  const needLead = (kind: ExpectationKind, expected: unknown): boolean => {
    if (lead !== undefined) return true;
    add(kind, expected, { actual: undefined, passed: false, reason: { en: 'which lead? name it with "about"', zh: '未指明线索：请用 about 指定' } });
    return false;
  };
  const lastRep = assignments.at(-1)?.repId ?? null;
  const e = expectation;

  if (e.assignedTo !== undefined) add('assignedTo', e.assignedTo, { actual: lastRep, passed: lastRep === e.assignedTo });
  if (e.oneOf) add('oneOf', e.oneOf, { actual: lastRep, passed: lastRep !== null && e.oneOf.includes(lastRep) });
  if (e.decidedBy !== undefined) {
    const last = decisions.filter((d) => d.triggered).at(-1);
    const node = last ? decidingNode(last, lead) : undefined;
    add('decidedBy', e.decidedBy, { actual: node ?? null, passed: node === e.decidedBy });
  }
  if (e.holder !== undefined && needLead('holder', e.holder)) {
    const l = state.lead(lead!);
    const actual = l ? holderShape(l) : null;
    add('holder', e.holder, { actual, passed: JSON.stringify(actual) === JSON.stringify(e.holder) });
  }
  if (e.skipped) {
    const rows = decisions.flatMap((d) => d.explanation.visited.flatMap((v) => v.candidates ?? []));
    const actual = rows.filter((r) => r.status === 'skipped').map((r) => ({ rep: r.repId, reason: r.reason }));
    add(
      'skipped',
      e.skipped,
      subset(e.skipped, actual, (x, y) => x.rep === y.rep && x.reason === y.reason),
    );
  }
  if (e.split) {
    const split = actions.filter((a) => a.type === 'split').at(-1);
    const actual = split && {
      amountCents: split.amountCents,
      shares: split.shares.map((s) => ({ rep: s.repId, ...(s.role ? { role: s.role } : {}), basisPoints: s.basisPoints, amountCents: s.amountCents })),
    };
    const want = e.split;
    const passed =
      !!actual &&
      (want.amountCents === undefined || want.amountCents === actual.amountCents) &&
      want.shares.length === actual.shares.length &&
      want.shares.every((w) => actual.shares.some((s) => fieldsMatch(w, s)));
    add('split', want, { actual: actual ?? null, passed });
  }
  if (e.penalties) {
    const actual = steps
      .flatMap((s) => s.penalties)
      .map((p) => ({
        rep: p.repId,
        kind: p.kind,
        weightFactor: p.weightFactor,
        suspendClaims: p.suspendClaims,
        suspendRouting: p.suspendRouting,
        until: p.until,
      }));
    add(
      'penalties',
      e.penalties,
      subset(e.penalties, actual, (w, a) => fieldsMatch(w, a)),
    );
  }
  if (e.reminders) {
    const actual = mine(steps.flatMap((s) => s.reminders)).map((r) => ({ rep: r.repId, lead: r.leadId }));
    add(
      'reminders',
      e.reminders,
      subset(e.reminders, actual, (w, a) => fieldsMatch(w, a)),
    );
  }
  if (e.reclaimed) {
    const actual = reclaimedLeads(steps, undefined);
    const want = [...new Set(e.reclaimed)].sort();
    add('reclaimed', want, { actual, passed: JSON.stringify(actual) === JSON.stringify(want) });
  }
  if (e.notified) {
    const actual = actions.flatMap((a) => (a.type === 'notify' ? [{ mode: a.mode, to: a.to.map((r) => r.id), message: a.message }] : []));
    add(
      'notified',
      e.notified,
      subset(
        e.notified,
        actual,
        (w, a) =>
          (w.mode === undefined || w.mode === a.mode) &&
          (w.to === undefined || a.to.includes(w.to)) &&
          (w.contains === undefined || a.message.en.includes(w.contains) || a.message.zh.includes(w.contains)),
      ),
    );
  }
  const refusals = steps.flatMap((s) => (s.refusal ? [s.refusal] : []));
  if (e.refused !== undefined) add('refused', e.refused, { actual: refusals.at(-1) ?? null, passed: refusals.includes(e.refused) });
  if (e.lead && needLead('lead', e.lead)) {
    const l = state.lead(lead!) as Record<string, unknown> | undefined;
    const actual = l ? Object.fromEntries(Object.keys(e.lead).map((k) => [k, l[k] ?? null])) : null;
    add('lead', e.lead, { actual, passed: !!actual && Object.entries(e.lead).every(([k, v]) => JSON.stringify(actual[k]) === JSON.stringify(v)) });
  }
  if (e.never?.assignedTo) {
    const hit = assignments.filter((a) => e.never!.assignedTo!.includes(a.repId)).map((a) => ({ lead: a.leadId, rep: a.repId }));
    add('never.assignedTo', e.never.assignedTo, { actual: hit, passed: hit.length === 0 });
  }
  if (e.never?.repWhere) {
    const want = e.never.repWhere;
    const hit = assignments.filter((a) => a.conditions.some((c) => want.includes(c))).map((a) => ({ lead: a.leadId, rep: a.repId, was: a.conditions }));
    const reason = hit.length > 0 ? repWhereReason(hit) : undefined;
    add('never.repWhere', want, { actual: hit, passed: hit.length === 0, ...(reason ? { reason } : {}) });
  }
  if (e.not?.reclaimed) add('not.reclaimed', [], { actual: reclaimedLeads(steps, lead), passed: reclaimedLeads(steps, lead).length === 0 });
  if (e.not?.assigned) add('not.assigned', null, { actual: lastRep, passed: assignments.length === 0 });
  if (e.not?.pooled) {
    const pooled = mine(steps.flatMap((s) => s.pooled)).map((p) => ({ lead: p.leadId, pool: p.poolId }));
    add('not.pooled', [], { actual: pooled, passed: pooled.length === 0 });
  }
  if (e.not?.penalized) {
    // A penalty is a rep's, not a lead's: any the steps imposed counts, as for `penalties`.
    const imposed = steps.flatMap((s) => s.penalties).map((p) => ({ rep: p.repId, kind: p.kind }));
    add('not.penalized', [], { actual: imposed, passed: imposed.length === 0 });
  }
  if (e.not?.reminded) {
    const sent = mine(steps.flatMap((s) => s.reminders)).map((r) => ({ rep: r.repId, lead: r.leadId }));
    add('not.reminded', [], { actual: sent, passed: sent.length === 0 });
  }
  if (e.not?.notified) {
    const sent = actions.flatMap((a) => (a.type === 'notify' ? [{ node: a.nodeId, mode: a.mode, to: a.to.map((r) => r.id) }] : []));
    add('not.notified', [], { actual: sent, passed: sent.length === 0 });
  }
  if (e.not?.refused) add('not.refused', null, { actual: refusals.at(-1) ?? null, passed: refusals.length === 0 });
  return out;
}

function holderShape(lead: Parameters<typeof holderOf>[0]): ExpectedHolder | { invalid: unknown } {
  const h = holderOf(lead);
  if (h === null) return 'none';
  if (h === undefined) return { invalid: { rep: lead.ownerId ?? null, pool: lead.poolId ?? null } };
  return h.kind === 'owner' ? { rep: h.id } : h.kind === 'pool' ? { pool: h.id } : { queue: h.id };
}

function reclaimedLeads(steps: readonly StepOutcome[], lead: string | undefined): string[] {
  const ids = steps.flatMap((s) => s.pooled.filter((p) => p.reclaimed && (lead === undefined || p.leadId === lead)).map((p) => p.leadId));
  return [...new Set(ids)].sort();
}

/** Every wanted item has a match among the actual ones: the reason lists the missing. */
function subset<W, A>(want: readonly W[], actual: readonly A[], same: (w: W, a: A) => boolean): Verdict {
  const missing = want.filter((w) => !actual.some((a) => same(w, a)));
  if (missing.length === 0) return { actual, passed: true };
  return { actual, passed: false, reason: { en: `missing ${shown(missing)}; got ${shown(actual)}`, zh: `缺少 ${shown(missing)}；实际 ${shown(actual)}` } };
}

/** The fields the expectation names are equal in the actual item; others are not compared. */
function fieldsMatch(want: object, actual: object): boolean {
  return Object.entries(want).every(([k, v]) => v === undefined || JSON.stringify((actual as Record<string, unknown>)[k]) === JSON.stringify(v));
}

function repWhereReason(hit: Array<{ lead: string; rep: string; was: Array<keyof typeof REP_CONDITIONS> }>): Labels {
  const en = hit.map((h) => `${h.lead} went to ${h.rep}, ${h.was.map((c) => REP_CONDITIONS[c].en).join(', ')}`).join('; ');
  const zh = hit.map((h) => `${h.lead} 分配给了 ${h.rep}（${h.was.map((c) => REP_CONDITIONS[c].zh).join('、')}）`).join('；');
  return { en, zh };
}

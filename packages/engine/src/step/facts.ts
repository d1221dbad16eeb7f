import { BEHAVIOUR_COUNTERS, BEHAVIOUR_KINDS, eventLeadFacts } from '../runtime/eventFacts.js';
import type { StateChange, StateView } from '../types/state.js';
import type { Labels } from '../types/decision.js';
import type { Activity, Lead } from '../types/domain.js';
import { canonicalIso } from '../types/isoInstant.js';
import { crmPool, crmPoolChange, unknownPoolRefusal } from './crmPool.js';
import type { StepEvent, StepRefusal, WorkingState } from './types.js';

/**
 * Fields the server keeps for a lead it knows: who owns it, which pool or queue holds it, and
 * where a cascade stands change only through decisions (and claims), so the CRM cannot make the
 * ownership rows, loads and daily counts disagree by sending them. Two exceptions: an owner the CRM
 * reports for a lead nobody owns arrives as an assignment, and a pool it reports for a lead nobody
 * holds as that lead entering the pool (factChangesFor, crmPool.ts).
 */
export const SERVER_KEPT = ['ownerId', 'poolId', 'ownedSince', 'queueId', 'cascade'] as const;

/**
 * Why an event's facts cannot be recorded, before anything is changed: a lead nobody knows and no
 * data for it, an activity with nobody to log it. Undefined when they can. `known` is the event's
 * lead `leadId` as the state holds it before the event (undefined when none): the step reads it
 * once for this and factChangesFor, as the first read of a lead is a step's slowest.
 */
export function refusalFor(event: StepEvent, leadId: string, known: Lead | undefined): StepRefusal | undefined {
  if (!known && !event.lead) {
    return refusal(
      'lead-not-found',
      404,
      { en: `No lead ${leadId} in this tenant; send its data in "lead"`, zh: `本租户没有线索 ${leadId}；请在 "lead" 中提供线索数据` },
      '$.leadId',
      {
        en: 'unknown lead',
        zh: '未知线索',
      },
    );
  }
  if (event.type === 'activity.logged' && !activityRep(event) && !isBehaviour(event) && !(known?.ownerId ?? event.lead?.ownerId)) {
    return refusal('activity-without-rep', 422, { en: 'Say who logged the activity', zh: '请说明是谁记录的活动' }, '$.activity.repId', {
      en: 'set activity.repId or repId (the lead has no owner)',
      zh: '请填写 activity.repId 或 repId（线索没有负责人）',
    });
  }
  return undefined;
}

/**
 * A rep the event names whom the tenant's roster does not know: refused (422, naming the field and
 * the id) rather than recorded as someone's follow-up or made a lead's owner. The fields: the
 * event's `repId`, `activity.repId`, and the `lead.ownerId` the CRM reports for a lead nobody owns
 * (it becomes the owner; an owned lead's reported owner is not used, see factChangesFor). A tenant
 * with no reps at all (scoring only, or the roster not synced yet) is not checked: every name is
 * unknown there. Claims, releases and manual assignments check their rep themselves (409 unknownRep).
 * After the reps, the one pool the event names that is checked here: the pool the CRM reports for a
 * lead nobody holds (422 `pool-not-in-tenant`, see crmPool.ts; step.ts calls only this function).
 */
export function unknownRepRefusal(state: StateView, event: StepEvent, known: Lead | undefined): StepRefusal | undefined {
  return rosterRefusal(state, event, known) ?? unknownPoolRefusal(state, event, known);
}

function rosterRefusal(state: StateView, event: StepEvent, known: Lead | undefined): StepRefusal | undefined {
  let path: string;
  let repId: string;
  if (notInRoster(state, event.repId)) [path, repId] = ['$.repId', event.repId!];
  else if (notInRoster(state, event.activity?.repId)) [path, repId] = ['$.activity.repId', event.activity!.repId!];
  else if (!known?.ownerId && notInRoster(state, event.lead?.ownerId)) [path, repId] = ['$.lead.ownerId', event.lead!.ownerId!];
  else return undefined;
  if (state.reps().length === 0) return undefined;
  return refusal(
    'rep-not-in-roster',
    422,
    { en: `Rep ${repId} is not in this tenant's roster; add the rep to the roster first`, zh: `本租户名单中没有销售 ${repId}；请先将其加入名单` },
    path,
    { en: `unknown rep "${repId}"`, zh: `未知销售“${repId}”` },
  );
}

const notInRoster = (state: StateView, repId: string | null | undefined): boolean => typeof repId === 'string' && state.rep(repId) === undefined;

function refusal(code: StepRefusal['code'], status: StepRefusal['status'], message: Labels, path: string, why: Labels): StepRefusal {
  return { code, status, message, errors: [{ path, message: why }] };
}

/**
 * What the event says about its lead `leadId` (held as `known` before the event, see refusalFor) as
 * changes, applied to `state` one by one as they are made (each reads the lead as the previous left
 * it): the CRM's data, an owner the CRM reports for a lead nobody owns or else a pool it reports for
 * a lead nobody holds (crmPool.ts), the activity logged (a rep's; the lead's own behaviour records
 * none), the stage / won / lost / lock facts, and the open-load settle when the lead closes or
 * reopens. Call `refusalFor` first. `nowIso`: the step's (StepInput.nowIso), when given.
 */
export function factChangesFor(state: WorkingState, event: StepEvent, leadId: string, known: Lead | undefined, nowIso?: string): StateChange[] {
  // The changes made so far (see put): most events make one or none.
  let applied: StateChange[] | undefined;
  let all: StateChange[] | undefined;
  let statusBefore = known ? (known.status ?? 'open') : undefined;
  if (event.lead) {
    // An owner the CRM reports for a lead nobody holds as owner (new to us, or waiting in a pool,
    // queue or cascade) was given it in the CRM: the lead is held, so it arrives as an assignment
    // and ends any cascade. An owned lead's owner changes only through decisions and claims.
    const crmOwner = known?.ownerId ? undefined : (event.lead.ownerId ?? undefined);
    // A pool it reports for a lead nobody holds (a 公海 moved into Sluice) takes the lead in, unless
    // it names an owner too: the owner wins, a held lead is in no pool.
    const poolId = crmPool(event, known);
    // Otherwise who holds the lead is the server's: the CRM's fields for it are dropped.
    const upsert: StateChange = { type: 'lead.upsert', lead: crmData(event.lead) };
    all = kept(all, applied, upsert);
    applied = put(state, applied, upsert);
    if (crmOwner) {
      // The owner gets it as from ownedSince (history, load, that day's count).
      const assign: StateChange = {
        type: 'lead.assign',
        leadId,
        repId: crmOwner,
        previousOwnerId: null,
        at: event.lead.ownedSince ?? event.at,
        nodeId: 'crm',
        via: 'assigned',
      };
      all = kept(all, applied, assign);
      applied = put(state, applied, assign);
      // Counted as an open lead by the assignment; a lead that arrives already closed is settled below.
      statusBefore = 'open';
    } else if (poolId !== undefined) {
      const toPool = crmPoolChange(leadId, poolId, event.at);
      all = kept(all, applied, toPool);
      applied = put(state, applied, toPool);
    }
  }
  // Read again only when the CRM's data was stored: the write may have replaced the lead object.
  const lead = applied !== undefined || !known ? state.lead(leadId)! : known;
  const factsBefore = count(applied, all);
  if (event.type === 'activity.logged') {
    const activity = event.activity!;
    // The lead's own behaviour (a page visit, a download …) is no rep's follow-up: policies score
    // it, but it moves no follow-up clock and credits no one (see isBehaviour).
    const repId = activityRep(event) ?? (isBehaviour(event) ? undefined : lead.ownerId);
    if (repId) {
      const given = activity.at ?? event.at;
      // The step's own text for now is toISOString's already (StepInput.nowIso): no check of it.
      const at = nowIso !== undefined && given === nowIso ? given : canonicalIso(given);
      // Made with or without its stage in one literal: a field added afterwards moves the object to
      // a new shape and a separate store for the extra field.
      const added: Activity = lead.stage ? { leadId, repId, at, kind: activity.kind, stage: lead.stage } : { leadId, repId, at, kind: activity.kind };
      const add: StateChange = { type: 'activity.add', activity: added };
      all = kept(all, applied, add);
      applied = put(state, applied, add);
    } else {
      const counted = behaviourCount(event, leadId, lead);
      if (counted) {
        all = kept(all, applied, counted);
        applied = put(state, applied, counted);
      }
    }
  } else {
    // Stage, won / lost and lock facts: the engine's one rule.
    const reported = eventLeadFacts(event, lead);
    if (reported) {
      const facts: StateChange = { type: 'lead.reported', leadId, set: reported };
      all = kept(all, applied, facts);
      applied = put(state, applied, facts);
    }
  }
  // A won or lost lead stays with its owner but no longer counts towards their open load; reopened, it counts again.
  const after = count(applied, all) === factsBefore ? lead : state.lead(leadId)!;
  if (after.ownerId && statusBefore !== undefined) {
    const wasOpen = statusBefore === 'open';
    const isOpen = (after.status ?? 'open') === 'open';
    if (wasOpen !== isOpen) {
      const settle: StateChange = { type: 'load.settle', leadId, repId: after.ownerId, delta: isOpen ? 1 : -1 };
      all = kept(all, applied, settle);
      applied = put(state, applied, settle);
    }
  }
  return all ?? applied ?? [];
}

/**
 * The lead's behaviour counter (BEHAVIOUR_COUNTERS: visits, downloads …) one up for a behaviour
 * activity, for scoring's per-unit points (S3); undefined for another activity, a kind with no
 * counter, or an event whose lead data sends the counter itself (the CRM's total stands).
 */
function behaviourCount(event: StepEvent, leadId: string, lead: Lead): StateChange | undefined {
  if (!isBehaviour(event)) return undefined;
  const field = BEHAVIOUR_COUNTERS[(event.activity?.kind ?? '').toLowerCase()];
  if (field === undefined || (event.lead !== undefined && field in event.lead)) return undefined;
  const before = Number((lead as Record<string, unknown>)[field]);
  return { type: 'lead.reported', leadId, set: { [field]: (Number.isFinite(before) && before > 0 ? before : 0) + 1 } };
}

/**
 * Applies one change to the working state as it is made (the next reads the lead as it left it)
 * through `applied`, a list of one made by the first change and reused (the state keeps no list
 * it is given). With one change (the usual case) that list is also factChangesFor's answer.
 */
function put(state: { apply(changes: readonly StateChange[]): void }, applied: StateChange[] | undefined, c: StateChange): StateChange[] {
  if (applied === undefined) applied = [c];
  else applied[0] = c;
  state.apply(applied);
  return applied;
}

/**
 * Every change once there are two (`c` the latest, not applied yet; `applied` holds the one
 * before), each list made at its length: a list grown by push from one entry takes room for 17,
 * and a close (its facts, then the load settle) grew one per lead. Undefined before that.
 */
function kept(all: StateChange[] | undefined, applied: StateChange[] | undefined, c: StateChange): StateChange[] | undefined {
  if (applied === undefined) return undefined;
  return all === undefined ? [applied[0]!, c] : [...all, c];
}

function count(applied: StateChange[] | undefined, all: StateChange[] | undefined): number {
  return all?.length ?? (applied === undefined ? 0 : 1);
}

/**
 * The CRM's data for a lead without the fields the server keeps (SERVER_KEPT), as the change
 * carries it: the lead as sent when it names none of them (the usual case; the state stores a copy
 * of its own, see LeadBook.upsert), else a copy without them — made by a spread and deletes only
 * then: a deleted field leaves V8 a slow dictionary object, and the state reads this lead on
 * every later event.
 */
function crmData(sent: Lead): Lead {
  let kept = false;
  for (const k of SERVER_KEPT) if (k in sent) kept = true;
  if (!kept && !Object.hasOwn(sent, '__proto__')) return sent;
  const data: Lead = { ...sent };
  for (const k of SERVER_KEPT) delete (data as Record<string, unknown>)[k];
  return data;
}

/** The rep an activity names (its own repId, else the event's). */
function activityRep(event: StepEvent): string | undefined {
  return event.activity?.repId ?? event.repId;
}

/**
 * An activity naming no rep, of a kind the lead does itself (BEHAVIOUR_KINDS: page visits,
 * downloads, form fills, replies …): behaviour for scoring (S3), not a touch by the owner. A
 * behaviour kind with a rep named (a rep's on-site visit) is that rep's activity.
 */
export function isBehaviour(event: StepEvent): boolean {
  return event.type === 'activity.logged' && !activityRep(event) && BEHAVIOUR_KINDS.has((event.activity?.kind ?? '').toLowerCase());
}

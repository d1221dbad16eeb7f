import { holdersOf } from '../state/holder.js';
import type { Lead } from '../types/domain.js';
import type { StateChange, StateView } from '../types/state.js';
import type { StepEvent, StepRefusal } from './types.js';

/**
 * The pool the CRM reports for a lead nobody holds (S9, S20: a 公海 moved into Sluice), which the
 * lead then enters; undefined when the report is not used. Used only when the lead, before the
 * event (`known`), has no owner, pool or manager's queue and waits on no cascade check: a held lead
 * moves only by decisions, claims and releases. An owner the CRM names as well wins (see
 * factChangesFor): a held lead is in no pool.
 */
export function crmPool(event: StepEvent, known: Lead | undefined): string | undefined {
  const poolId = event.lead?.poolId;
  if (typeof poolId !== 'string' || poolId === '' || event.lead?.ownerId) return undefined;
  return known === undefined || unheld(known) ? poolId : undefined;
}

/** No owner, pool or queue holds the lead (holdersOf), and no cascade has a check pending on it. */
function unheld(lead: Lead): boolean {
  if (holdersOf(lead).length > 0) return false;
  const { cascade } = lead as { cascade?: { step?: unknown } };
  return !cascade || typeof cascade.step !== 'number' || cascade.step < 0;
}

/**
 * The lead enters the pool the CRM reports, from node `crm`: no one owned it, so no reason
 * (it is neither a reclaim nor a release) and no one's load moves.
 */
export function crmPoolChange(leadId: string, poolId: string, at: string): StateChange {
  return { type: 'lead.toPool', leadId, poolId, previousOwnerId: null, at, nodeId: 'crm' };
}

/**
 * A pool the CRM reports for a lead nobody holds (crmPool) that the tenant does not have: refused
 * (422, naming the field and the id) before anything is recorded, as no one could ever claim the
 * lead from it. Unlike the roster check there is no exception for a tenant without pools: such a
 * lead would sit in a pool that does not exist. A reported pool that is not used is not checked.
 */
export function unknownPoolRefusal(state: StateView, event: StepEvent, known: Lead | undefined): StepRefusal | undefined {
  const poolId = crmPool(event, known);
  if (poolId === undefined || state.pool(poolId) !== undefined) return undefined;
  const message = { en: `No pool ${poolId} in this tenant; add the pool first`, zh: `本租户没有线索池 ${poolId}；请先添加该线索池` };
  return {
    code: 'pool-not-in-tenant',
    status: 422,
    message,
    errors: [{ path: '$.lead.poolId', message: { en: `unknown pool "${poolId}"`, zh: `未知线索池“${poolId}”` } }],
  };
}

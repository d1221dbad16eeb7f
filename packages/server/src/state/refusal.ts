import type { StepRefusal } from '@sluice/engine';
import { ProblemError } from '../http/problem.js';

/**
 * The engine's refusal as the problem the API has always answered with: an event's (404
 * lead-not-found, 422 validation-failed with field paths: a rep without whom an activity cannot be
 * logged, a rep the tenant's roster does not know, a pool the CRM reports that the tenant lacks), a claim's, release's or manual
 * assignment's (404 unknown-lead / unknown-pool, 409 with the refusal code as the problem type,
 * the reason in `detail` / `detailZh` and its data in `reason`).
 */
export function problemOf(r: StepRefusal): ProblemError {
  switch (r.code) {
    case 'lead-not-found':
    case 'activity-without-rep':
    case 'rep-not-in-roster':
    case 'pool-not-in-tenant':
      return new ProblemError(r.code === 'lead-not-found' ? 404 : 422, r.code === 'lead-not-found' ? 'lead-not-found' : 'validation-failed', r.message.en, {
        detailZh: r.message.zh,
        errors: r.errors.map((e) => ({ path: e.path, message: e.message.en, messageZh: e.message.zh })),
      });
    case 'unknown-lead':
    case 'unknown-pool':
      return new ProblemError(404, r.code, r.message.en, { detailZh: r.message.zh });
    case 'unknownRep':
    case 'notInPool':
    case 'claimSuspended':
    case 'formerOwnerCooling':
    case 'dailyClaimLimit':
    case 'ownedCap':
    case 'notOwner':
    case 'alreadyOwner': {
      const detail = r.detail ?? r.message;
      return new ProblemError(409, r.code, r.message.en, { detail: detail.en, detailZh: detail.zh, message: r.message, reason: r.reason ?? {} });
    }
    default: {
      const _never: never = r.code;
      throw new Error(`no problem for refusal ${String(_never)}`);
    }
  }
}

/**
 * modelBehaviour: the fitted model as a LeadBehaviour, so the replay can ask "what would this rep have
 * done with this lead?" for leads that did not keep their historical owner. Every draw comes from a
 * stream keyed by (seed, lead id, rep id): the same lead with the same rep gets the same course in every
 * policy, and a different load moves its chance one way only (the outcome's uniform is drawn first and
 * fixed, so with a negative load slope a lead won by a busy rep is also won by the same rep less busy).
 */
import { parseInstant } from '@sluice/engine';
import type { AssignedCourse, History, LeadBehaviour } from '../types.js';
import type { Model } from './model.js';
import { amountFor, delayFactor, readRate } from './rates.js';
import type { ResponseProfile } from './responses.js';
import { uniformStream } from './rng.js';
import { segmentOf } from './segments.js';
import { inverseCdf } from './stats.js';

const HOUR = 3_600_000;

/** Draw from the rep's own distribution with weight ownWeight, else from everyone's (the shrinkage). */
function drawMixed(rep: ResponseProfile | undefined, pooled: ResponseProfile, pick: (profile: ResponseProfile) => number[], next: () => number): number {
  const useOwn = next() < (rep?.ownWeight ?? 0);
  const ownGrid = rep ? pick(rep) : [];
  const grid = useOwn && ownGrid.length > 0 ? ownGrid : pick(pooled);
  return inverseCdf(grid, next());
}

function mostCommonType(history: History): string {
  const counts = new Map<string, number>();
  for (const activity of history.activities) counts.set(activity.type, (counts.get(activity.type) ?? 0) + 1);
  let best = 'call';
  let bestCount = 0;
  for (const [type, count] of [...counts.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (count > bestCount) [best, bestCount] = [type, count];
  }
  return best;
}

export function modelBehaviour(model: Model, history: History, seed: number): LeadBehaviour {
  const followUpType = mostCommonType(history);
  const pooled = model.responses.pooled;
  return {
    onAssigned({ lead, repId, at, load }): AssignedCourse {
      const next = uniformStream(seed, lead.id, repId);
      const segment = segmentOf(lead, model.segmentBy);
      const seg = model.segments[segment];
      const reading = readRate(model, repId, segment, load);
      const start = parseInstant(at);

      const uOutcome = next();
      const uLost = next();
      const uCycle = next();
      const outcome = uOutcome < reading.p ? 'won' : uLost < (seg?.lostShare ?? 1) ? 'lost' : 'open';
      const cycle = seg && seg.cycleHours.length > 0 ? inverseCdf(seg.cycleHours, uCycle) : null;
      const closedMs = outcome !== 'open' && cycle !== null ? start + cycle * HOUR : undefined;

      const rep = model.responses.reps[repId];
      const activities: AssignedCourse['activities'] = [];
      const contacted = next() < (rep?.contactedShare ?? pooled.contactedShare);
      if (contacted && pooled.firstContactHours.length > 0) {
        // Busier than usual → slower: delay × e^(slope · (load − the rep's mean load)), linear past the range history showed.
        const loadFactor = delayFactor(model, repId, load);
        let t = start + drawMixed(rep, pooled, (p) => p.firstContactHours, next) * loadFactor * HOUR;
        const count = Math.max(1, Math.round(drawMixed(rep, pooled, (p) => p.followUps, next)));
        for (let i = 0; i < count; i++) {
          if (closedMs !== undefined && t > closedMs) break;
          activities.push({ at: new Date(t).toISOString(), type: followUpType });
          t +=
            Math.max(
              0,
              drawMixed(rep, pooled, (p) => p.gapHours, next),
            ) * HOUR;
        }
      }
      const course: AssignedCourse = { activities, outcome, pWon: reading.p };
      if (closedMs !== undefined) course.closedAt = new Date(closedMs).toISOString();
      if (outcome === 'won') course.amount = amountFor(model, segment, lead.amount).amount;
      return course;
    },
  };
}

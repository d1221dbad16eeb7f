/**
 * A history as a CRM would have recorded it, made by letting a policy run over the world's leads
 * with the hidden truth deciding what reps do. The replay is the one loop for this and for the
 * estimates (SIM.md): the generator never assigns leads by itself.
 */
import type { PolicyDocument } from '@sluice/engine';
import { replay } from '../replay/index.js';
import type { History, ReplayRun } from '../types.js';
import { worldBehaviour } from './hidden.js';
import { historyFromRun } from './recorded.js';
import { DAY_MS, MINUTE_MS, toIso } from './instants.js';
import { type World, worldArrivals } from './world.js';

export interface WorldHistory {
  history: History;
  /** The run that made it: with `trueExpected(world, run)` it is the ground truth of the policy that made the history. */
  run: ReplayRun;
}

export interface WorldRunInput {
  world: World;
  policies: PolicyDocument[];
  /** Seeds the hidden behaviour (who wins what, when follow-ups happen). */
  seed: number;
  label?: string;
  /** Working-day calendars the policies name. */
  calendars?: unknown[];
  onProgress?: (done: number, total: number) => void;
}

/** Runs on past the last arrival until every course has played out, so no outcome is cut off. */
export function worldRunUntil(world: World): string {
  const tail = world.params.cycleDays[1] * DAY_MS + world.params.firstContactCapMinutes * MINUTE_MS + DAY_MS;
  return toIso(Date.parse(world.end) + tail);
}

function replayWorld(input: WorldRunInput, keepActivities: boolean): ReplayRun {
  const { world } = input;
  return replay({
    history: worldArrivals(world),
    policies: input.policies,
    behaviour: worldBehaviour(world, input.seed),
    label: input.label ?? 'history',
    seed: input.seed,
    keepActivities,
    timeZone: world.timeZone,
    until: worldRunUntil(world),
    ...(input.calendars ? { calendars: input.calendars } : {}),
    ...(input.onProgress ? { onProgress: input.onProgress } : {}),
  });
}

/** History under any policy set: replay the world's arrivals through it with the hidden truth as behaviour. */
export function historyUnderPolicy(input: WorldRunInput): WorldHistory {
  const run = replayWorld(input, true);
  return { history: historyFromRun(input.world, run), run };
}

/**
 * Ground truth of a policy set over the world: the run (who held what, at what load) without
 * activities. `trueExpected(world, runInWorld(...))` is the policy's exact expected wins and revenue.
 */
export function runInWorld(input: WorldRunInput): ReplayRun {
  return replayWorld(input, false);
}

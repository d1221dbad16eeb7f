/**
 * The hidden truth of the synthetic world: what a rep does with a lead and how likely they win it.
 * A logistic model — odds = lead odds (segment × grade × source) × rep skill in the segment ×
 * exp(−LOAD_ODDS · load / capacity) — so a busy rep converts less, and answers later by
 * (1 + LOAD_DELAY · load / capacity). The simulator never sees these numbers; its estimates are
 * checked against them.
 */
import { parseInstant } from '@sluice/engine';
import type { AssignedCourse, Outcome, ReplayRun } from '../types.js';
import { DAY_MS, isoFormatter, MINUTE_MS } from './instants.js';
import { collectCourse, type CourseInput, type CourseWriter, type WritingBehaviour } from '../replay/course.js';
import { between, finish, hashKeys, lognormal, mix, mixNumber, mixText, Reseedable, weightedIndex, weightsTotal } from './random.js';
import { LOAD_DELAY, LOAD_ODDS } from './regimes.js';
import type { LeadTruth, World, WorldRep } from './world.js';

function truthOf(world: World, leadId: string): LeadTruth {
  const t = world.truth.get(leadId);
  if (!t) throw new Error(`Lead "${leadId}" is not in this world / 线索 "${leadId}" 不在这个模拟世界中`);
  return t;
}

/** Rep lookup built once per caller (no module-level cache: the package keeps no global state). */
function repLookup(world: World): (repId: string) => WorldRep {
  const byId = new Map(world.reps.map((r) => [r.id, r]));
  return (repId) => {
    const rep = byId.get(repId);
    if (!rep) throw new Error(`Rep "${repId}" is not in this world / 销售 "${repId}" 不在这个模拟世界中`);
    return rep;
  };
}

export function winProbability(t: LeadTruth, rep: WorldRep, load: number): number {
  const odds = t.odds * (rep.skill[t.segment] ?? 1) * Math.exp((-LOAD_ODDS * Math.max(0, load)) / rep.capacity);
  return odds / (1 + odds);
}

/** P(won | lead, rep, open leads the rep held when it was assigned). */
export function hiddenWinProbability(world: World, leadId: string, repId: string, load: number): number {
  return winProbability(truthOf(world, leadId), repLookup(world)(repId), load);
}

/** The deal's worth if won: the lead's, whoever wins it. */
export function hiddenAmount(world: World, leadId: string): number {
  return truthOf(world, leadId).amount;
}

/**
 * What a rep really does with a lead: the follow-ups (first contact after a rep- and load-dependent
 * delay, then more at intervals until the close) and the outcome. Deterministic per (seed, lead, rep,
 * assignment time). The win is decided by one uniform per lead (common random numbers), so a better
 * rep wins every lead a worse one would have won: comparisons between policies are not drowned in noise.
 */
export function worldBehaviour(world: World, seed: number): WritingBehaviour {
  const kinds = Object.keys(world.params.activityKinds);
  const kindWeights = Object.values(world.params.activityKinds);
  const kindTotal = weightsTotal(kindWeights);
  const [gapLo, gapHi] = world.params.followUpGapDays;
  const most = world.params.maxFollowUps;
  const repOf = repLookup(world);
  // Each rep and its hash key found by one look-up per assignment.
  const repKeys = new Map(world.reps.map((r) => [r.id, { rep: r, key: mixText(0, r.id) }]));
  const iso = isoFormatter();
  const outcomeSeed = hashKeys(seed, 'outcome');
  const courseSeed = hashKeys(seed, 'course');
  // Each lead's truth by its place in the world's leads as they are now, read by the place the
  // replay gives when that place holds the same id: a look-up by id in a map of a million leads
  // was ~2 % of a replay (a history made from the world, as the benchmark's, lists them in order).
  const placedIds = world.leads.map((l) => l.id);
  const placedTruths = placedIds.map((id) => world.truth.get(id));
  // writeCourse's stream, seeded again for each draw sequence (one assignment at a time).
  const draws = new Reseedable();
  const behaviour: WritingBehaviour = {
    // The course is drawn in one place (writeCourse); onAssigned returns it as an object.
    onAssigned: (input): AssignedCourse => collectCourse((out) => behaviour.writeCourse(input, out), iso),
    /**
     * The lead's course, written (CourseWriter): draws from one stream seeded again per assignment,
     * and no text for an instant (the follow-ups' and the close's are toISOString's for their
     * numbers, made by the replay — or onAssigned — when it needs them).
     */
    writeCourse({ lead, repId, at, atMs, load, index }: CourseInput, out: CourseWriter): void {
      const known = repKeys.get(repId);
      const rep = known?.rep ?? repOf(repId);
      const placed = index !== undefined && placedIds[index] === lead.id ? placedTruths[index] : undefined;
      const t = placed ?? truthOf(world, lead.id);
      const start = atMs ?? parseInstant(at);
      if (Number.isNaN(start))
        throw new Error(`Assignment time "${at}" of lead "${lead.id}" is not an ISO instant / 线索 "${lead.id}" 的分配时间 "${at}" 不是 ISO 时间`);
      const pWon = winProbability(t, rep, load);
      const outcome: Outcome = draws.reseed(finish(mix(outcomeSeed, t.key))).next() < pWon ? 'won' : 'lost';

      const s = draws.reseed(finish(mixNumber(mix(mix(courseSeed, t.key), known?.key ?? 0), start)));
      const slowdown = 1 + (LOAD_DELAY * Math.max(0, load)) / rep.capacity;
      const delayMin = Math.min(lognormal(s, rep.firstContactMinutes * slowdown, rep.firstContactSigma), world.params.firstContactCapMinutes);
      const firstContact = start + Math.max(1, Math.round(delayMin)) * MINUTE_MS;
      const closedAt = Math.max(start + Math.round((t.cycleDays * DAY_MS) / MINUTE_MS) * MINUTE_MS, firstContact);
      for (let when = firstContact, count = 0; when <= closedAt && count < most; count++) {
        out.followUpAt(when, kinds[weightedIndex(s, kindWeights, kindTotal)] ?? 'call');
        when += Math.round((between(s, gapLo, gapHi) * DAY_MS) / MINUTE_MS) * MINUTE_MS;
      }
      out.end(outcome, undefined, closedAt, outcome === 'won' ? t.amount : undefined, pWon);
    },
  };
  return behaviour;
}

/** Who held each lead in a run, and their load when they got it. `repId` absent: nobody worked it. */
export interface WorldAssignment {
  leadId: string;
  repId?: string;
  load?: number;
}

export interface TrueExpected {
  /** Σ P(won): the exact expected number of wins, no sampling. */
  wins: number;
  /** Σ P(won) · amount (¥). */
  revenue: number;
  leads: number;
  /** Leads someone held (unheld leads cannot be won). */
  held: number;
}

/**
 * Ground truth for one run: the expected wins and revenue of the leads as the run left them (the
 * final holder, at the load they had when the lead was assigned). A ReplayRun is read through its
 * `finalRepId` and `loadAtAssign`.
 */
export function trueExpected(world: World, assignment: ReplayRun | WorldAssignment[]): TrueExpected {
  const rows: WorldAssignment[] = Array.isArray(assignment)
    ? assignment
    : Array.from({ length: assignment.leads.length }, (_, i) => ({
        leadId: assignment.leads.leadId(i),
        repId: assignment.leads.finalRepId(i),
        load: assignment.leads.loadAtAssign(i),
      }));
  let wins = 0;
  let revenue = 0;
  let held = 0;
  const repOf = repLookup(world);
  for (const row of rows) {
    if (row.repId === undefined) continue;
    const t = truthOf(world, row.leadId);
    const p = winProbability(t, repOf(row.repId), row.load ?? 0);
    wins += p;
    revenue += p * t.amount;
    held++;
  }
  return { wins, revenue, leads: rows.length, held };
}

/**
 * The hidden P(won) of each lead of a run, so a proof can compare a learned lead score with the best
 * any score could do (issue #15: "AUC within 0.02 of the best achievable").
 *
 * A score is computed when the lead is created, before anyone knows which rep will get it and how
 * busy they will be. So the fair benchmark is not the P(won) the outcome was drawn from (it knows the
 * rep) but its average over the reps and loads leads like this one met:
 *
 *   atCreation(lead) = mean over the run's held leads j of the same segment of
 *                      P(won | this lead's odds, rep of j, load of j at assignment)
 *
 * It depends on the lead only through its segment and hidden odds (segment × grade × source), all
 * visible columns, so it is P(won | attributes known at creation) with the expectation over who works
 * the lead taken from the run itself. It is exact (up to the sample of assignments) when routing does
 * not look at grade or source (round robin, the example exports' policy); under routing by grade or
 * source it is the average over the segment's assignments, a slightly weaker benchmark.
 * `historical` is the P(won) with the rep who held the lead and their load: what the outcome was
 * drawn from, better than any creation-time score can be.
 */
import type { ReplayRun } from '../types.js';
import { winProbability } from './hidden.js';
import type { World, WorldRep } from './world.js';

export interface HiddenLeadProbability {
  leadId: string;
  /** P(won | attributes known at creation), averaged over the reps and loads of the run (see above). */
  atCreation: number;
  /** P(won | attributes, the rep who held it, their load when it was assigned). */
  historical: number;
}

/** Every lead someone held in the run (leads nobody held stay open and cannot be scored against an outcome). */
export function hiddenLeadProbabilities(world: World, run: ReplayRun): Map<string, HiddenLeadProbability> {
  const reps = new Map(world.reps.map((r) => [r.id, r]));
  const held: Array<{ leadId: string; rep: WorldRep; load: number }> = [];
  const results = run.leads;
  for (let i = 0; i < results.length; i++) {
    const repId = results.finalRepId(i);
    if (repId === undefined) continue;
    const rep = reps.get(repId);
    if (!rep) throw new Error(`Rep "${repId}" is not in this world / 销售 "${repId}" 不在这个模拟世界中`);
    held.push({ leadId: results.leadId(i), rep, load: results.loadAtAssign(i) ?? 0 });
  }
  const truthOf = (leadId: string) => {
    const t = world.truth.get(leadId);
    if (!t) throw new Error(`Lead "${leadId}" is not in this world / 线索 "${leadId}" 不在这个模拟世界中`);
    return t;
  };
  const bySegment = new Map<string, Array<{ rep: WorldRep; load: number }>>();
  for (const h of held) {
    const segment = truthOf(h.leadId).segment;
    const list = bySegment.get(segment) ?? [];
    list.push({ rep: h.rep, load: h.load });
    bySegment.set(segment, list);
  }
  // Leads share few (segment, odds) cells: average once per cell.
  const cells = new Map<string, number>();
  const out = new Map<string, HiddenLeadProbability>();
  for (const h of held) {
    const t = truthOf(h.leadId);
    const cell = `${t.segment}\u0000${t.odds}`;
    let atCreation = cells.get(cell);
    if (atCreation === undefined) {
      const met = bySegment.get(t.segment) ?? [];
      atCreation = met.reduce((sum, m) => sum + winProbability(t, m.rep, m.load), 0) / met.length;
      cells.set(cell, atCreation);
    }
    out.set(h.leadId, { leadId: h.leadId, atCreation, historical: winProbability(t, h.rep, h.load) });
  }
  return out;
}

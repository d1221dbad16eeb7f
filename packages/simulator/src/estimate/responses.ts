/**
 * How each rep follows up, from the activity history: time from a lead's creation to the owner's first
 * follow-up, the gaps between later follow-ups, how many follow-ups a lead got, and how often a lead
 * got none. A rep with few leads is shrunk toward everyone's distribution by mixing: their own
 * distribution is used with weight n/(n + minCell), the all-rep one otherwise.
 */
import { parseInstant } from '@sluice/engine';
import type { HistoryActivity, HistoryLead } from '../types.js';
import { quantileGrid } from './stats.js';

export interface ResponseProfile {
  /** Leads the profile was learnt from. */
  leads: number;
  /** Share of leads with at least one follow-up by the holder (already shrunk for reps). */
  contactedShare: number;
  /** 0 %, 5 % … 100 % quantiles of hours from creation to first follow-up (contacted leads only). */
  firstContactHours: number[];
  /** Same grid for hours between consecutive follow-ups on a lead. */
  gapHours: number[];
  /** Same grid for follow-ups per contacted lead. */
  followUps: number[];
  /** Weight of this profile against the all-rep one: n/(n + minCell); 1 for the all-rep profile. */
  ownWeight: number;
}

interface Sample {
  leads: number;
  contacted: number;
  delays: number[];
  gaps: number[];
  counts: number[];
}

const emptySample = (): Sample => ({ leads: 0, contacted: 0, delays: [], gaps: [], counts: [] });

/** The owner's follow-ups on a lead at or after its creation (an activity without a rep counts as the owner's). */
export function ownerFollowUps(lead: HistoryLead, activities: readonly HistoryActivity[] | undefined): number[] {
  if (!activities) return [];
  const created = parseInstant(lead.createdAt);
  const times: number[] = [];
  for (const activity of activities) {
    const at = parseInstant(activity.at);
    if (at < created) continue;
    if (activity.repId !== undefined && activity.repId !== lead.ownerRepId) continue;
    times.push(at);
  }
  return times;
}

function addLead(sample: Sample, lead: HistoryLead, times: readonly number[]): void {
  sample.leads++;
  if (times.length === 0) return;
  sample.contacted++;
  sample.delays.push((times[0]! - parseInstant(lead.createdAt)) / 3_600_000);
  for (let i = 1; i < times.length; i++) sample.gaps.push((times[i]! - times[i - 1]!) / 3_600_000);
  sample.counts.push(times.length);
}

function profileOf(sample: Sample, ownWeight: number, pooledShare: number, minCell: number): ResponseProfile {
  const contactedShare =
    ownWeight === 1 ? (sample.leads > 0 ? sample.contacted / sample.leads : 0) : (sample.contacted + minCell * pooledShare) / (sample.leads + minCell);
  return {
    leads: sample.leads,
    contactedShare,
    firstContactHours: quantileGrid(sample.delays),
    gapHours: quantileGrid(sample.gaps),
    followUps: quantileGrid(sample.counts),
    ownWeight,
  };
}

export interface ResponseFit {
  pooled: ResponseProfile;
  reps: Record<string, ResponseProfile>;
  /** Per lead with a first contact: hours to it, for the load fit. */
  delays: Map<string, number>;
}

export function fitResponses(leads: readonly HistoryLead[], byLead: ReadonlyMap<string, HistoryActivity[]>, minCell: number): ResponseFit {
  const pooled = emptySample();
  const perRep = new Map<string, Sample>();
  const delays = new Map<string, number>();
  for (const lead of leads) {
    if (!lead.ownerRepId) continue;
    const times = ownerFollowUps(lead, byLead.get(lead.id));
    let sample = perRep.get(lead.ownerRepId);
    if (!sample) perRep.set(lead.ownerRepId, (sample = emptySample()));
    addLead(sample, lead, times);
    addLead(pooled, lead, times);
    if (times.length > 0) delays.set(lead.id, (times[0]! - parseInstant(lead.createdAt)) / 3_600_000);
  }
  const pooledProfile = profileOf(pooled, 1, 0, minCell);
  const reps: Record<string, ResponseProfile> = {};
  for (const repId of [...perRep.keys()].sort()) {
    const sample = perRep.get(repId)!;
    reps[repId] = profileOf(sample, sample.contacted / (sample.contacted + minCell), pooledProfile.contactedShare, minCell);
  }
  return { pooled: pooledProfile, reps, delays };
}

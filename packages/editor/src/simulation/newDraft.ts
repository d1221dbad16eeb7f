import type { CandidateRun, SimulationItem } from './types.js';

/**
 * The new-simulation form's choices not yet run (the dataset, the candidates, the seed), kept in
 * sessionStorage: leaving the page and coming back in the same tab finds them again. Per user, so
 * that someone else signing in on the tab does not get them. Cleared once a simulation starts.
 */

/** A candidate as the form edits it: its name and, per policy key, the version chosen ('' = not in it). */
export interface CandidateDraft {
  label: string;
  versions: Record<string, string>;
}

export interface NewSimulationDraft {
  datasetId: string | null;
  /** Null until candidates were edited: the form then starts with its two empty ones. */
  candidates: CandidateDraft[] | null;
  seed: string;
}

/** The address parameters the new-simulation form reads once, on arrival, and then drops: a simulation to change, a dataset to use. */
export const FROM_SIMULATION = 'from';
export const WITH_DATASET = 'useDataset';

const PREFIX = 'sluice.simulation.new';
const keyOf = (userId: string | undefined) => `${PREFIX}:${userId ?? ''}`;

function store(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    // Storage refused (a privacy mode): nothing is remembered.
    return null;
  }
}

const isDraft = (v: unknown): v is NewSimulationDraft => {
  if (!v || typeof v !== 'object') return false;
  const d = v as Record<string, unknown>;
  const candidates = d.candidates;
  return (
    (d.datasetId === null || typeof d.datasetId === 'string') &&
    typeof d.seed === 'string' &&
    (candidates === null ||
      (Array.isArray(candidates) &&
        candidates.every((c) => c && typeof c === 'object' && typeof c.label === 'string' && c.versions && typeof c.versions === 'object')))
  );
};

export function readDraft(userId: string | undefined): NewSimulationDraft | null {
  const raw = store()?.getItem(keyOf(userId));
  if (!raw) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return isDraft(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

export function writeDraft(userId: string | undefined, draft: NewSimulationDraft): void {
  try {
    store()?.setItem(keyOf(userId), JSON.stringify(draft));
  } catch {
    // Full or refused: the form still works, it only forgets.
  }
}

export function clearDraft(userId: string | undefined): void {
  store()?.removeItem(keyOf(userId));
}

/** The form's candidates for what a simulation ran: each policy at the version it was asked for (live, draft or a number). */
export function candidateDrafts(candidates: readonly CandidateRun[]): CandidateDraft[] {
  return candidates.map((c) => ({ label: c.label, versions: Object.fromEntries(c.policies.map((p) => [p.key, String(p.version)])) }));
}

/** A simulation's choices as the new-simulation form takes them ("Change and run"). */
export function draftOf(s: Pick<SimulationItem, 'datasetId' | 'candidates' | 'seed'>): NewSimulationDraft {
  return { datasetId: s.datasetId, candidates: candidateDrafts(s.candidates), seed: String(s.seed ?? 1) };
}

/** The same simulation asked for again: the dataset (with its saved mapping), the candidates as asked, the seed. */
export function rerunOf(s: Pick<SimulationItem, 'datasetId' | 'candidates' | 'seed'>) {
  return {
    datasetId: s.datasetId,
    seed: s.seed ?? 1,
    // As asked, without what the run resolved: "live" and "draft" are read again when it starts.
    candidates: s.candidates.map((c) => ({ label: c.label, policies: c.policies.map((p) => ({ key: p.key, version: p.version })) })),
  };
}

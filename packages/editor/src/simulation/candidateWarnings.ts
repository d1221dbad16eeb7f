import { type PolicyDocumentInput, rosterNames, type RosterView, type UnknownRosterRef, unknownRosterRefs } from '@sluice/engine';
import { useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../api/client.js';
import type { CandidateInput, PolicyVersionRef } from './types.js';

/** A policy's document at a version as a candidate names it: live, the draft, or a published number. */
export async function policyDocumentAt(key: string, version: PolicyVersionRef): Promise<PolicyDocumentInput | null> {
  const path = `/v1/policies/${encodeURIComponent(key)}`;
  if (typeof version === 'number') return (await api<{ document: PolicyDocumentInput }>('GET', `${path}/versions/${version}`)).document;
  const p = await api<{ draft: PolicyDocumentInput; live: { document: PolicyDocumentInput } | null }>('GET', path);
  return version === 'draft' ? p.draft : (p.live?.document ?? null);
}

/**
 * Per candidate, the teams, reps and roles its policies name that no active rep of the dataset's
 * roster has (the engine's unknownRosterRefs, as the report will list them): said before the run,
 * which would otherwise show them only as leads nobody got. Empty lists until the documents load.
 */
export function useCandidateWarnings(candidates: readonly CandidateInput[], roster: RosterView | null | undefined): UnknownRosterRef[][] {
  // The roster's names once, not on every keystroke in the candidates' labels.
  const names = useMemo(() => (roster ? rosterNames(roster) : null), [roster]);
  const refs = names ? [...new Map(candidates.flatMap((c) => c.policies).map((p) => [`${p.key}@${p.version}`, p])).values()] : [];
  const docs = useQueries({
    queries: refs.map((p) => ({ queryKey: ['policy-document', p.key, p.version], queryFn: () => policyDocumentAt(p.key, p.version), staleTime: 30_000 })),
  });
  if (!names) return candidates.map(() => []);
  const byRef = new Map(refs.map((p, i) => [`${p.key}@${p.version}`, docs[i]?.data ?? null]));
  return candidates.map((c) => {
    const documents = c.policies.flatMap((p) => {
      const doc = byRef.get(`${p.key}@${p.version}`);
      return doc ? [doc] : [];
    });
    return documents.length === 0 ? [] : unknownRosterRefs(documents, names);
  });
}

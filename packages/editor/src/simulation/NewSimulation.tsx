import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../app/session.js';
import { getSimulation, startSimulation } from './api.js';
import { CandidatesForm } from './CandidatesForm.js';
import { DatasetStep } from './DatasetStep.js';
import { namespace } from './messages.js';
import { type CandidateDraft, clearDraft, draftOf, FROM_SIMULATION, type NewSimulationDraft, readDraft, WITH_DATASET, writeDraft } from './newDraft.js';
import type { Preview } from './types.js';

/**
 * Upload → guess and correct the mapping with a live preview → pick candidates → run. The choices
 * not run yet are remembered for the tab (leave and come back: they are there). Arriving with
 * `?from=<simulation>` ("Change and run") starts from that simulation's dataset, candidates and
 * seed; with `?useDataset=<id>`, or on a list filtered by a dataset, with that dataset chosen.
 */
export function NewSimulation() {
  const { t } = useTranslation(namespace);
  const navigate = useNavigate();
  const queries = useQueryClient();
  const { user } = useSession();
  const userId = user?.id;
  const [params, setParams] = useSearchParams();
  const [arrival] = useState(() => ({ from: params.get(FROM_SIMULATION), withDataset: params.get(WITH_DATASET), filtered: params.get('dataset') }));
  const [draft, setDraft] = useState<NewSimulationDraft>(() => readDraft(userId) ?? { datasetId: null, candidates: null, seed: '1' });
  // The dataset the data step opens: asked for by the address, else remembered, else the one the list is filtered by.
  // (From a simulation: its own, once read.)
  const [openDataset, setOpenDataset] = useState<string | null>(() => (arrival.from ? null : (arrival.withDataset ?? draft.datasetId ?? arrival.filtered)));
  // Bumped when the candidates are replaced from outside (a simulation to change): the form starts again from them.
  const [generation, setGeneration] = useState(0);

  const remember = useCallback(
    (change: (d: NewSimulationDraft) => NewSimulationDraft) =>
      setDraft((d) => {
        const next = change(d);
        writeDraft(userId, next);
        return next;
      }),
    [userId],
  );

  // The arrival parameters are used once: a reload or a later visit finds the remembered choices instead.
  useEffect(() => {
    if (!arrival.from && !arrival.withDataset) return;
    if (arrival.withDataset) remember((d) => ({ ...d, datasetId: arrival.withDataset }));
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        next.delete(FROM_SIMULATION);
        next.delete(WITH_DATASET);
        return next;
      },
      { replace: true },
    );
  }, [arrival, remember, setParams]);

  const source = useQuery({ queryKey: ['simulation', arrival.from], queryFn: () => getSimulation(arrival.from!), enabled: arrival.from !== null });
  useEffect(() => {
    if (!source.data) return;
    const next = draftOf(source.data);
    remember(() => next);
    setOpenDataset(next.datasetId);
    setGeneration((g) => g + 1);
  }, [source.data, remember]);

  const [data, setData] = useState<{ datasetId: string | null; saved: boolean; roster: Preview['roster'] | null }>({
    datasetId: null,
    saved: false,
    roster: null,
  });
  const onReady = useCallback(
    (datasetId: string | null, saved: boolean, roster: Preview['roster'] | null) => {
      setData({ datasetId, saved, roster });
      // Only a chosen one is remembered: the step says "none" before it has opened the remembered one.
      if (datasetId !== null) remember((d) => (d.datasetId === datasetId ? d : { ...d, datasetId }));
    },
    [remember],
  );
  const onEdit = useCallback((candidates: CandidateDraft[], seed: string) => remember((d) => ({ ...d, candidates, seed })), [remember]);
  const { datasetId, saved, roster } = data;
  // No reps (a history with no owner) means no check, as on the server: every name would be listed.
  const rosterView = useMemo(() => (saved && roster && roster.length > 0 ? { reps: roster } : null), [saved, roster]);

  const start = useMutation({
    mutationFn: startSimulation,
    onSuccess: async (r) => {
      // Run: the choices are no longer unfinished. The simulation's page offers them again ("Change and run").
      clearDraft(userId);
      await queries.invalidateQueries({ queryKey: ['simulations'] });
      void navigate(`/simulations/${encodeURIComponent(r.id)}`);
    },
  });

  return (
    <section className="sim-new" aria-labelledby="sim-new-title">
      <h2 id="sim-new-title" className="visually-hidden">
        {t('steps.newSimulation')}
      </h2>
      <DatasetStep onReady={onReady} problem={start.error ?? source.error} open={openDataset} />

      <section aria-labelledby="sim-candidates-title" className="sim-step">
        <h2 id="sim-candidates-title">{t('steps.candidates')}</h2>
        {!saved && <p className="muted">{t('candidates.noData')}</p>}
        <CandidatesForm
          key={generation}
          initial={draft}
          onEdit={onEdit}
          disabled={!saved || !datasetId}
          busy={start.isPending}
          roster={rosterView}
          onRun={({ candidates, seed }) => datasetId && start.mutate({ datasetId, seed, candidates })}
        />
      </section>
    </section>
  );
}

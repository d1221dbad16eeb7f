import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { startSimulation } from './api.js';
import { CandidatesForm } from './CandidatesForm.js';
import { DatasetStep } from './DatasetStep.js';
import { namespace } from './messages.js';
import type { Preview } from './types.js';

/** Upload → guess and correct the mapping with a live preview → pick candidates → run. */
export function NewSimulation() {
  const { t } = useTranslation(namespace);
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [data, setData] = useState<{ datasetId: string | null; saved: boolean; roster: Preview['roster'] | null }>({
    datasetId: null,
    saved: false,
    roster: null,
  });
  const onReady = useCallback((datasetId: string | null, saved: boolean, roster: Preview['roster'] | null) => setData({ datasetId, saved, roster }), []);
  const { datasetId, saved, roster } = data;
  // No reps (a history with no owner) means no check, as on the server: every name would be listed.
  const rosterView = useMemo(() => (saved && roster && roster.length > 0 ? { reps: roster } : null), [saved, roster]);

  const start = useMutation({
    mutationFn: startSimulation,
    onSuccess: async (r) => {
      await queries.invalidateQueries({ queryKey: ['simulations'] });
      void navigate(`/simulations/${encodeURIComponent(r.id)}`);
    },
  });

  return (
    <section className="sim-new" aria-labelledby="sim-new-title">
      <h2 id="sim-new-title" className="visually-hidden">
        {t('steps.newSimulation')}
      </h2>
      <DatasetStep onReady={onReady} problem={start.error} />

      <section aria-labelledby="sim-candidates-title" className="sim-step">
        <h2 id="sim-candidates-title">{t('steps.candidates')}</h2>
        {!saved && <p className="muted">{t('candidates.noData')}</p>}
        <CandidatesForm
          disabled={!saved || !datasetId}
          busy={start.isPending}
          roster={rosterView}
          onRun={({ candidates, seed }) => datasetId && start.mutate({ datasetId, seed, candidates })}
        />
      </section>
    </section>
  );
}

import './simulation.css';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { can, useSession } from '../app/session.js';
import { errorText } from '../decisions/useLoad.js';
import { useFormat } from '../format/useFormat.js';
import { cancelSimulation, getSimulation, listDatasets, reportHtmlUrl, startSimulation } from './api.js';
import { namespace } from './messages.js';
import { FROM_SIMULATION, rerunOf, WITH_DATASET } from './newDraft.js';
import { useSimulationEvents } from './progress.js';
import { ResultsView } from './ResultsView.js';
import type { SimulationItem } from './types.js';

const RUNNING = new Set(['queued', 'running']);
/** A slow poll beside the event stream, in case the stream is cut by a proxy that buffers it. */
const POLL_MS = 5_000;

/** One simulation: its progress while it runs (with cancel), then its results, the standalone report and "attach to a publish note". */
export default function SimulationPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation(namespace);
  const format = useFormat();
  const { user } = useSession();
  const sim = useQuery({
    queryKey: ['simulation', id],
    queryFn: () => getSimulation(id),
    refetchInterval: (q) => (q.state.data && RUNNING.has(q.state.data.status) ? POLL_MS : false),
  });
  const running = !!sim.data && RUNNING.has(sim.data.status);
  const mayRun = can(user?.role, 'editDraft');
  const datasets = useQuery({ queryKey: ['datasets'], queryFn: listDatasets });
  const dataset = sim.data && datasets.data?.find((d) => d.id === sim.data.datasetId);
  const live = useSimulationEvents(id, running);
  const { refetch } = sim;
  useEffect(() => {
    if (live?.ended) void refetch();
  }, [live?.ended, refetch]);
  const cancel = useMutation({ mutationFn: () => cancelSimulation(id), onSettled: () => void refetch() });

  const s = sim.data;
  const done = live?.done ?? s?.progress.done ?? 0;
  const total = live?.total ?? s?.progress.total ?? 0;
  const phase = live?.phase ?? s?.progress.phase;
  const label = live?.label ?? s?.progress.label ?? '';
  const words = (e: SimulationItem['error']) => (e === undefined ? '' : typeof e === 'string' ? e : e[format.lang]);

  return (
    <div className="sim-page" data-page="simulation" data-status={s?.status ?? 'loading'}>
      <p>
        <Link to="/simulations">{t('run.back')}</Link>
      </p>
      <h1>{t('run.title', { id })}</h1>
      {sim.error && (
        <p role="alert" className="error-text">
          {t('error', { message: errorText(sim.error, format.lang) })}
        </p>
      )}
      {s && (
        <p>
          <span className={`sim-status sim-status-${s.status}`} data-testid="sim-status">
            {t(`status.${s.status}`)}
          </span>{' '}
          <span className="muted">{s.candidates.map((c) => c.label).join(' · ')}</span>
        </p>
      )}
      {s && (
        <p data-testid="sim-dataset">
          {t('run.dataset', { name: dataset?.name ?? s.datasetId })}
          {mayRun && dataset && (
            <>
              {' · '}
              <Link to={`/simulations?${WITH_DATASET}=${encodeURIComponent(dataset.id)}`} data-action="new-with-dataset">
                {t('run.newWithDataset')}
              </Link>
            </>
          )}
        </p>
      )}
      {s && mayRun && !running && <RunAgain simulation={s} datasetGone={datasets.isSuccess && !dataset} />}
      {running && (
        <section aria-labelledby="sim-progress-title" className="sim-progress">
          <h2 id="sim-progress-title">{t('run.progress')}</h2>
          <progress max={total || 1} value={total ? done : undefined} aria-labelledby="sim-progress-title" data-testid="sim-progress" />
          <p className="muted" aria-live="polite">
            {phase && t(`run.phase.${phase}`, { defaultValue: phase, label })}{' '}
            {total > 0 && t('run.progressText', { done: format.number(done), total: format.number(total) })}
          </p>
          {mayRun && (
            <button type="button" className="button button-danger" disabled={cancel.isPending} onClick={() => cancel.mutate()} data-action="cancel">
              {t('run.cancel')}
            </button>
          )}
        </section>
      )}
      {s?.status === 'cancelled' && <p role="status">{t('run.cancelled')}</p>}
      {s?.status === 'failed' && (
        <p role="alert" className="error-text">
          {t('run.failed', { error: words(s.error ?? live?.error) })}
        </p>
      )}
      {s?.status === 'done' && s.report && (
        <ResultsView
          report={s.report}
          actions={
            <>
              <a className="button" href={reportHtmlUrl(id, format.lang)} target="_blank" rel="noopener" data-action="report-html">
                {t('results.reportLink')}
              </a>
              {can(user?.role, 'publish') && <AttachLinks simulation={s} />}
            </>
          }
        />
      )}
    </div>
  );
}

/** One link per policy the candidates ran: it opens that policy with this simulation preselected as the publish evidence. */
function AttachLinks({ simulation }: { simulation: SimulationItem }) {
  const { t } = useTranslation(namespace);
  const keys = [...new Set(simulation.candidates.flatMap((c) => c.policies.map((p) => p.key)))];
  return (
    <div className="sim-attach" data-section="attach">
      <span>{t('results.attach')}:</span>
      {keys.map((key) => (
        <Link key={key} className="button" to={`/policies/${encodeURIComponent(key)}?evidence=${encodeURIComponent(simulation.id)}`} data-attach={key}>
          {key}
        </Link>
      ))}
      <p className="muted small">{t('results.attachHelp')}</p>
    </div>
  );
}

/**
 * For an ended simulation: the same one again (dataset with its saved mapping, candidates as asked,
 * seed), or the new-simulation form filled in with it to change something first.
 */
function RunAgain({ simulation: s, datasetGone }: { simulation: SimulationItem; datasetGone: boolean }) {
  const { t } = useTranslation(namespace);
  const format = useFormat();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const again = useMutation({
    mutationFn: () => startSimulation(rerunOf(s)),
    onSuccess: async (r) => {
      await queries.invalidateQueries({ queryKey: ['simulations'] });
      void navigate(`/simulations/${encodeURIComponent(r.id)}`);
    },
  });
  return (
    <div className="sim-actions sim-again" data-section="run-again">
      <button
        type="button"
        className="button button-primary"
        disabled={datasetGone || again.isPending}
        aria-describedby="sim-again-help"
        onClick={() => again.mutate()}
        data-action="run-again"
      >
        {again.isPending ? t('run.againStarting') : t('run.again')}
      </button>
      <Link className="button" to={`/simulations?${FROM_SIMULATION}=${encodeURIComponent(s.id)}`} data-action="change-and-run">
        {t('run.change')}
      </Link>
      <p id="sim-again-help" className="muted small">
        {datasetGone ? t('run.datasetGone') : t('run.againHelp', { seed: s.seed ?? 1 })}
      </p>
      {again.error && (
        <p role="alert" className="error-text" data-testid="run-again-problem">
          {t('run.againFailed', { message: errorText(again.error, format.lang) })}
        </p>
      )}
    </div>
  );
}

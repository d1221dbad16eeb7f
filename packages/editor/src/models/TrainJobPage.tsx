import '../simulation/simulation.css';
import './models.css';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { can, useSession } from '../app/session.js';
import { errorText } from '../decisions/useLoad.js';
import { useFormat } from '../format/useFormat.js';
import { useJobEvents } from '../simulation/progress.js';
import { cancelTrainJob, getTrainJob, trainEventsUrl } from './api.js';
import { namespace } from './messages.js';
import { wordsText } from './names.js';

const RUNNING = new Set(['queued', 'running']);
/** A slow poll beside the event stream, in case a proxy buffers the stream. */
const POLL_MS = 5_000;

/** A training job: its progress from the server's events (an editor may cancel it), then a link to the version it stored. */
export default function TrainJobPage() {
  const { key = '', jobId = '' } = useParams();
  const { t } = useTranslation(namespace);
  const format = useFormat();
  const { user } = useSession();
  const job = useQuery({
    queryKey: ['model-job', key, jobId],
    queryFn: () => getTrainJob(key, jobId),
    refetchInterval: (q) => (q.state.data && RUNNING.has(q.state.data.status) ? POLL_MS : false),
  });
  const running = !!job.data && RUNNING.has(job.data.status);
  const live = useJobEvents(running ? trainEventsUrl(key, jobId) : null);
  const { refetch } = job;
  useEffect(() => {
    if (live?.ended) void refetch();
  }, [live?.ended, refetch]);
  const cancel = useMutation({ mutationFn: () => cancelTrainJob(key, jobId), onSettled: () => void refetch() });

  const j = job.data;
  const done = live?.done ?? j?.progress?.done ?? 0;
  const total = live?.total ?? j?.progress?.total ?? 0;
  const phase = live?.phase ?? j?.progress?.phase;
  const modelLink = `/models/${encodeURIComponent(key)}`;
  return (
    <div className="sim-page models-page" data-page="model-job" data-status={j?.status ?? 'loading'}>
      <p>
        <Link to={modelLink}>{t('model.title', { key })}</Link>
      </p>
      <h1>{t('job.title', { key })}</h1>
      {job.error && (
        <p role="alert" className="error-text">
          {t('error', { message: errorText(job.error, format.lang) })}
        </p>
      )}
      {(running || !j) && (
        <section aria-labelledby="models-progress-title">
          <h2 id="models-progress-title">{t('job.progress')}</h2>
          <progress max={total || 1} value={total ? done : undefined} aria-labelledby="models-progress-title" data-testid="train-progress" />
          <p className="muted" aria-live="polite">
            {phase && t(`job.phase.${phase}`, { defaultValue: phase })}{' '}
            {total > 0 && t('job.progressText', { done: format.number(done), total: format.number(total) })}
          </p>
          {running && can(user?.role, 'editDraft') && (
            <button type="button" className="button button-danger" disabled={cancel.isPending} onClick={() => cancel.mutate()} data-action="cancel">
              {t('job.cancel')}
            </button>
          )}
          {cancel.error && (
            <p role="alert" className="error-text">
              {t('error', { message: errorText(cancel.error, format.lang) })}
            </p>
          )}
        </section>
      )}
      {j?.status === 'failed' && (
        <p role="alert" className="error-text">
          {t('job.failed', { error: wordsText(j.error ?? live?.error, format.lang) })}
        </p>
      )}
      {j?.status === 'cancelled' && <p role="status">{t('job.cancelled')}</p>}
      {j?.status === 'done' && (
        <p role="status">
          {j.version ? t('job.done', { version: j.version }) : null}{' '}
          <Link className="button button-primary" to={j.version ? `${modelLink}?v=${j.version}` : modelLink} data-action="open-version">
            {t('job.openVersion')}
          </Link>
        </p>
      )}
    </div>
  );
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { listPolicies } from '../policies/api.js';
import { DatasetStep } from '../simulation/DatasetStep.js';
import { trainModel } from './api.js';
import { namespace } from './messages.js';

/** The engine's rule for a model key (scoreModelSchema.key), checked before the server is asked. */
const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Train from history: the Simulation page's data steps (upload, mapping, preview), then which points
 * table to compare with, what is known at scoring time, and the seed; starting opens the job's page.
 */
export function TrainForm({ initialKey = '' }: { initialKey?: string }) {
  const { t } = useTranslation(namespace);
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [data, setData] = useState<{ datasetId: string | null; saved: boolean }>({ datasetId: null, saved: false });
  const onReady = useCallback((datasetId: string | null, saved: boolean) => setData({ datasetId, saved }), []);
  const [key, setKey] = useState(initialKey);
  const [pointsKey, setPointsKey] = useState('');
  const [pointsVersion, setPointsVersion] = useState('live');
  const [horizon, setHorizon] = useState('0');
  const [seed, setSeed] = useState('1');
  const policies = useQuery({ queryKey: ['policies'], queryFn: listPolicies });
  const chosen = policies.data?.find((p) => p.key === pointsKey);

  const start = useMutation({
    mutationFn: () =>
      trainModel(key.trim(), {
        datasetId: data.datasetId!,
        horizonHours: Number(horizon),
        seed: Number(seed),
        ...(pointsKey ? { points: { policyKey: pointsKey, ...(pointsVersion !== 'live' ? { version: Number(pointsVersion) } : {}) } } : {}),
      }),
    onSuccess: async (jobId) => {
      await queries.invalidateQueries({ queryKey: ['models'] });
      void navigate(`/models/${encodeURIComponent(key.trim())}/jobs/${encodeURIComponent(jobId)}`);
    },
  });

  const keyOk = KEY.test(key.trim());
  const numbersOk = /^\d+(\.\d+)?$/.test(horizon.trim()) && /^-?\d+$/.test(seed.trim());
  const ready = !!data.datasetId && data.saved && keyOk && numbersOk;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (ready) start.mutate();
  };

  return (
    <section className="models-train" aria-labelledby="models-train-title" data-section="train">
      <h2 id="models-train-title">{t('train.title')}</h2>
      <DatasetStep onReady={onReady} problem={start.error} />
      <form className="sim-step" onSubmit={submit} aria-label={t('train.settings')} data-form="train">
        <fieldset disabled={!data.saved}>
          <legend>{t('train.settings')}</legend>
          {!data.saved && <p className="muted">{t('train.needData')}</p>}
          <div className="sim-grid">
            <label className="field">
              <span>{t('train.key')}</span>
              <input name="modelKey" value={key} onChange={(e) => setKey(e.target.value)} required aria-invalid={key !== '' && !keyOk} />
              <small className="muted">{key !== '' && !keyOk ? t('train.keyInvalid') : t('train.keyHelp')}</small>
            </label>
            <label className="field">
              <span>{t('train.points')}</span>
              <select name="pointsPolicy" value={pointsKey} onChange={(e) => setPointsKey(e.target.value)}>
                <option value="">{t('train.pointsNone')}</option>
                {(policies.data ?? []).map((p) => (
                  <option key={p.key} value={p.key}>
                    {p.name ? `${p.name} (${p.key})` : p.key}
                  </option>
                ))}
              </select>
            </label>
            {chosen && (
              <label className="field">
                <span>{t('train.pointsVersion')}</span>
                <select name="pointsVersion" value={pointsVersion} onChange={(e) => setPointsVersion(e.target.value)}>
                  <option value="live">{t('train.live')}</option>
                  {Array.from({ length: chosen.latestVersion ?? 0 }, (_, i) => (chosen.latestVersion ?? 0) - i).map((n) => (
                    <option key={n} value={String(n)}>
                      v{n}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <label className="field">
              <span>{t('train.horizon')}</span>
              <input name="horizonHours" inputMode="decimal" value={horizon} onChange={(e) => setHorizon(e.target.value)} />
              <small className="muted">{t('train.horizonHelp')}</small>
            </label>
            <label className="field">
              <span>{t('train.seed')}</span>
              <input name="seed" inputMode="numeric" value={seed} onChange={(e) => setSeed(e.target.value)} />
            </label>
          </div>
          <button type="submit" className="button button-primary" disabled={!ready || start.isPending} data-action="train">
            {start.isPending ? t('train.starting') : t('train.start')}
          </button>
        </fieldset>
      </form>
    </section>
  );
}

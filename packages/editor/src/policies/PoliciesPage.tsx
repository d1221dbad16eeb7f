import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, ApiError } from '../api/client.js';
import { can, useSession } from '../app/session.js';
import { useFormat } from '../format/useFormat.js';
import { actorText, listPolicies, type PolicySummary } from './api.js';
import { namespace } from './messages.js';
import './policies.css';

const KINDS = ['scoring', 'routing', 'reclaim', 'split', 'penalty'] as const;
/** How long to wait for a demo load started elsewhere: a load takes seconds, a minute is ample. */
const DEMO_WAIT_MS = 2_000;
const DEMO_WAIT_ROUNDS = 30;

/** The policies of the tenant: what is live, what changed last and who changed it; the first run's choice when there are none. */
export default function PoliciesPage() {
  const { t, i18n } = useTranslation(namespace);
  const { user } = useSession();
  const format = useFormat();
  const navigate = useNavigate();
  const [policies, setPolicies] = useState<PolicySummary[] | null>(null);
  const [kind, setKind] = useState<string>('');
  const [error, setError] = useState<string | null>(null);
  const [loadingDemo, setLoadingDemo] = useState(false);
  const zh = i18n.language?.startsWith('zh');

  const problemText = useCallback((e: unknown) => (e instanceof ApiError ? (zh ? (e.detailZh ?? e.detail) : e.detail) : String(e)), [zh]);

  const load = useCallback(async () => {
    try {
      // Each row says its last change (draft save, publication or rollback) and who made it.
      setPolicies(await listPolicies());
    } catch (e) {
      setError(problemText(e));
    }
  }, [problemText]);

  useEffect(() => {
    void load();
  }, [load]);

  const shown = useMemo(() => (policies ?? []).filter((p) => !kind || p.kind === kind), [policies, kind]);
  const canEdit = can(user?.role, 'editDraft');
  const isAdmin = can(user?.role, 'admin');

  async function loadDemo() {
    setLoadingDemo(true);
    setError(null);
    try {
      await api('POST', '/v1/demo');
      await load();
    } catch (e) {
      setError(problemText(e));
      // 409: another click or admin is loading it (or has): its policies are shown once they are in.
      if (e instanceof ApiError && e.status === 409) await waitForPolicies();
    } finally {
      setLoadingDemo(false);
    }
  }

  async function waitForPolicies() {
    for (let i = 0; i < DEMO_WAIT_ROUNDS; i++) {
      await new Promise((r) => setTimeout(r, DEMO_WAIT_MS));
      const list = await listPolicies().catch(() => []);
      if (list.length > 0) {
        setError(null);
        setPolicies(list);
        return;
      }
    }
  }

  return (
    <section className="policies-page" aria-labelledby="policies-title">
      <header className="policies-head">
        <h1 id="policies-title">{t('title')}</h1>
        <label className="policies-filter">
          {t('filterKind')}{' '}
          <select value={kind} onChange={(e) => setKind(e.target.value)} data-testid="kind-filter">
            <option value="">{t('allKinds')}</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        {canEdit && (
          <Link className="button primary" to="/policies/new" data-testid="new-policy">
            {t('newPolicy')}
          </Link>
        )}
      </header>
      {error && (
        <p role="alert" className="problem">
          {error}
        </p>
      )}
      {policies === null ? (
        <p className="muted" aria-busy="true">
          {t('loading')}
        </p>
      ) : policies.length === 0 ? (
        isAdmin ? (
          <section className="first-run" aria-labelledby="first-run-title" data-testid="first-run">
            <h2 id="first-run-title">{t('firstRun.title')}</h2>
            <p>{t('firstRun.intro')}</p>
            <div className="first-run-choices">
              <button type="button" className="primary" onClick={loadDemo} disabled={loadingDemo} data-testid="load-demo">
                {loadingDemo ? t('firstRun.loading') : t('firstRun.demo')}
              </button>
              <p className="muted">{t('firstRun.demoHelp')}</p>
              <button type="button" onClick={() => navigate('/policies/new')} disabled={loadingDemo} data-testid="start-empty">
                {t('firstRun.empty')}
              </button>
              <p className="muted">{t('firstRun.emptyHelp')}</p>
            </div>
          </section>
        ) : (
          <p className="muted">{t('none')}</p>
        )
      ) : (
        <table className="policies-table" data-testid="policies-table">
          <thead>
            <tr>
              <th scope="col">{t('col.name')}</th>
              <th scope="col">{t('col.kind')}</th>
              <th scope="col">{t('col.live')}</th>
              <th scope="col">{t('col.draft')}</th>
              <th scope="col">{t('col.changed')}</th>
              <th scope="col">{t('col.by')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((p) => {
              const last = p.lastChange;
              return (
                <tr key={p.key} data-key={p.key}>
                  <td>
                    <Link to={`/policies/${encodeURIComponent(p.key)}`}>{p.name}</Link>
                    <div className="muted mono">{p.key}</div>
                  </td>
                  <td>
                    <span className={`kind-badge kind-${p.kind}`}>{t(`kind.${p.kind}`)}</span>
                  </td>
                  <td>{p.liveVersion === null ? <span className="muted">{t('notLive')}</span> : `v${p.liveVersion}`}</td>
                  <td>{t(`draftStatus.${p.draftStatus}`)}</td>
                  <td title={format.dateTime(p.updatedAt)}>{format.relative(p.updatedAt, Date.now())}</td>
                  <td data-testid="changed-by">
                    {last ? (
                      `${actorText(last)} · ${t(`action.${last.action}`)}${last.version === null ? '' : ` v${last.version}`}`
                    ) : (
                      <span className="muted" title={t('notRecorded')}>
                        —
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
            {shown.length === 0 && (
              <tr>
                <td colSpan={6} className="muted">
                  {t('noneOfKind')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
    </section>
  );
}

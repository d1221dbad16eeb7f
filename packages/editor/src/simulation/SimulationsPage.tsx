import './simulation.css';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { can, useSession } from '../app/session.js';
import { errorText } from '../decisions/useLoad.js';
import { useFormat } from '../format/useFormat.js';
import { listSimulations } from './api.js';
import { namespace } from './messages.js';
import { NewSimulation } from './NewSimulation.js';

/** The simulations of the tenant and, for an editor, a new one: data, mapping with preview, candidates, run. */
export default function SimulationsPage() {
  const { t } = useTranslation(namespace);
  const format = useFormat();
  const { user } = useSession();
  const mayRun = can(user?.role, 'editDraft');
  const simulations = useQuery({ queryKey: ['simulations'], queryFn: listSimulations });

  return (
    <div className="sim-page" data-page="simulations">
      <h1>{t('title')}</h1>
      <p className="muted">{t('intro')}</p>
      {mayRun ? (
        <NewSimulation />
      ) : (
        <p className="muted" data-testid="sim-viewer-note">
          {t('viewerNote')}
        </p>
      )}

      <section aria-labelledby="sim-list-title" className="sim-step">
        <h2 id="sim-list-title">{t('list.title')}</h2>
        {simulations.error && (
          <p role="alert" className="error-text">
            {t('error', { message: errorText(simulations.error, format.lang) })}
          </p>
        )}
        {simulations.data?.length === 0 && <p className="muted">{t('list.empty')}</p>}
        {simulations.data && simulations.data.length > 0 && (
          <table className="sim-table" data-table="simulations">
            <thead>
              <tr>
                <th scope="col">{t('list.created')}</th>
                <th scope="col">{t('list.candidates')}</th>
                <th scope="col">{t('list.status')}</th>
                <th scope="col">{t('list.open')}</th>
              </tr>
            </thead>
            <tbody>
              {simulations.data.map((s) => (
                <tr key={s.id} data-simulation={s.id} data-status={s.status}>
                  <td>
                    <time dateTime={s.createdAt}>{format.dateTime(s.createdAt)}</time>
                  </td>
                  <td>{s.candidates.map((c) => c.label).join(' · ')}</td>
                  <td>
                    <span className={`sim-status sim-status-${s.status}`}>{t(`status.${s.status}`)}</span>
                  </td>
                  <td>
                    <Link to={`/simulations/${encodeURIComponent(s.id)}`}>{t('list.open')}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

import '../simulation/simulation.css';
import './models.css';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Loading } from '../app/pages.js';
import { can, useSession } from '../app/session.js';
import { errorText } from '../decisions/useLoad.js';
import { useFormat } from '../format/useFormat.js';
import { listModels } from './api.js';
import { namespace } from './messages.js';
import { nameText } from './names.js';
import { TrainForm } from './TrainForm.js';

/** The tenant's smart-score models with their published version and, for an editor, training from history. */
export default function ModelsPage() {
  const { t } = useTranslation(namespace);
  const format = useFormat();
  const { user } = useSession();
  const models = useQuery({ queryKey: ['models'], queryFn: listModels });

  return (
    <div className="sim-page models-page" data-page="models">
      <h1>{t('title')}</h1>
      <p className="muted">{t('intro')}</p>

      <section aria-labelledby="models-list-title" className="sim-step">
        <h2 id="models-list-title">{t('list.title')}</h2>
        {models.isPending && <Loading />}
        {models.error && (
          <p role="alert" className="error-text">
            {t('error', { message: errorText(models.error, format.lang) })}
          </p>
        )}
        {models.data?.length === 0 && <p className="muted">{t('list.empty')}</p>}
        {models.data && models.data.length > 0 && (
          <table className="sim-table" data-table="models">
            <thead>
              <tr>
                <th scope="col">{t('list.key')}</th>
                <th scope="col">{t('list.name')}</th>
                <th scope="col">{t('list.published')}</th>
                <th scope="col">{t('list.latest')}</th>
              </tr>
            </thead>
            <tbody>
              {models.data.map((m) => (
                <tr key={m.key} data-model={m.key}>
                  <th scope="row">
                    <Link to={`/models/${encodeURIComponent(m.key)}`}>{m.key}</Link>
                  </th>
                  <td>{nameText(m.name, format.lang)}</td>
                  <td data-published>
                    {m.publishedVersion !== null ? t('list.versionN', { n: m.publishedVersion }) : <span className="muted">{t('list.none')}</span>}
                  </td>
                  <td>{t('list.versionN', { n: m.latestVersion })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {can(user?.role, 'editDraft') ? (
        <TrainForm />
      ) : (
        <p className="muted" data-testid="models-viewer-note">
          {t('viewerNote')}
        </p>
      )}
    </div>
  );
}

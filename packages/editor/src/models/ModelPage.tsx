import '../simulation/simulation.css';
import './models.css';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../api/client.js';
import { Loading } from '../app/pages.js';
import { can, useSession } from '../app/session.js';
import { errorText } from '../decisions/useLoad.js';
import { useFormat } from '../format/useFormat.js';
import { getModelVersion, listModelVersions, modelReportUrl, publishModel } from './api.js';
import { readEvaluation } from './evaluation.js';
import { EvaluationView } from './EvaluationView.js';
import { namespace } from './messages.js';
import { PublishPanel, type PublishState } from './PublishPanel.js';
import type { ModelVersionDetail, ModelVersionInfo } from './types.js';

const IDLE: PublishState = { busy: false, refused: null, error: null, done: null };

/** A person by e-mail; an API key (no e-mail) by its id. */
const who = (id: string, email: string | null | undefined) => email ?? id;

/** One model: its versions (publish, roll back), and the evaluation of the version shown (?v=). */
export default function ModelPage() {
  const { key = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const { t } = useTranslation(namespace);
  const format = useFormat();
  const { user } = useSession();
  const mayPublish = can(user?.role, 'publish');
  const queries = useQueryClient();
  const versions = useQuery({ queryKey: ['model-versions', key], queryFn: () => listModelVersions(key) });
  const list = versions.data ?? [];
  const published = list.find((v) => v.status === 'published');
  const asked = Number(search.get('v'));
  // The version asked for, else the published one, else the newest.
  const shown = list.find((v) => v.version === asked)?.version ?? published?.version ?? Math.max(0, ...list.map((v) => v.version));
  const detail = useQuery({ queryKey: ['model-version', key, shown], queryFn: () => getModelVersion(key, shown), enabled: shown > 0 });
  const [publishing, setPublishing] = useState<PublishState>(IDLE);

  const publish = async (version: number, note: string, overrideReason?: string) => {
    setPublishing({ ...IDLE, busy: true });
    try {
      await publishModel(key, version, note, overrideReason);
      setPublishing({ ...IDLE, done: version });
      await Promise.all([
        queries.invalidateQueries({ queryKey: ['model-versions', key] }),
        queries.invalidateQueries({ queryKey: ['models'] }),
        queries.invalidateQueries({ queryKey: ['model-version', key] }),
      ]);
    } catch (e) {
      // 409: the evaluation did not offer it; the publisher may still, with a reason the log keeps.
      if (e instanceof ApiError && e.status === 409 && !overrideReason) setPublishing({ ...IDLE, refused: { version, note, error: e } });
      else setPublishing({ ...IDLE, error: e });
    }
  };
  const show = (version: number) => {
    setPublishing(IDLE);
    setSearch({ v: String(version) }, { replace: true });
  };

  return (
    <div className="sim-page models-page" data-page="model">
      <p>
        <Link to="/models">{t('model.back')}</Link>
      </p>
      <h1>{t('model.title', { key })}</h1>
      {versions.isPending && <Loading />}
      {versions.error && (
        <p role="alert" className="error-text">
          {t('error', { message: errorText(versions.error, format.lang) })}
        </p>
      )}
      {list.length > 0 && (
        <VersionsTable
          versions={list}
          shown={shown}
          mayPublish={mayPublish}
          busy={publishing.busy}
          onShow={show}
          onRollback={(v) => {
            show(v);
            void publish(v, t('publish.rollbackNote', { n: v }));
          }}
        />
      )}
      {detail.isPending && shown > 0 && <Loading />}
      {detail.error && (
        <p role="alert" className="error-text">
          {t('error', { message: errorText(detail.error, format.lang) })}
        </p>
      )}
      {detail.data && <VersionDetail detail={detail.data} version={shown} modelKey={key} />}
      {detail.data &&
        (mayPublish ? (
          <PublishPanel
            key={shown}
            version={shown}
            published={detail.data.status === 'published' || published?.version === shown}
            state={publishing}
            onPublish={(v, note, reason) => void publish(v, note, reason)}
            onCancelRefused={() => setPublishing(IDLE)}
          />
        ) : (
          <p className="muted">{t('publish.notAllowed')}</p>
        ))}
    </div>
  );
}

function VersionDetail({ detail, version, modelKey }: { detail: ModelVersionDetail; version: number; modelKey: string }) {
  const { t } = useTranslation(namespace);
  const format = useFormat();
  const evaluation = useMemo(() => readEvaluation(detail.report, detail.model), [detail]);
  const p: Record<string, unknown> = { ...detail.model.provenance };
  return (
    <>
      <p className="muted" data-provenance>
        {t('model.provenance', {
          rows: typeof p.rows === 'number' ? format.number(p.rows) : '—',
          from: typeof p.from === 'string' ? format.date(p.from) : '—',
          to: typeof p.to === 'string' ? format.date(p.to) : '—',
          // The trainer the artefact names, unless that is the server's id for the user who trained it here.
          by: typeof p.trainedBy === 'string' && p.trainedBy !== detail.createdBy ? p.trainedBy : who(detail.createdBy, detail.createdByEmail),
          at: typeof p.trainedAt === 'string' ? format.dateTime(p.trainedAt) : format.dateTime(detail.createdAt),
        })}{' '}
        <a className="button" href={modelReportUrl(modelKey, version, format.lang)} target="_blank" rel="noopener" data-action="report-html">
          {t('model.reportLink')}
        </a>
      </p>
      <EvaluationView evaluation={evaluation} version={version} />
    </>
  );
}

interface TableProps {
  versions: ModelVersionInfo[];
  shown: number;
  mayPublish: boolean;
  busy: boolean;
  onShow(version: number): void;
  onRollback(version: number): void;
}

function VersionsTable({ versions, shown, mayPublish, busy, onShow, onRollback }: TableProps) {
  const { t } = useTranslation(namespace);
  const format = useFormat();
  const live = versions.find((v) => v.status === 'published')?.version;
  const sorted = [...versions].sort((a, b) => b.version - a.version);
  return (
    <table className="sim-table" data-table="versions">
      <caption>{t('model.versions')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('model.version')}</th>
          <th scope="col">{t('model.status')}</th>
          <th scope="col">{t('model.created')}</th>
          <th scope="col">{t('model.published')}</th>
          <th scope="col">{t('model.offered')}</th>
          <th scope="col">{t('model.note')}</th>
          <th scope="col">{t('model.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((v) => (
          <tr key={v.version} data-version={v.version} data-status={v.status} aria-current={v.version === shown ? 'true' : undefined}>
            <th scope="row">v{v.version}</th>
            <td>{t(`model.statusName.${v.status}`, { defaultValue: v.status })}</td>
            <td>
              <time dateTime={v.createdAt}>{format.dateTime(v.createdAt)}</time>
              {v.createdBy ? ` · ${who(v.createdBy, v.createdByEmail)}` : ''}
            </td>
            <td>
              {v.publishedAt && <time dateTime={v.publishedAt}>{format.dateTime(v.publishedAt)}</time>}
              {v.publishedBy ? ` · ${who(v.publishedBy, v.publishedByEmail)}` : ''}
            </td>
            <td>{v.offered === true ? t('model.yes') : v.offered === false ? t('model.no') : '—'}</td>
            <td>{v.note ?? ''}</td>
            <td className="sim-actions">
              {v.version === shown ? (
                <span className="muted">{t('model.shown')}</span>
              ) : (
                <button type="button" className="button" onClick={() => onShow(v.version)} data-show={v.version}>
                  {t('model.show')}
                </button>
              )}
              {mayPublish && live !== undefined && v.version < live && v.status !== 'published' && (
                <button type="button" className="button" disabled={busy} onClick={() => onRollback(v.version)} data-rollback={v.version}>
                  {t('model.rollback', { n: v.version })}
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

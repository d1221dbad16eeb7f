import type { PolicyDocument } from '@sluice/engine';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { PolicyCanvas } from '../policy/PolicyCanvas.js';
import type { VersionInfo } from './api.js';
import { changedFields, diffView } from './diffView.js';
import { namespace } from './messages.js';

type Side = number | 'draft';

interface Props {
  policyKey: string;
  /** The draft being edited: one side of the comparison may be it. */
  doc: PolicyDocument;
  versions: VersionInfo[];
}

/** Any two versions (or a version and the draft) on one read-only canvas, changes marked and listed. */
export function VersionDiff({ policyKey, doc, versions }: Props) {
  const { t } = useTranslation(namespace);
  const [from, setFrom] = useState<Side | null>(null);
  const [to, setTo] = useState<Side>('draft');
  const [docs, setDocs] = useState<Record<number, PolicyDocument>>({});
  const live = versions.find((v) => v.live)?.version ?? null;

  // Until chosen, the latest version against the draft: "what would publishing change?"
  useEffect(() => {
    if (from === null && versions.length > 0) setFrom(versions.at(-1)!.version);
  }, [from, versions]);

  useEffect(() => {
    for (const side of [from, to]) {
      if (typeof side !== 'number' || docs[side]) continue;
      api<{ document: PolicyDocument }>('GET', `/v1/policies/${encodeURIComponent(policyKey)}/versions/${side}`)
        .then((v) => setDocs((d) => ({ ...d, [side]: v.document })))
        .catch(() => undefined);
    }
  }, [from, to, docs, policyKey]);

  const sideDoc = (s: Side | null) => (s === 'draft' ? doc : s === null ? undefined : docs[s]);
  const fromDoc = sideDoc(from);
  const toDoc = sideDoc(to);
  const view = useMemo(() => (fromDoc && toDoc ? diffView(fromDoc, toDoc) : null), [fromDoc, toDoc]);
  const sides: Side[] = [...versions.map((v) => v.version), 'draft'];
  const sideLabel = (s: Side) => (s === 'draft' ? t('versions.draft') : `v${s}${s === live ? ` (${t('versions.live')})` : ''}`);
  const pick = (value: string): Side => (value === 'draft' ? 'draft' : Number(value));

  return (
    <>
      <h3>{t('versions.diffTitle')}</h3>
      {versions.length === 0 ? (
        <p className="muted">{t('versions.diffNeedsVersion')}</p>
      ) : (
        <div className="diff">
          <div className="diff-sides">
            <label>
              {t('versions.from')}{' '}
              <select value={String(from ?? '')} onChange={(e) => setFrom(pick(e.target.value))} data-testid="diff-from">
                {sides.map((s) => (
                  <option key={String(s)} value={String(s)}>
                    {sideLabel(s)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('versions.to')}{' '}
              <select value={String(to)} onChange={(e) => setTo(pick(e.target.value))} data-testid="diff-to">
                {sides.map((s) => (
                  <option key={String(s)} value={String(s)}>
                    {sideLabel(s)}
                  </option>
                ))}
              </select>
            </label>
            <span className="legend">
              <span className="mark-added">{t('mark.added')}</span> <span className="mark-removed">{t('mark.removed')}</span>{' '}
              <span className="mark-changed">{t('mark.changed')}</span>
            </span>
          </div>
          {view ? <DiffDetails view={view} /> : <p className="muted">{t('loading')}</p>}
        </div>
      )}
    </>
  );
}

function DiffDetails({ view }: { view: ReturnType<typeof diffView> }) {
  const { t } = useTranslation(namespace);
  const rows = changedFields(view.diff);
  const { added, removed, moved } = view.diff.nodes;
  const same = rows.length + added.length + removed.length + view.diff.edges.added.length + view.diff.edges.removed.length === 0;
  return (
    <div className="diff-body" data-testid="diff">
      <PolicyCanvas doc={view.doc} readOnly marks={view.marks} height={360} />
      {same ? (
        <p className="muted" data-testid="diff-same">
          {moved.length > 0 ? t('versions.onlyMoved') : t('versions.same')}
        </p>
      ) : (
        <ul className="diff-list" data-testid="diff-list">
          {added.map((n) => (
            <li key={`a-${n.id}`} className="mark-added">
              {t('versions.nodeAdded', { id: n.id, type: n.type })}
            </li>
          ))}
          {removed.map((n) => (
            <li key={`r-${n.id}`} className="mark-removed">
              {t('versions.nodeRemoved', { id: n.id, type: n.type })}
            </li>
          ))}
          {rows.map((r, i) => (
            <li key={`c-${i}`} className="mark-changed">
              <code>{r.where ? `${r.where} · ${r.field}` : r.field}</code>: <span className="from">{r.from}</span> → <span className="to">{r.to}</span>
            </li>
          ))}
          {view.diff.edges.added.map((e) => (
            <li key={`ea-${e.id}`} className="mark-added">
              {t('versions.edgeAdded', { from: e.source, handle: e.sourceHandle ?? '', to: e.target })}
            </li>
          ))}
          {view.diff.edges.removed.map((e) => (
            <li key={`er-${e.id}`} className="mark-removed">
              {t('versions.edgeRemoved', { from: e.source, handle: e.sourceHandle ?? '', to: e.target })}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

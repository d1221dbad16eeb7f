import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api/client.js';
import { errorText, forgetRepNames } from '../decisions/useLoad.js';
import { useFormat } from '../format/useFormat.js';
import { COLUMNS, type EntityName } from './columns.js';
import { EntityForm } from './EntityForm.js';
import { namespace } from './messages.js';
import { hasKeptPaste, PastePanel } from './PastePanel.js';
import { availability, displayValue, type Row } from './values.js';

interface Props {
  entity: EntityName;
  canEdit: boolean;
}

const PAGE = 500;

/** One roster list: filter, edit, create, delete, and the spreadsheet paste. */
export function EntityTab({ entity, canEdit }: Props) {
  const { t } = useTranslation(namespace);
  const format = useFormat();
  const lang = format.lang;
  const [rows, setRows] = useState<Row[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [round, setRound] = useState(0);
  const [filter, setFilter] = useState('');
  const [editing, setEditing] = useState<Row | 'new' | null>(null);
  const [pasting, setPasting] = useState(() => canEdit && hasKeptPaste(entity));
  const [confirming, setConfirming] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const columns = COLUMNS[entity].filter((c) => c.listed);

  useEffect(() => {
    let live = true;
    api<{ items: Row[]; next: string | null }>('GET', `/v1/${entity}?limit=${PAGE}`).then(
      (r) => {
        if (!live) return;
        setRows(r.items);
        setNext(r.next);
        setError(null);
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [entity, round]);

  const reload = () => {
    if (entity === 'reps') forgetRepNames();
    setRound((r) => r + 1);
  };
  const loadMore = async () => {
    if (!next) return;
    const r = await api<{ items: Row[]; next: string | null }>('GET', `/v1/${entity}?limit=${PAGE}&after=${encodeURIComponent(next)}`);
    setRows((old) => [...old, ...r.items]);
    setNext(r.next);
  };
  const remove = async (id: string) => {
    try {
      await api('DELETE', `/v1/${entity}/${encodeURIComponent(id)}`);
      setNotice(t('deleted', { id }));
      reload();
    } catch (e) {
      setNotice(errorText(e, lang));
    }
    setConfirming(null);
  };

  const needle = filter.trim().toLowerCase();
  const shown = needle ? rows.filter((r) => Object.values(r).some((v) => typeof v === 'string' && v.toLowerCase().includes(needle))) : rows;
  const now = Date.now();
  const yesNo = { yes: t('yes'), no: t('no') };

  return (
    <div className="entity-tab">
      <div className="toolbar">
        <label>
          {t('filter')}{' '}
          <input className="input" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder={t('filterPlaceholder')} />
        </label>
        <span className="muted">{t('count', { count: shown.length })}</span>
        {canEdit && (
          <>
            <button type="button" className="button" onClick={() => setEditing('new')}>
              {t('new', { entity: t(`entity.${entity}`) })}
            </button>
            <button type="button" className="button button-primary" onClick={() => setPasting(true)} aria-expanded={pasting}>
              {t('paste')}
            </button>
          </>
        )}
      </div>
      {!canEdit && <p className="muted">{t('readOnly')}</p>}
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {pasting && <PastePanel entity={entity} onWritten={reload} onClose={() => setPasting(false)} />}
      {editing && (
        <EntityForm
          key={editing === 'new' ? 'new' : editing.id}
          entity={entity}
          record={editing === 'new' ? undefined : editing}
          onSaved={(id) => {
            setEditing(null);
            setNotice(t('saved', { id }));
            reload();
          }}
          onClose={() => setEditing(null)}
        />
      )}
      {error !== null && (
        <p role="alert" className="error-text">
          {t('error', { message: errorText(error, lang) })}
        </p>
      )}
      <div className="table-scroll">
        <table className="roster-table" data-entity={entity}>
          <thead>
            <tr>
              {columns.map((c) => (
                <th scope="col" key={c.field}>
                  {c.label[lang]}
                </th>
              ))}
              {entity === 'reps' && <th scope="col">{t('availability')}</th>}
              {canEdit && <th scope="col">{t('actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.id} data-id={r.id}>
                {columns.map((c) => (
                  <td key={c.field} className={c.kind === 'int' || c.kind === 'number' ? 'num' : undefined}>
                    {entity === 'reps' && c.field === 'name' ? (
                      // The rep's name is the way in to "why did I lose this customer?": their decisions, then one.
                      <Link to={`/decisions?repId=${encodeURIComponent(r.id)}`} title={t('decisionsOf', { name: String(r.name ?? r.id) })}>
                        {String(r.name ?? r.id)}
                      </Link>
                    ) : (
                      displayValue(c, r[c.field], format, yesNo)
                    )}
                  </td>
                ))}
                {entity === 'reps' && <td>{availabilityText(r, now, t, format.dateTime)}</td>}
                {canEdit && (
                  <td className="row-actions">
                    {confirming === r.id ? (
                      <>
                        <span>{t('confirmDelete', { id: r.id })}</span>{' '}
                        <button type="button" className="button button-danger" onClick={() => void remove(r.id)}>
                          {t('confirm')}
                        </button>{' '}
                        <button type="button" className="button" onClick={() => setConfirming(null)}>
                          {t('cancel')}
                        </button>
                      </>
                    ) : (
                      <>
                        <button type="button" className="button" onClick={() => setEditing(r)} aria-label={`${t('edit')} ${r.id}`}>
                          {t('edit')}
                        </button>{' '}
                        <button type="button" className="button" onClick={() => setConfirming(r.id)} aria-label={`${t('delete')} ${r.id}`}>
                          {t('delete')}
                        </button>
                      </>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length === 0 && error === null && <p className="muted">{t('empty')}</p>}
      {next && (
        <button type="button" className="button" onClick={() => void loadMore()}>
          {t('loadMore')}
        </button>
      )}
    </div>
  );
}

function availabilityText(rep: Row, now: number, t: (k: string, o?: Record<string, unknown>) => string, date: (iso: string) => string): string {
  const a = availability(rep, now);
  if (a.state === 'away') return t('awayUntil', { until: date(a.until!) });
  return t(a.state);
}

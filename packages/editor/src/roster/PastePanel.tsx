import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client.js';
import { errorText } from '../decisions/useLoad.js';
import { useFormat } from '../format/useFormat.js';
import type { Bilingual } from './cells.js';
import { COLUMNS, type EntityName } from './columns.js';
import { namespace } from './messages.js';
import { canSend, placeServerErrors, readPaste, type Paste } from './paste.js';

/** Whether a paste is waiting for this entity (the panel opens by itself then). */
export function hasKeptPaste(entity: EntityName): boolean {
  return Boolean(kept.get(entity));
}

interface Props {
  entity: EntityName;
  onWritten(): void;
  onClose(): void;
}

// What was pasted outlives the panel, the tab and a reload (this browser tab's sessionStorage):
// nothing the user pasted is lost before it is written or cleared.
const KEPT = 'sluice.roster.paste.';
const kept = {
  get: (entity: EntityName) => (typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem(KEPT + entity)),
  set: (entity: EntityName, text: string) => {
    if (typeof sessionStorage === 'undefined') return;
    if (text === '') sessionStorage.removeItem(KEPT + entity);
    else sessionStorage.setItem(KEPT + entity, text);
  },
};

/**
 * Bulk upsert from a spreadsheet block. The block is read as it is typed or pasted; every row
 * with a problem is listed with its row number and column, and the text stays as pasted (also
 * after the server refuses the batch) so it can be fixed here or in the sheet and sent again.
 */
export function PastePanel({ entity, onWritten, onClose }: Props) {
  const { t } = useTranslation(namespace);
  const format = useFormat();
  const lang = format.lang;
  const [text, setTextState] = useState(kept.get(entity) ?? '');
  const [server, setServer] = useState<{ paste: Paste; rest: Bilingual[] } | null>(null);
  const [status, setStatus] = useState<{ kind: 'done' | 'refused' | 'failed'; text: string } | null>(null);
  const [sending, setSending] = useState(false);
  const local = useMemo(() => readPaste(entity, text, format.timeZone), [entity, text, format.timeZone]);
  const paste = server?.paste ?? local;
  const problems = [...paste.problems, ...(server?.rest ?? [])];
  const bad = paste.rows.filter((r) => r.errors.length > 0);
  const examples = COLUMNS[entity]
    .slice(0, 4)
    .map((c) => `${c.label.zh} / ${c.label.en}`)
    .join('，');

  const setText = (next: string) => {
    kept.set(entity, next);
    setTextState(next);
    setServer(null);
    setStatus(null);
  };

  const send = async () => {
    setSending(true);
    setStatus(null);
    try {
      const r = await api<{ count: number; created: number; updated: number }>('POST', `/v1/${entity}/bulk`, { items: local.rows.map((row) => row.item) });
      setStatus({ kind: 'done', text: t('pasteForm.done', { created: format.number(r.created), updated: format.number(r.updated) }) });
      onWritten();
    } catch (e) {
      if (e instanceof ApiError && e.status === 422 && e.errors.length > 0) {
        setServer(placeServerErrors(local, e.errors));
        setStatus({ kind: 'refused', text: t('pasteForm.refused') });
      } else {
        setStatus({ kind: 'failed', text: errorText(e, lang) });
      }
    } finally {
      setSending(false);
    }
  };

  const entityName = t(`entity.${entity}`);
  return (
    <section className="paste-panel" aria-labelledby="paste-heading">
      <h2 id="paste-heading">{t('pasteForm.heading', { entity: entityName })}</h2>
      <p className="muted">{t('pasteForm.help', { entity: entityName, examples })}</p>
      <label htmlFor="paste-text">{t('pasteForm.label')}</label>
      <textarea className="input" id="paste-text" name="paste" rows={8} spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} />
      {text.trim() !== '' && (
        <p aria-live="polite">
          {t('pasteForm.rows', { count: paste.rows.length })}
          {bad.length > 0 && ` · ${t('pasteForm.rowErrors', { count: bad.length })}`}
        </p>
      )}
      {text.trim() !== '' && problems.length > 0 && (
        <div role="alert" className="paste-problems">
          <p>{t('pasteForm.problems')}</p>
          <ul>
            {problems.map((p, i) => (
              <li key={i}>{p[lang]}</li>
            ))}
          </ul>
        </div>
      )}
      {status && (
        <p role={status.kind === 'done' ? 'status' : 'alert'} className={status.kind === 'done' ? 'ok' : 'error-text'} data-testid="paste-status">
          {status.text}
        </p>
      )}
      {bad.length > 0 && (
        <table className="row-errors" data-testid="row-errors">
          <caption>{t('pasteForm.rowErrors', { count: bad.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('pasteForm.line')}</th>
              <th scope="col">{t('pasteForm.column')}</th>
              <th scope="col">{t('pasteForm.message')}</th>
            </tr>
          </thead>
          <tbody>
            {bad.flatMap((r) =>
              r.errors.map((e, i) => (
                <tr key={`${r.line}-${i}`} data-line={r.line}>
                  <td>{r.line}</td>
                  <td>{e.letter ? `${e.letter} · ${e.header}` : (e.header ?? '—')}</td>
                  <td>{e.message[lang]}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      )}
      {paste.rows.length > 0 && paste.headers.length > 0 && (
        <details className="paste-preview">
          <summary>{t('pasteForm.preview')}</summary>
          <div className="scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  {paste.headers.map((h) => (
                    <th scope="col" key={h.index} className={h.column ? undefined : 'unknown'}>
                      {h.letter} {h.text}
                      {h.column && <span className="muted"> → {h.column.field}</span>}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {paste.rows.slice(0, 200).map((r) => (
                  <tr key={r.line} className={r.errors.length > 0 ? 'has-error' : undefined}>
                    <td>{r.line}</td>
                    {paste.headers.map((h) => (
                      <td key={h.index}>{r.cells[h.index] ?? ''}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
      <div className="buttons">
        <button type="button" className="button button-primary" disabled={!canSend(local) || sending} onClick={() => void send()}>
          {sending ? t('pasteForm.sending') : t('pasteForm.send', { count: local.rows.length })}
        </button>
        <button type="button" className="button" onClick={() => setText('')} disabled={text === ''}>
          {t('pasteForm.clear')}
        </button>
        <button type="button" className="button" onClick={onClose}>
          {t('pasteForm.close')}
        </button>
      </div>
    </section>
  );
}

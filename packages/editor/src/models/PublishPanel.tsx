import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client.js';
import { errorText } from '../decisions/useLoad.js';
import { useFormat } from '../format/useFormat.js';
import { MIN_REASON } from '../policyTests/PublishRefused.js';
import { namespace } from './messages.js';

export interface PublishState {
  busy: boolean;
  /** The version the server refused (409: not offered), waiting for "publish anyway" with a reason. */
  refused: { version: number; note: string; error: ApiError } | null;
  error: unknown;
  done: number | null;
}

interface Props {
  version: number;
  published: boolean;
  state: PublishState;
  onPublish(version: number, note: string, overrideReason?: string): void;
  onCancelRefused(): void;
}

/** Publish the shown version with a note; a refusal (not offered) is offered again with a reason, as for policies. */
export function PublishPanel({ version, published, state, onPublish, onCancelRefused }: Props) {
  const { t } = useTranslation(namespace);
  const format = useFormat();
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const short = reason.trim().length < MIN_REASON;
  const { refused } = state;
  return (
    <section className="sim-step models-publish" aria-labelledby="models-publish-title" data-section="publish">
      <h2 id="models-publish-title">{t('publish.title', { n: version })}</h2>
      {state.done !== null && (
        <p role="status" data-testid="published">
          {t('publish.done', { n: state.done })}
        </p>
      )}
      {published && state.done === null && <p className="muted">{t('publish.alreadyPublished')}</p>}
      {!published && !refused && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (note.trim()) onPublish(version, note.trim());
          }}
        >
          <label className="field">
            <span>{t('publish.note')}</span>
            <textarea name="note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} required />
          </label>
          <button type="submit" className="button button-primary" disabled={state.busy || note.trim() === ''} data-action="publish">
            {state.busy ? t('publish.publishing') : t('publish.submit')}
          </button>
        </form>
      )}
      {refused && (
        <form
          className="publish-refused"
          data-testid="publish-refused"
          onSubmit={(e) => {
            e.preventDefault();
            if (!short) onPublish(refused.version, refused.note, reason.trim());
          }}
        >
          <p role="alert" className="problem">
            {t('publish.refused')}
          </p>
          <p className="muted" data-refusal>
            {errorText(refused.error, format.lang)}
          </p>
          <label className="field">
            <span>{t('publish.reason')}</span>
            <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} required minLength={MIN_REASON} data-testid="override-reason" />
          </label>
          {short && reason.length > 0 && <p className="muted">{t('publish.reasonShort')}</p>}
          <button type="submit" className="button button-danger" disabled={state.busy || short} data-testid="publish-anyway">
            {t('publish.anyway')}
          </button>{' '}
          <button type="button" className="button" onClick={onCancelRefused}>
            {t('publish.cancel')}
          </button>
        </form>
      )}
      {state.error !== null && (
        <p role="alert" className="error-text">
          {t('error', { message: errorText(state.error, format.lang) })}
        </p>
      )}
    </section>
  );
}

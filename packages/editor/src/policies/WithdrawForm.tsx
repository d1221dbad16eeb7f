import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client.js';
import { namespace } from './messages.js';
import { NoteField, noteGiven } from './NoteField.js';

interface Props {
  policyKey: string;
  /** The live version being withdrawn. */
  version: number;
  /** After the server took it offline. */
  onWithdrawn: (version: number) => void;
  onCancel: () => void;
}

/**
 * The inline confirmation of a withdrawal (no native dialog): what it does, the required change
 * note, and the server's refusal in the reader's language.
 */
export function WithdrawForm({ policyKey, version, onWithdrawn, onCancel }: Props) {
  const { t, i18n } = useTranslation(namespace);
  const zh = i18n.language?.startsWith('zh');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!noteGiven(note)) return;
    setBusy(true);
    setProblem(null);
    try {
      await api('POST', `/v1/policies/${encodeURIComponent(policyKey)}/withdraw`, { note: note.trim() });
      onWithdrawn(version);
    } catch (err) {
      setProblem(err instanceof ApiError ? (zh ? (err.detailZh ?? err.detail) : err.detail) : String(err));
    } finally {
      setBusy(false);
    }
  }

  const title = t('versions.withdrawTitle', { version });
  return (
    <form className="rollback-form withdraw-form" onSubmit={submit} aria-label={title} data-testid="withdraw-form">
      <h4>{title}</h4>
      <p className="muted">{t('versions.withdrawHelp')}</p>
      <NoteField value={note} onChange={setNote} autoFocus testId="withdraw-note" />
      {problem && (
        <p role="alert" className="problem" data-testid="withdraw-problem">
          {problem}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy || !noteGiven(note)} data-testid="withdraw-confirm">
        {t('versions.withdrawConfirm', { version })}
      </button>{' '}
      <button type="button" onClick={onCancel}>
        {t('cancel')}
      </button>
    </form>
  );
}

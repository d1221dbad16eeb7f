import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { namespace } from './messages.js';

/**
 * A secret the server returns once (a one-time password, an API key, a signing secret): shown
 * until dismissed, never kept anywhere else, with a copy button.
 */
export function OneTimeSecret({ label, secret, onDone }: { label: string; secret: string; onDone(): void }) {
  const { t } = useTranslation(namespace);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <div className="one-time-secret" role="region" aria-label={label} data-testid="one-time-secret">
      <p>
        <strong>{label}</strong>
      </p>
      <p className="warn">{t('secret.once')}</p>
      <div className="secret-row">
        <input className="input mono" readOnly value={secret} aria-label={label} onFocus={(e) => e.currentTarget.select()} data-testid="secret-value" />
        <button type="button" className="button button-primary" onClick={() => void copy()}>
          {t('secret.copy')}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {t('secret.done')}
        </button>
      </div>
      {copied && (
        <p role="status" className={copied === 'yes' ? 'ok' : 'error-text'}>
          {copied === 'yes' ? t('secret.copied') : t('secret.copyFailed')}
        </p>
      )}
    </div>
  );
}

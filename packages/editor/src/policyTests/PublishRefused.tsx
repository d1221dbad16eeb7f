import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../policy/useLang.js';
import type { FailingCase } from './api.js';
import { namespace } from './messages.js';
import { valueText } from './results.js';
import './policyTests.css';

/** The server's shortest override reason (publish's `override.reason`). */
export const MIN_REASON = 5;

interface Props {
  failing: FailingCase[];
  busy: boolean;
  /** Publishes again with `override: { reason }`. */
  onOverride(reason: string): void;
  onCancel(): void;
}

/** A publish refused (409 tests-failing): the failing cases and their first difference, and "publish anyway" with a reason. */
export function PublishRefused({ failing, busy, onOverride, onCancel }: Props) {
  const { t } = useTranslation(namespace);
  const lang = useLang();
  const [reason, setReason] = useState('');
  const short = reason.trim().length < MIN_REASON;
  return (
    <form
      className="publish-refused"
      data-testid="publish-refused"
      onSubmit={(e) => {
        e.preventDefault();
        if (!short) onOverride(reason.trim());
      }}
    >
      <p role="alert" className="problem">
        {t('publish.refused')}
      </p>
      <ul data-testid="failing-cases">
        {failing.map((c) => {
          const first = c.expectations[0];
          return (
            <li key={c.id} data-case={c.id}>
              <strong>{c.name?.[lang] || c.id}</strong>
              {first && (
                <>
                  {' — '}
                  <span className="mono">
                    {t('publish.firstDiff', { path: first.path, expected: valueText(first.expected), actual: valueText(first.actual) })}
                  </span>
                </>
              )}
              {!first && c.error && <span className="mono"> — {c.error[lang]}</span>}
            </li>
          );
        })}
      </ul>
      <label className="field">
        {t('publish.reason')}
        <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} required minLength={MIN_REASON} data-testid="override-reason" />
      </label>
      {short && reason.length > 0 && <p className="muted">{t('publish.reasonShort')}</p>}
      <button type="submit" className="danger" disabled={busy || short} data-testid="publish-anyway">
        {t('publish.anyway')}
      </button>{' '}
      <button type="button" onClick={onCancel}>
        {t('publish.cancel')}
      </button>
    </form>
  );
}

import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { passwordChanged, signOut } from '../app/session.js';
import { namespace } from './messages.js';
import { ProblemAlert } from './ProblemAlert.js';

/** The server's minimum (packages/server/src/routes/auth PASSWORD_MIN); checked here first to save a round trip. */
export const PASSWORD_MIN = 12;

/** What is wrong with the new password before asking the server, as a message key (or null). */
export function passwordProblem(current: string, next: string, confirm: string): 'change.tooShort' | 'change.mismatch' | 'change.same' | null {
  if (next.length < PASSWORD_MIN) return 'change.tooShort';
  if (next !== confirm) return 'change.mismatch';
  if (next === current) return 'change.same';
  return null;
}

export function ChangePasswordForm() {
  const { t } = useTranslation(namespace);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [local, setLocal] = useState<ReturnType<typeof passwordProblem>>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const problem = passwordProblem(current, next, confirm);
    setLocal(problem);
    if (problem) return;
    setBusy(true);
    try {
      await api('POST', '/v1/auth/password', { currentPassword: current, newPassword: next });
      passwordChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const labels = { currentPassword: t('change.current'), newPassword: t('change.next') };
  return (
    // noValidate: our own checks speak the chosen language; the browser's would speak its own.
    <form data-form="change-password" onSubmit={submit} noValidate>
      <p className="muted">{t('change.intro')}</p>
      {error !== null && <ProblemAlert error={error} fieldLabels={labels} />}
      <div className="field">
        <label htmlFor="change-current">{t('change.current')}</label>
        <input
          id="change-current"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="change-next">{t('change.next')}</label>
        <input
          id="change-next"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN}
          value={next}
          onChange={(e) => setNext(e.target.value)}
          aria-describedby="change-next-help change-local-problem"
          aria-invalid={local === 'change.tooShort' || local === 'change.same'}
        />
        <span id="change-next-help" className="help">
          {t('change.nextHelp', { min: PASSWORD_MIN })}
        </span>
      </div>
      <div className="field">
        <label htmlFor="change-confirm">{t('change.confirm')}</label>
        <input
          id="change-confirm"
          name="confirmPassword"
          type="password"
          autoComplete="new-password"
          required
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          aria-describedby="change-local-problem"
          aria-invalid={local === 'change.mismatch'}
        />
      </div>
      <p id="change-local-problem" className="error-text" role="status">
        {local ? t(local, { min: PASSWORD_MIN }) : ''}
      </p>
      <div className="signin-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('change.submitting') : t('change.submit')}
        </button>
        <button type="button" className="button" onClick={() => void signOut()}>
          {t('change.cancel')}
        </button>
      </div>
    </form>
  );
}

import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { type SessionUser, signedIn } from '../app/session.js';
import { namespace } from './messages.js';
import { ProblemAlert } from './ProblemAlert.js';

const TENANT_KEY = 'sluice.tenant';

interface LoginAnswer {
  csrfToken: string;
  tenant: string;
  user: SessionUser;
}

export function SignInForm() {
  const { t } = useTranslation(namespace);
  const [tenant, setTenant] = useState(() => localStorage.getItem(TENANT_KEY) ?? 'default');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const [missing, setMissing] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const empty = (['tenant', 'email', 'password'] as const).find((f) => ({ tenant, email, password })[f].trim() === '');
    setMissing(empty ?? null);
    if (empty) {
      document.getElementById(`signin-${empty}`)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const answer = await api<LoginAnswer>('POST', '/v1/auth/login', { tenant: tenant.trim(), email: email.trim(), password });
      localStorage.setItem(TENANT_KEY, answer.tenant);
      signedIn(answer);
    } catch (err) {
      setError(err);
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  const labels = { tenant: t('tenant'), email: t('email'), password: t('password') };
  return (
    // noValidate: our own checks speak the chosen language; the browser's would speak its own.
    <form data-form="signin" onSubmit={submit} noValidate>
      <p className="muted">{t('intro')}</p>
      {error !== null && <ProblemAlert error={error} fieldLabels={labels} />}
      <p id="signin-missing" className="error-text" role="status">
        {missing ? t('required', { field: labels[missing as keyof typeof labels] }) : ''}
      </p>
      <div className="field">
        <label htmlFor="signin-tenant">{t('tenant')}</label>
        <input
          id="signin-tenant"
          name="tenant"
          autoComplete="organization"
          required
          value={tenant}
          onChange={(e) => setTenant(e.target.value)}
          aria-describedby="signin-tenant-help"
        />
        <span id="signin-tenant-help" className="help">
          {t('tenantHelp')}
        </span>
      </div>
      <div className="field">
        <label htmlFor="signin-email">{t('email')}</label>
        <input id="signin-email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="signin-password">{t('password')}</label>
        <input
          id="signin-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </div>
      <button type="submit" className="button button-primary signin-submit" disabled={busy}>
        {busy ? t('submitting') : t('submit')}
      </button>
    </form>
  );
}

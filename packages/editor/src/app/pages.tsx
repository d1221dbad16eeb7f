import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { namespace } from './messages.js';
import { useSession } from './session.js';

export function Loading() {
  const { t } = useTranslation(namespace);
  return (
    <p className="muted" role="status">
      {t('loading')}
    </p>
  );
}

export function NotFoundPage() {
  const { t } = useTranslation(namespace);
  const { pathname } = useLocation();
  return (
    <section className="page-message card">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body', { path: pathname })}</p>
      <Link to="/policies">{t('notFound.back')}</Link>
    </section>
  );
}

export function NotBuiltPage() {
  const { t } = useTranslation(namespace);
  return (
    <section className="page-message card">
      <h1>{t('notBuilt.title')}</h1>
      <p>{t('notBuilt.body')}</p>
    </section>
  );
}

export function ForbiddenPage() {
  const { t } = useTranslation(namespace);
  const { user } = useSession();
  return (
    <section className="page-message card" data-page="forbidden">
      <h1>{t('forbidden.title')}</h1>
      <p>{t('forbidden.body', { role: user ? t(`roles.${user.role}`) : '—' })}</p>
    </section>
  );
}

function Failed({ error }: { error: unknown }) {
  const { t } = useTranslation(namespace);
  return (
    <section className="page-message card" role="alert">
      <h1>{t('failed.title')}</h1>
      <p>{t('failed.body', { message: error instanceof Error ? error.message : String(error) })}</p>
      <button type="button" className="button" onClick={() => window.location.reload()}>
        {t('failed.reload')}
      </button>
    </section>
  );
}

/** One broken screen (or a chunk that failed to load after a new build) must not blank the shell. */
export class ScreenBoundary extends Component<{ children: ReactNode; resetKey: string }, { error: unknown; key: string }> {
  override state: { error: unknown; key: string } = { error: null, key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  static getDerivedStateFromProps(props: { resetKey: string }, state: { error: unknown; key: string }) {
    return props.resetKey === state.key ? null : { error: null, key: props.resetKey };
  }

  override render() {
    return this.state.error ? <Failed error={this.state.error} /> : this.props.children;
  }
}

import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { LanguageSwitch } from './LanguageSwitch.js';
import { namespace } from './messages.js';
import { Loading, ScreenBoundary } from './pages.js';
import { can, SIGN_OUT_PATH, useSession } from './session.js';
import './layout.css';

/**
 * The frame around every signed-in screen: brand, the main navigation (what the role may not use
 * is not shown), language switch, who is signed in, sign-out. A visitor without a session, or
 * still holding a one-time password, is sent to the sign-in page and brought back afterwards.
 */
export function Layout() {
  const { t } = useTranslation(namespace);
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const { user } = session;

  if (!session.loading && (!user || user.mustChangePassword)) {
    const from = location.pathname + location.search;
    return <Navigate to={`/signin${from && from !== '/' ? `?from=${encodeURIComponent(from)}` : ''}`} replace />;
  }

  const items = [
    { to: '/policies', label: t('nav.policies'), action: 'read' as const },
    { to: '/decisions', label: t('nav.decisions'), action: 'read' as const },
    { to: '/roster', label: t('nav.roster'), action: 'read' as const },
    { to: '/simulations', label: t('nav.simulations'), action: 'read' as const },
    { to: '/models', label: t('nav.models'), action: 'read' as const },
    { to: '/admin', label: t('nav.admin'), action: 'admin' as const },
  ].filter((i) => can(user?.role, i.action));

  return (
    <div className="shell" data-shell={user ? 'ready' : 'loading'}>
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="shell-header">
        <NavLink className="shell-brand" to="/policies">
          {t('brand')}
        </NavLink>
        <nav className="shell-nav" aria-label={t('nav.label')}>
          <ul>
            {items.map((i) => (
              <li key={i.to}>
                <NavLink to={i.to} data-nav={i.to.slice(1)}>
                  {i.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="shell-tools">
          <LanguageSwitch />
          {user && (
            <>
              <span className="shell-account" data-role={user.role}>
                {t('account.signedInAs', { email: user.email, role: t(`roles.${user.role}`), tenant: session.tenant ?? '' })}
              </span>
              <button
                type="button"
                className="button"
                data-action="sign-out"
                // Through the router, not straight to the server: a screen with unsaved work asks first (LeaveGuard).
                onClick={() => void navigate(SIGN_OUT_PATH, { replace: true })}
              >
                {t('account.signOut')}
              </button>
            </>
          )}
        </div>
      </header>
      <main id="main" className="shell-main" tabIndex={-1}>
        {user ? (
          <ScreenBoundary resetKey={location.pathname}>
            <Suspense fallback={<Loading />}>
              <Outlet />
            </Suspense>
          </ScreenBoundary>
        ) : (
          <Loading />
        )}
      </main>
    </div>
  );
}

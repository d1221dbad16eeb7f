import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useSearchParams } from 'react-router';
import { LanguageSwitch } from '../app/LanguageSwitch.js';
import { Loading } from '../app/pages.js';
import { useSession } from '../app/session.js';
import { ChangePasswordForm } from './ChangePasswordForm.js';
import { namespace } from './messages.js';
import { SignInForm } from './SignInForm.js';
import './signin.css';

/** Where to go after signing in: a path of this site only (never `//elsewhere` or a full URL). */
export function safeReturnPath(from: string | null): string {
  if (!from?.startsWith('/') || from.startsWith('//') || from.startsWith('/\\') || from.startsWith('/signin')) return '/policies';
  return from;
}

/**
 * Sign-in, and the password change a one-time password forces before anything else (the server
 * refuses every other call until then). A signed-in visitor goes straight on.
 */
export function SignInPage() {
  const { t } = useTranslation(namespace);
  const session = useSession();
  const [params] = useSearchParams();
  const next = safeReturnPath(params.get('from'));

  // Focus moves to the heading when the page opens and again when the password change replaces the form.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run on purpose when the form changes
  useEffect(() => {
    document.getElementById('signin-heading')?.focus();
  }, [session.user?.mustChangePassword]);

  if (session.user && !session.user.mustChangePassword) return <Navigate to={next} replace />;
  const changing = !!session.user?.mustChangePassword;

  return (
    <div className="signin">
      <header className="signin-top">
        <span className="signin-brand">Sluice</span>
        <LanguageSwitch />
      </header>
      <main className="signin-main">
        <section className="card signin-card" aria-labelledby="signin-heading">
          <h1 id="signin-heading" tabIndex={-1}>
            {changing ? t('change.title') : t('title')}
          </h1>
          {session.loading ? <Loading /> : changing ? <ChangePasswordForm /> : <SignInForm />}
        </section>
      </main>
    </div>
  );
}

export default SignInPage;

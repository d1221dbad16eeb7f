import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router';
import { Loading } from './pages.js';
import { signOut } from './session.js';

/**
 * SIGN_OUT_PATH: ends the session once reached, then shows the sign-in page. The header's button
 * navigates here instead of signing out itself, so a screen with unsaved work (the policy editor)
 * can ask first — and a "Save and sign out" still has a session to save with.
 */
export function SignOutPage() {
  const navigate = useNavigate();
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void signOut().then(() => navigate('/signin', { replace: true }));
  }, [navigate]);
  return <Loading />;
}

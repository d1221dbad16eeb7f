import type { PolicyDocument } from '@sluice/engine';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLanguage } from '../i18n/index.js';
import { PolicyEditor } from '../policy/PolicyEditorPage.js';
import { createPolicyStore } from '../policy/store.js';
import { EMPTY_VALUES } from '../policy/tenantValues.js';
import { Layout } from './Layout.js';
import { setSessionForTest, SIGN_OUT_PATH, useSession } from './session.js';
import { SignOutPage } from './SignOutPage.js';

/** Room for a loaded machine (two test files at a time, Chromium beside them). */
const SLOW = { timeout: 5000 };

// Signing out from the header goes through the policy editor's guard like any other way out: with
// unsaved edits it asks first (save and sign out, sign out without saving, or stay), and the
// session ends only once the user has answered.

const doc = (): PolicyDocument =>
  ({
    key: 'rt',
    kind: 'routing',
    name: 'Round robin',
    description: '',
    version: 0,
    nodes: [
      { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { events: ['lead.created'] } },
      { id: 'rr', type: 'assign.roundRobin', position: { x: 0, y: 200 }, data: { teams: ['ae'], coolingDays: 7 } },
    ],
    edges: [{ id: 'e1', source: 'start', target: 'rr' }],
  }) as unknown as PolicyDocument;

let logouts: number;
beforeEach(() => {
  logouts = 0;
  setLanguage('en');
  setSessionForTest({ user: { id: 'u1', email: 'ops@example.com', role: 'editor', mustChangePassword: false } });
  vi.stubGlobal(
    'fetch',
    vi.fn(async (path: string, init?: RequestInit) => {
      if (path === '/v1/auth/logout' && init?.method === 'POST') {
        logouts++;
        return new Response(null, { status: 204 });
      }
      return new Response('{}', { status: 404, headers: { 'content-type': 'application/json' } });
    }),
  );
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function SignInStub() {
  const { user } = useSession();
  return <p data-testid="signin">{user ? 'still signed in' : 'signed out'}</p>;
}

/** The app's frame (header with sign-out) around the policy editor, the sign-out route, and a sign-in page. */
function open() {
  const store = createPolicyStore(doc());
  // Whether the session was still there when the draft was saved.
  const save = vi.fn(async () => ({ errors: 0, signedIn: logouts === 0 }));
  const router = createMemoryRouter(
    [
      { path: '/signin', element: <SignInStub /> },
      { path: SIGN_OUT_PATH, element: <SignOutPage /> },
      {
        path: '/',
        element: <Layout />,
        children: [{ path: 'policies/:key', element: <PolicyEditor store={store} policyKey="rt" save={save} tenantValues={EMPTY_VALUES} /> }],
      },
    ],
    { initialEntries: ['/policies/rt'] },
  );
  render(<RouterProvider router={router} />);
  const edit = () => act(() => store.getState().updateNodeData('rr', { teams: ['ae'], coolingDays: 14 }));
  const signOut = () => fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
  return { store, save, router, edit, signOut, where: () => router.state.location.pathname };
}

describe('signing out of the policy editor', () => {
  it('with unsaved edits asks first; Stay keeps the session and the edits', async () => {
    const { store, edit, signOut, where } = open();
    edit();
    signOut();
    const dialog = await screen.findByRole('alertdialog', { name: 'You have unsaved changes to this policy' }, SLOW);
    expect(screen.getByRole('button', { name: 'Save and sign out' })).toBeInstanceOf(HTMLElement);
    expect(screen.getByRole('button', { name: 'Sign out without saving' })).toBeInstanceOf(HTMLElement);
    expect(logouts).toBe(0);
    fireEvent.click(screen.getByRole('button', { name: 'Stay' }));
    await waitFor(() => expect(dialog.isConnected).toBe(false), SLOW);
    expect(where()).toBe('/policies/rt');
    expect(logouts).toBe(0);
    expect((store.getState().doc.nodes[1]!.data as { coolingDays: number }).coolingDays).toBe(14);
  });

  it('Save and sign out saves the draft while still signed in, then signs out', async () => {
    const { save, edit, signOut, where } = open();
    edit();
    signOut();
    fireEvent.click(await screen.findByRole('button', { name: 'Save and sign out' }, SLOW));
    await waitFor(() => expect(where()).toBe('/signin'), SLOW);
    expect(save).toHaveBeenCalledTimes(1);
    expect(await save.mock.results[0]!.value).toMatchObject({ signedIn: true });
    expect(logouts).toBe(1);
    expect((await screen.findByTestId('signin', {}, SLOW)).textContent).toBe('signed out');
  });

  it('Sign out without saving signs out, saving nothing', async () => {
    const { save, edit, signOut, where } = open();
    edit();
    signOut();
    fireEvent.click(await screen.findByRole('button', { name: 'Sign out without saving' }, SLOW));
    await waitFor(() => expect(where()).toBe('/signin'), SLOW);
    expect(save).not.toHaveBeenCalled();
    expect(logouts).toBe(1);
  });

  it('with nothing unsaved signs out at once', async () => {
    const { signOut, where } = open();
    signOut();
    await waitFor(() => expect(where()).toBe('/signin'), SLOW);
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(logouts).toBe(1);
  });

  it('asks in Chinese', async () => {
    setLanguage('zh');
    const { edit, where } = open();
    edit();
    fireEvent.click(screen.getByRole('button', { name: '退出登录' }));
    expect(await screen.findByRole('alertdialog', { name: '此策略有未保存的修改' }, SLOW)).toBeInstanceOf(HTMLElement);
    for (const name of ['保存并退出登录', '不保存，直接退出登录', '留在此页']) expect(screen.getByRole('button', { name })).toBeInstanceOf(HTMLElement);
    expect(where()).toBe('/policies/rt');
  });
});

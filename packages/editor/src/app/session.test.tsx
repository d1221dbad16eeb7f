import { cleanup, render, screen, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import '../i18n/index.js';
import { setLanguage } from '../i18n/index.js';
import { passwordProblem } from '../signin/ChangePasswordForm.js';
import { safeReturnPath } from '../signin/SignInPage.js';
import { Layout } from './Layout.js';
import { can, type Role, setSessionForTest } from './session.js';

describe('can: what each role may do (the server’s ROLE_SCOPES)', () => {
  const table: Record<Role, Record<'read' | 'editDraft' | 'publish' | 'admin', boolean>> = {
    viewer: { read: true, editDraft: false, publish: false, admin: false },
    editor: { read: true, editDraft: true, publish: false, admin: false },
    publisher: { read: true, editDraft: true, publish: true, admin: false },
    admin: { read: true, editDraft: true, publish: true, admin: true },
  };
  it.each(Object.entries(table))('%s', (role, actions) => {
    for (const [action, allowed] of Object.entries(actions)) expect(can(role as Role, action as 'read'), `${role} ${action}`).toBe(allowed);
  });
  it('refuses everything without a role', () => {
    expect(can(undefined, 'read')).toBe(false);
  });
});

describe('sign-in helpers', () => {
  it('returns only to a path of this site', () => {
    expect(safeReturnPath('/decisions/42?q=1')).toBe('/decisions/42?q=1');
    expect(safeReturnPath(null)).toBe('/policies');
    expect(safeReturnPath('https://evil.example/')).toBe('/policies');
    expect(safeReturnPath('//evil.example/')).toBe('/policies');
    expect(safeReturnPath('/\\evil.example/')).toBe('/policies');
    expect(safeReturnPath('/signin')).toBe('/policies');
  });
  it('checks a new password before sending it', () => {
    expect(passwordProblem('one-time-pass', 'short', 'short')).toBe('change.tooShort');
    expect(passwordProblem('one-time-pass', 'a long new password', 'a long new passw0rd')).toBe('change.mismatch');
    expect(passwordProblem('the same long one', 'the same long one', 'the same long one')).toBe('change.same');
    expect(passwordProblem('one-time-pass', 'a long new password', 'a long new password')).toBeNull();
  });
});

describe('the shell’s navigation follows the role and the language', () => {
  afterEach(cleanup);
  const navLinks = () =>
    within(screen.getByRole('navigation'))
      .getAllByRole('link')
      .map((a) => a.textContent);
  const shell = () =>
    render(
      <MemoryRouter initialEntries={['/roster']}>
        <Routes>
          <Route path="/" element={<Layout />}>
            <Route path="roster" element={<p>roster screen</p>} />
          </Route>
          <Route path="/signin" element={<p>sign-in screen</p>} />
        </Routes>
      </MemoryRouter>,
    );

  it('shows Admin to an admin only', () => {
    setLanguage('en');
    setSessionForTest({ user: { id: 'u1', email: 'ada@example.com', role: 'admin', mustChangePassword: false } });
    const admin = shell();
    expect(navLinks()).toEqual(['Policies', 'Decisions', 'Roster', 'Simulations', 'Smart score', 'Admin']);
    expect(screen.getByText('roster screen')).toBeTruthy();
    admin.unmount();

    setSessionForTest({ user: { id: 'u2', email: 'vic@example.com', role: 'viewer', mustChangePassword: false } });
    shell();
    expect(navLinks()).toEqual(['Policies', 'Decisions', 'Roster', 'Simulations', 'Smart score']);
  });

  it('relabels in Chinese', () => {
    setLanguage('zh');
    setSessionForTest({ user: { id: 'u1', email: 'ada@example.com', role: 'admin', mustChangePassword: false } });
    shell();
    expect(navLinks()).toEqual(['策略', '决策记录', '名册', '模拟', '智能评分', '管理']);
    expect(screen.getByRole('button', { name: '退出登录' })).toBeTruthy();
    setLanguage('en');
  });

  it('sends a visitor without a session, or with a one-time password, to sign-in', () => {
    setSessionForTest({ user: null });
    const out = shell();
    expect(screen.getByText('sign-in screen')).toBeTruthy();
    out.unmount();
    setSessionForTest({ user: { id: 'u3', email: 'new@example.com', role: 'editor', mustChangePassword: true } });
    shell();
    expect(screen.getByText('sign-in screen')).toBeTruthy();
  });
});

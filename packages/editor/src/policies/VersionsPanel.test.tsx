import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setSessionForTest } from '../app/session.js';
import { setTenantZone } from '../format/useFormat.js';
import { setLanguage } from '../i18n/index.js';
import { noCoolingDoc } from '../policyTests/fixture.test-helper.js';
import type { LogEntry, VersionInfo } from './api.js';
import { VersionsPanel } from './VersionsPanel.js';

// Withdrawing the live version from the Versions panel: an inline confirmation that needs a note,
// then the history shows the withdrawal and no version is live; a refusal is shown in the reader's language.

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' } });
}

const version = (n: number, live: boolean): VersionInfo => ({
  version: n,
  note: `v${n}`,
  publishedBy: 'user:u1',
  publishedByEmail: 'pub@example.com',
  publishedAt: '2026-03-01T02:00:00Z',
  live,
  evidence: null,
});
const entry = (n: number, action: LogEntry['action'], note: string, at = '2026-03-01T02:00:00Z'): LogEntry => ({
  version: n,
  action,
  note,
  actor: 'user:u1',
  email: 'pub@example.com',
  at,
  override: null,
});
const NOT_LIVE = {
  type: 'https://sluice.dev/problems/not-live',
  title: 'Policy "round-robin" has no live version to withdraw',
  status: 409,
  detailZh: '策略 "round-robin" 没有生效版本，无法下线',
};

let versions: VersionInfo[];
let log: LogEntry[];
let withdrawn: unknown[];
let refuse: boolean;

beforeEach(() => {
  setTenantZone('Asia/Shanghai');
  setSessionForTest({ user: { id: 'u1', email: 'pub@example.com', role: 'publisher', mustChangePassword: false } });
  versions = [version(1, false), version(2, true)];
  log = [entry(1, 'publish', 'v1'), entry(2, 'publish', 'v2')];
  withdrawn = [];
  refuse = false;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (path: string, init?: RequestInit) => {
      if (path.endsWith('/versions')) return json({ versions });
      if (path.endsWith('/log')) return json({ entries: log });
      if (path.startsWith('/v1/simulations')) return json({ items: [], nextCursor: null });
      if (path.endsWith('/withdraw') && init?.method === 'POST') {
        const body = JSON.parse(String(init.body));
        withdrawn.push(body);
        if (refuse) return json(NOT_LIVE, 409);
        versions = versions.map((v) => ({ ...v, live: false }));
        log = [...log, entry(2, 'withdraw', body.note, '2026-03-02T02:00:00Z')];
        return json({ key: 'round-robin', version: 2, liveVersion: null, liveEvents: [], action: 'withdraw', note: body.note, at: '2026-03-02T02:00:00Z' });
      }
      return json({}, 404);
    }),
  );
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const panel = () =>
  render(
    <MemoryRouter>
      <VersionsPanel policyKey="round-robin" doc={noCoolingDoc} onLoad={() => {}} />
    </MemoryRouter>,
  );

describe('withdrawing the live version', () => {
  it('asks for a note inline, withdraws, and the history shows it with no version live (en)', async () => {
    setLanguage('en');
    // No native dialog: a confirm() would be a call here.
    const confirm = vi.fn(() => true);
    vi.stubGlobal('confirm', confirm);
    panel();
    expect(screen.queryByTestId('withdraw-1')).toBeNull();
    fireEvent.click(await screen.findByTestId('withdraw-2'));
    const form = screen.getByTestId('withdraw-form');
    expect(form.querySelector('h4')!.textContent).toBe('Withdraw version 2');
    const go = screen.getByTestId('withdraw-confirm') as HTMLButtonElement;
    expect(go.textContent).toBe('Take version 2 offline');
    expect(go.disabled).toBe(true);
    fireEvent.change(screen.getByTestId('withdraw-note'), { target: { value: '   ' } });
    expect(go.disabled).toBe(true);
    fireEvent.change(screen.getByTestId('withdraw-note'), { target: { value: '  huadong replaces it  ' } });
    fireEvent.click(go);
    await screen.findByText('Version 2 is withdrawn: the policy is not live.');
    expect(withdrawn).toEqual([{ note: 'huadong replaces it' }]);
    expect(confirm).not.toHaveBeenCalled();
    expect(screen.queryByTestId('withdraw-form')).toBeNull();
    const row = await waitFor(() => screen.getByTestId('history').querySelector('tr[data-action="withdraw"]')!);
    expect([...row.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent)).toEqual(['v2 ', 'withdrawn', 'pub@example.com']);
    expect(row.querySelector('.note-cell')!.textContent).toBe('huadong replaces it');
    expect(screen.getByTestId('not-live').textContent).toBe('No version is live: decisions do not run this policy.');
    // Nothing live: no withdraw, and every version may be rolled back to.
    expect(screen.queryByTestId('withdraw-2')).toBeNull();
    expect(screen.getByTestId('rollback-1')).toBeInstanceOf(HTMLElement);
    expect(screen.getByTestId('rollback-2')).toBeInstanceOf(HTMLElement);
  });

  it('shows the refusal in Chinese, and the history labels the withdrawal 已下线', async () => {
    setLanguage('zh');
    refuse = true;
    panel();
    fireEvent.click(await screen.findByTestId('withdraw-2'));
    expect(screen.getByTestId('withdraw-2').textContent).toBe('下线');
    fireEvent.change(screen.getByTestId('withdraw-note'), { target: { value: '暂停' } });
    fireEvent.click(screen.getByTestId('withdraw-confirm'));
    expect((await screen.findByTestId('withdraw-problem')).textContent).toBe('策略 "round-robin" 没有生效版本，无法下线');
    expect(screen.getByTestId('withdraw-form')).toBeInstanceOf(HTMLElement);
    cleanup();

    refuse = false;
    log = [...log, entry(2, 'withdraw', '暂停')];
    versions = versions.map((v) => ({ ...v, live: false }));
    panel();
    const row = await waitFor(() => screen.getByTestId('history').querySelector('tr[data-action="withdraw"]')!);
    expect(row.querySelectorAll('td')[1]!.textContent).toBe('已下线');
    expect(screen.getByTestId('not-live').textContent).toBe('当前没有生效版本：决策不会运行此策略。');
  });

  it('is not offered to a role that may not publish', async () => {
    setLanguage('en');
    setSessionForTest({ user: { id: 'u2', email: 'ed@example.com', role: 'editor', mustChangePassword: false } });
    panel();
    await screen.findByTestId('history');
    expect(screen.queryByTestId('withdraw-2')).toBeNull();
  });
});

import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setSessionForTest } from '../app/session.js';
import { setTenantZone } from '../format/useFormat.js';
import { setLanguage } from '../i18n/index.js';
import type { PolicySummary } from './api.js';
import PoliciesPage from './PoliciesPage.js';

const base = { liveEvents: ['lead.created'], latestVersion: 1, draftSaved: null };
// As GET /v1/policies answers: the last change of each, by a person, by an API key, and one from before it was recorded.
const POLICIES: PolicySummary[] = [
  {
    ...base,
    key: 'reclaim-7d',
    kind: 'reclaim',
    name: 'Reclaim after 7 days',
    liveVersion: 1,
    draftStatus: 'changed',
    updatedAt: '2026-03-02T03:00:00Z',
    lastChange: { action: 'save', actor: 'user:u-7', email: 'ed@example.com', at: '2026-03-02T03:00:00Z', version: null },
  },
  {
    ...base,
    key: 'round-robin',
    kind: 'routing',
    name: 'Round robin',
    liveVersion: 2,
    latestVersion: 3,
    draftStatus: 'unchanged',
    updatedAt: '2026-03-01T03:00:00Z',
    lastChange: { action: 'rollback', actor: 'key:slk_abcdefgh', email: null, at: '2026-03-01T03:00:00Z', version: 2 },
  },
  {
    ...base,
    key: 'round-robin-old',
    kind: 'routing',
    name: 'Old round robin',
    liveVersion: null,
    liveEvents: [],
    latestVersion: 4,
    draftStatus: 'new',
    updatedAt: '2026-03-01T02:00:00Z',
    lastChange: { action: 'withdraw', actor: 'user:u-9', email: 'pub@example.com', at: '2026-03-01T02:00:00Z', version: null },
  },
  {
    ...base,
    key: 'scoring',
    kind: 'scoring',
    name: 'Scoring',
    liveVersion: 1,
    draftStatus: 'unchanged',
    updatedAt: '2026-02-01T03:00:00Z',
    lastChange: null,
  },
];

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

const page = () =>
  render(
    <MemoryRouter>
      <PoliciesPage />
    </MemoryRouter>,
  );

beforeEach(() => {
  setTenantZone('Asia/Shanghai');
  setSessionForTest({ user: { id: 'u1', email: 'admin', role: 'admin', mustChangePassword: false } });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('policies list: who changed it', () => {
  it.each([
    ['en', ['ed@example.com · saved the draft', '🔑 slk_abcdefgh · rolled back to v2', 'pub@example.com · withdrawn', '—']],
    ['zh', ['ed@example.com · 保存了草稿', '🔑 slk_abcdefgh · 回滚到 v2', 'pub@example.com · 已下线', '—']],
  ] as const)('names the last change and who made it, draft saves included (%s)', async (lang, expected) => {
    setLanguage(lang);
    const fetch = vi.fn(async () => json({ policies: POLICIES }));
    vi.stubGlobal('fetch', fetch);
    page();
    await screen.findByTestId('policies-table');
    expect(screen.getAllByTestId('changed-by').map((td) => td.textContent)).toEqual(expected);
    // A withdrawn policy is not live.
    const withdrawn = document.querySelector('tr[data-key="round-robin-old"]')!;
    expect(withdrawn.querySelectorAll('td')[2]!.textContent).toBe(lang === 'en' ? 'not live' : '未上线');
    // One request for the whole list: no change log per policy.
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});

describe('first run: start with demo data', () => {
  it('when another click is already loading the demo, says so and shows its policies once they are in', async () => {
    setLanguage('en');
    let lists = 0;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (path: string, init?: RequestInit) => {
        if (path === '/v1/demo' && init?.method === 'POST') {
          return json(
            {
              type: 'https://sluice.dev/problems/demo-loading',
              title: 'The demo data is being loaded',
              detail: 'The demo data is being loaded for this tenant right now',
              detailZh: '正在为本租户载入演示数据',
            },
            409,
          );
        }
        // Empty at first; the other load's policies are in at the next look (the page looks every 2 s).
        lists++;
        return json({ policies: lists >= 2 ? POLICIES : [] });
      }),
    );
    page();
    fireEvent.click(await screen.findByTestId('load-demo'));
    expect((await screen.findByRole('alert')).textContent).toBe('The demo data is being loaded for this tenant right now');
    expect(screen.getByTestId('load-demo').textContent).toBe('Loading demo data…');
    expect(screen.queryByTestId('policies-table')).toBeNull();
    await screen.findByTestId('policies-table', undefined, { timeout: 5_000 });
    expect(screen.getAllByTestId('changed-by')).toHaveLength(4);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

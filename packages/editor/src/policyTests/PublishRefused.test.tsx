import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setSessionForTest } from '../app/session.js';
import { setTenantZone } from '../format/useFormat.js';
import { setLanguage } from '../i18n/index.js';
import { VersionsPanel } from '../policies/VersionsPanel.js';
import { noCoolingDoc } from './fixture.test-helper.js';

// Publishing from the Versions panel while a case fails: the server's 409 tests-failing names the
// cases; "publish anyway" needs a reason and sends it as override.reason; the log shows it.

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' } });
}

const REFUSAL = {
  type: 'https://sluice.dev/problems/tests-failing',
  title: '1 test case of the draft fails; fix the policy or the cases, or publish with override.reason',
  status: 409,
  detailZh: '草稿有 1 个测试用例未通过：请修改策略或用例，或填写 override.reason 说明原因后发布',
  failing: [
    {
      id: 'cooling-after-reclaim',
      name: { en: 'The rep who lost a returned lead sits out the 7 cooling days', zh: '线索被回收的销售在 7 天冷却期内不再接到该线索' },
      expectations: [{ path: 'when[0].expect.assignedTo', expected: 'ae-2', actual: 'ae-1' }],
    },
  ],
};

const OVERLAP = { key: 'round-robin', name: 'Round robin', version: 1, events: ['lead.created'], runsLast: 'round-robin' };
const OVERLAP_REFUSAL = {
  type: 'https://sluice.dev/problems/routing-overlap',
  title: 'Publishing would route each lead twice: …',
  status: 409,
  detailZh: '发布后每条线索会被分配两次：…',
  overlaps: [OVERLAP, { key: 'zz-tier', name: '分层分配', version: 4, events: ['lead.created', 'lead.returned_to_pool'], runsLast: 'huadong-capacity' }],
};

let published: unknown[];
let log: unknown[];
let refusal: Record<string, unknown>;

beforeEach(() => {
  setTenantZone('Asia/Shanghai');
  setSessionForTest({ user: { id: 'u1', email: 'admin', role: 'admin', mustChangePassword: false } });
  published = [];
  log = [];
  refusal = REFUSAL;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (path: string, init: RequestInit) => {
      if (path.endsWith('/versions')) return json({ versions: [] });
      if (path.endsWith('/log')) return json({ entries: log });
      if (path.startsWith('/v1/simulations')) return json({ items: [], nextCursor: null });
      if (path.endsWith('/draft')) return json({ compile: { ok: true, errors: [] } });
      if (path.endsWith('/publish')) {
        const body = JSON.parse(String(init.body));
        published.push(body);
        if (!body.override && !body.withdraw) return json(refusal, 409);
        if (!body.override) return json({ version: 1, withdrawn: body.withdraw.map((key: string) => ({ key, version: 1 })) }, 201);
        const override = { ...body.override, failing: refusal === REFUSAL ? ['cooling-after-reclaim'] : [], overlaps: refusal.overlaps ?? [] };
        log = [{ version: 1, action: 'publish', note: body.note, actor: 'user:u1', email: 'admin', at: '2026-03-02T02:00:00Z', override }];
        return json({ version: 1 });
      }
      return json({}, 404);
    }),
  );
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

async function publishRefused(policyKey = 'round-robin') {
  render(
    <MemoryRouter>
      <VersionsPanel policyKey={policyKey} doc={noCoolingDoc} onLoad={() => {}} />
    </MemoryRouter>,
  );
  fireEvent.change(screen.getByTestId('publish-note'), { target: { value: 'no cooling-off' } });
  fireEvent.click(screen.getByTestId('publish'));
  return screen.findByTestId('publish-refused');
}

describe('publish refused by failing test cases', () => {
  it('names the failing case and its first difference; publish anyway sends the reason, and the log shows it', async () => {
    setLanguage('en');
    const refused = await publishRefused();
    expect(refused.querySelector('[data-case="cooling-after-reclaim"]')!.textContent).toBe(
      'The rep who lost a returned lead sits out the 7 cooling days — when[0].expect.assignedTo: expected ae-2, got ae-1',
    );
    const anyway = screen.getByTestId('publish-anyway') as HTMLButtonElement;
    expect(anyway.disabled).toBe(true);
    fireEvent.change(screen.getByTestId('override-reason'), { target: { value: 'abc' } });
    expect(anyway.disabled).toBe(true);
    expect(screen.getByText('At least 5 characters.')).toBeTruthy();
    fireEvent.change(screen.getByTestId('override-reason'), { target: { value: '  the cooling rule moves to the reclaim policy  ' } });
    expect(anyway.disabled).toBe(false);
    fireEvent.click(anyway);
    await screen.findByText('Published as version 1; it is live now.');
    expect(published).toEqual([{ note: 'no cooling-off' }, { note: 'no cooling-off', override: { reason: 'the cooling rule moves to the reclaim policy' } }]);
    expect(screen.queryByTestId('publish-refused')).toBeNull();
    await waitFor(() =>
      expect(screen.getByTestId('override-1').textContent).toBe(' (published with failing test cases: the cooling rule moves to the reclaim policy)'),
    );
  });

  it('in Chinese', async () => {
    setLanguage('zh');
    const refused = await publishRefused();
    expect(refused.querySelector('[role="alert"]')!.textContent).toBe('发布被拒绝：以下测试用例失败。');
    expect(refused.querySelector('[data-case="cooling-after-reclaim"]')!.textContent).toBe(
      '线索被回收的销售在 7 天冷却期内不再接到该线索 — when[0].expect.assignedTo：预期 ae-2，实际 ae-1',
    );
    expect(screen.getByTestId('publish-anyway').textContent).toBe('仍然发布');
  });
});

// A routing policy whose trigger events meet another live routing policy's (409 routing-overlap):
// each new lead would be assigned twice, the later one in run order winning.
describe('publish refused by overlapping routing policies', () => {
  it('names each live routing policy, the shared events and which one wins; publish anyway sends the reason, and the log shows it', async () => {
    setLanguage('en');
    refusal = OVERLAP_REFUSAL;
    const refused = await publishRefused('huadong-capacity');
    expect(refused.querySelector('[data-testid="failing-cases"]')).toBeNull();
    expect(screen.getByTestId('overlap-refused').textContent).toBe(
      'Publishing was refused: each new lead would be routed twice. These live routing policies are triggered by the same events:',
    );
    expect(refused.querySelector('[data-overlap="round-robin"]')!.textContent).toBe(
      'round-robin (Round robin, v1) — also on lead created (lead.created); round-robin runs last, so its assignment stands.',
    );
    expect(refused.querySelector('[data-overlap="zz-tier"]')!.textContent).toBe(
      'zz-tier (分层分配, v4) — also on lead created (lead.created), lead returned to pool (lead.returned_to_pool); this policy runs last, so its assignment stands.',
    );
    expect(refused.textContent).toContain('Why publish while leads would be routed twice? (kept in the version log)');
    const anyway = screen.getByTestId('publish-anyway') as HTMLButtonElement;
    expect(anyway.disabled).toBe(true);
    fireEvent.change(screen.getByTestId('override-reason'), { target: { value: 'round-robin is withdrawn tomorrow' } });
    fireEvent.click(anyway);
    await screen.findByText('Published as version 1; it is live now.');
    expect(published).toEqual([{ note: 'no cooling-off' }, { note: 'no cooling-off', override: { reason: 'round-robin is withdrawn tomorrow' } }]);
    expect(screen.queryByTestId('publish-refused')).toBeNull();
    await waitFor(() =>
      expect(screen.getByTestId('override-1').textContent).toBe(' (published over overlapping routing policies: round-robin is withdrawn tomorrow)'),
    );
  });

  it('in Chinese', async () => {
    setLanguage('zh');
    refusal = OVERLAP_REFUSAL;
    const refused = await publishRefused('huadong-capacity');
    expect(screen.getByTestId('overlap-refused').textContent).toBe('发布被拒绝：每条新线索会被分配两次。以下已生效的分配策略由相同事件触发：');
    expect(refused.querySelector('[data-overlap="round-robin"]')!.textContent).toBe(
      'round-robin（Round robin，v1）— 同样监听新线索 (lead.created)；round-robin最后运行，以其分配为准。',
    );
    expect(refused.querySelector('[data-overlap="zz-tier"]')!.textContent).toBe(
      'zz-tier（分层分配，v4）— 同样监听新线索 (lead.created)、退回公海 (lead.returned_to_pool)；本策略最后运行，以其分配为准。',
    );
    expect(refused.textContent).toContain('为什么在线索会被重复分配时仍然发布？（记入版本日志）');
    expect(screen.getByTestId('publish-anyway').textContent).toBe('仍然发布');
  });

  it('a tests-failing refusal that also lists overlaps shows both, with one reason for both', async () => {
    setLanguage('en');
    refusal = { ...REFUSAL, overlaps: [OVERLAP] };
    const refused = await publishRefused('huadong-capacity');
    expect(refused.querySelector('[data-case="cooling-after-reclaim"]')?.textContent).toContain('when[0].expect.assignedTo');
    expect(refused.querySelector('[data-overlap="round-robin"]')?.textContent).toContain('round-robin (Round robin, v1)');
    expect(refused.textContent).toContain('Why publish with failing cases and overlapping routing? (kept in the version log)');
    // Withdrawing the others would not mend the failing case: not offered.
    expect(screen.queryByTestId('publish-replacing')).toBeNull();
  });

  it('offers to publish and withdraw the overlapping policies in one step: no reason needed, both keys sent', async () => {
    setLanguage('zh');
    refusal = OVERLAP_REFUSAL;
    await publishRefused('huadong-capacity');
    const replace = screen.getByTestId('publish-replacing');
    expect(replace.textContent).toBe('发布并下线 round-robin、zz-tier');
    fireEvent.click(replace);
    await screen.findByText('已发布为版本 1，现已生效。');
    expect(published).toEqual([{ note: 'no cooling-off' }, { note: 'no cooling-off', withdraw: ['round-robin', 'zz-tier'] }]);
    expect(screen.queryByTestId('publish-refused')).toBeNull();
    setLanguage('en');
  });
});

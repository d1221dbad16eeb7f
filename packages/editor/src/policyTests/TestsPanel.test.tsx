import type { PolicyDocument } from '@sluice/engine';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setTenantZone } from '../format/useFormat.js';
import { setLanguage } from '../i18n/index.js';
import { EditImpact } from './EditImpact.js';
import { noCoolingDoc, passingDoc, reportOf, withSdrDoc } from './fixture.test-helper.js';
import { TestsPanel } from './TestsPanel.js';
import { useTestRuns } from './useTestRuns.js';

// The Tests tab and the edit-impact line over a stubbed tests/run that answers what the server does
// (the engine's runner on the document sent). The policy is the round-robin example and its four cases.

interface Call {
  doc: PolicyDocument;
  signal: AbortSignal | undefined;
}
let calls: Call[];
/** Requests for these documents hang until aborted (to see a newer edit cancel them). */
let hang: Set<string>;

function answer(body: unknown): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
}

beforeEach(() => {
  setTenantZone('Asia/Shanghai');
  calls = [];
  hang = new Set();
  vi.stubGlobal(
    'fetch',
    vi.fn(async (path: string, init: RequestInit) => {
      if (path !== '/v1/policies/round-robin/tests/run' || init.method !== 'POST') return new Response('{}', { status: 404 });
      const doc = JSON.parse(String(init.body)).document as PolicyDocument;
      calls.push({ doc, signal: init.signal ?? undefined });
      if (hang.has(JSON.stringify(doc.nodes)))
        return new Promise<Response>((_, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
      return answer(reportOf(doc));
    }),
  );
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const onPath = vi.fn();

function Harness({ doc, saved, compiles = true }: { doc: PolicyDocument; saved: PolicyDocument; compiles?: boolean }) {
  const runs = useTestRuns('round-robin', doc, saved, compiles, 20);
  return (
    <MemoryRouter>
      <EditImpact runs={runs} doc={doc} saved={saved} />
      <TestsPanel doc={doc} runs={runs} onPath={onPath} />
    </MemoryRouter>
  );
}

const statuses = () =>
  [...document.querySelectorAll('[data-testid="tests-list"] li')].map((li) => [li.getAttribute('data-case'), li.getAttribute('data-status')]);

describe('Tests tab', () => {
  it('lists the cases with their results and counts; nothing is said about edits while nothing is edited', async () => {
    setLanguage('en');
    render(<Harness doc={passingDoc} saved={passingDoc} />);
    await screen.findByText('4 cases: 4 passed, 0 failed, 0 could not run');
    expect(statuses()).toEqual([
      ['full-rep-skipped', 'pass'],
      ['away-rep-skipped', 'pass'],
      ['nobody-left-escalates', 'pass'],
      ['cooling-after-reclaim', 'pass'],
    ]);
    expect(screen.getAllByText('pass')).toHaveLength(4);
    expect(screen.queryByTestId('edit-impact')).toBeNull();
    expect(calls).toHaveLength(1);
  });

  it('an edit that breaks a case: named before saving, failing in the list, expected vs actual when opened, its path on the canvas', async () => {
    setLanguage('en');
    const view = render(<Harness doc={passingDoc} saved={passingDoc} />);
    await screen.findByText('4 cases: 4 passed, 0 failed, 0 could not run');
    view.rerender(<Harness doc={noCoolingDoc} saved={passingDoc} />);
    const impact = await screen.findByTestId('impact-fail');
    expect(impact.textContent).toBe('This change makes 1 case fail: The rep who lost a returned lead sits out the 7 cooling days');
    expect(screen.queryByTestId('impact-pass')).toBeNull();
    expect(screen.getByText('4 cases: 3 passed, 1 failed, 0 could not run')).toBeTruthy();
    expect(statuses().find(([id]) => id === 'cooling-after-reclaim')).toEqual(['cooling-after-reclaim', 'fail']);

    fireEvent.click(screen.getByRole('button', { name: 'The rep who lost a returned lead sits out the 7 cooling days' }));
    const detail = screen.getByTestId('test-case');
    expect(detail.getAttribute('data-status')).toBe('fail');
    const row = detail.querySelector('tr[data-path="when[0].expect.assignedTo"]')!;
    expect([...row.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['assigned to', 'when[0].expect.assignedTo ', 'ae-2', 'ae-1', 'fail']);
    expect(within(detail).getByTestId('case-given').textContent).toBe('4 reps, 2 teams, 1 lead, 1 ownership record');

    fireEvent.click(within(detail).getByTestId('show-path-when[0]'));
    expect(onPath).toHaveBeenLastCalledWith({ nodes: ['start', 'rr'], edges: ['e1'] });
    fireEvent.click(within(detail).getByTestId('show-path-when[0]'));
    expect(onPath).toHaveBeenLastCalledWith(null);
  });

  it('says the same in Chinese: the expectation label from EXPECTATION_LABELS, the badge and the impact', async () => {
    setLanguage('zh');
    const view = render(<Harness doc={noCoolingDoc} saved={noCoolingDoc} />);
    await screen.findByText('4 个用例：3 个通过，1 个失败，0 个无法运行');
    view.rerender(<Harness doc={withSdrDoc} saved={noCoolingDoc} />);
    const fail = await screen.findByTestId('impact-fail');
    expect(fail.textContent).toBe(
      '此修改使 3 个用例失败：满额的销售被跳过，其余人轮流接收、休假中的销售被跳过，回来当天恢复接收、满额、休假、停用后无人可接：通知 AE 主管',
    );
    expect(screen.getByTestId('impact-pass').textContent).toBe('1 个通过：线索被回收的销售在 7 天冷却期内不再接到该线索');
    fireEvent.click(screen.getByRole('button', { name: '满额、休假、停用后无人可接：通知 AE 主管' }));
    const row = screen.getByTestId('test-case').querySelector('tr[data-path="when[0].expect.assignedTo"]')!;
    expect([...row.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['分配给', 'when[0].expect.assignedTo ', 'null', 'sdr-1', '失败']);
  });

  it('runs an edit once typing pauses, and a newer edit aborts the older request', async () => {
    setLanguage('en');
    const view = render(<Harness doc={passingDoc} saved={passingDoc} />);
    await screen.findByText('4 cases: 4 passed, 0 failed, 0 could not run');
    // Two edits inside the pause: only the second is sent.
    view.rerender(<Harness doc={withSdrDoc} saved={passingDoc} />);
    view.rerender(<Harness doc={noCoolingDoc} saved={passingDoc} />);
    await screen.findByTestId('impact-fail');
    expect(calls.map((c) => c.doc.nodes[1]!.data)).toEqual([
      { teams: ['ae'], coolingDays: 7 },
      { teams: ['ae'], coolingDays: 0 },
    ]);
    // An edit whose request is still out when the next one is sent: it is aborted, its answer never shown.
    hang.add(JSON.stringify(withSdrDoc.nodes));
    view.rerender(<Harness doc={withSdrDoc} saved={passingDoc} />);
    await waitFor(() => expect(calls).toHaveLength(3));
    expect(screen.getByTestId('edit-impact').getAttribute('data-impact')).toBe('checking');
    const edited = { ...noCoolingDoc };
    view.rerender(<Harness doc={edited} saved={passingDoc} />);
    await waitFor(() => expect(calls).toHaveLength(4));
    expect(calls[2]!.signal?.aborted).toBe(true);
    expect((await screen.findByTestId('impact-fail')).textContent).toBe(
      'This change makes 1 case fail: The rep who lost a returned lead sits out the 7 cooling days',
    );
  });

  it('sends nothing while the edit does not compile, and says why', async () => {
    setLanguage('en');
    const view = render(<Harness doc={passingDoc} saved={passingDoc} />);
    await screen.findByText('4 cases: 4 passed, 0 failed, 0 could not run');
    view.rerender(<Harness doc={noCoolingDoc} saved={passingDoc} compiles={false} />);
    expect(screen.getByTestId('edit-impact').textContent).toBe('The test cases cannot run until the policy compiles.');
    await act(() => new Promise((r) => setTimeout(r, 60)));
    expect(calls).toHaveLength(1);
  });
});

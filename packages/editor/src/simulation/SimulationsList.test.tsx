import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, useLocation } from 'react-router';
import { beforeEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../i18n/index.js';
import { jsonResponse, preparePageTests } from './pageTest.test-helper.js';
import SimulationsPage from './SimulationsPage.js';
import type { Dataset, SimulationItem, SimulationStatus } from './types.js';

// The list as the server pages, filters and deletes it (routes/simulations/listing.ts), played by a
// small in-memory server with pages of two so that paging shows with a handful of simulations.
const PAGE = 2;
const DATASETS: Dataset[] = [
  { id: 'ds-en', name: 'EN export', files: [], createdAt: '2026-03-01T01:00:00Z' },
  { id: 'ds-zh', name: 'ZH export', files: [], createdAt: '2026-03-01T02:00:00Z' },
];
const sim = (id: string, status: SimulationStatus, datasetId: string, hour: number): SimulationItem => ({
  id,
  datasetId,
  status,
  progress: { done: 1, total: 1 },
  candidates: [
    { label: `${id}-a`, policies: [{ key: 'rr', version: 'live' }] },
    { label: `${id}-b`, policies: [{ key: 'wrr', version: 'live' }] },
  ],
  createdAt: `2026-03-02T${String(hour).padStart(2, '0')}:00:00Z`,
});
const problem = (status: number, code: string, detail: string, detailZh: string) =>
  jsonResponse({ type: `https://sluice.dev/problems/${code}`, title: code, status, detail, detailZh }, status);
const CITED = 'The simulation is the evidence of "wrr" version 2: it is kept with the publication';
const CITED_ZH = '该模拟是 “wrr”版本 2 发布时所附的依据，需随发布记录保留';

let store: SimulationItem[];
let requests: string[];

beforeEach(() => {
  // Newest first, as the server lists them.
  store = [
    sim('s5', 'running', 'ds-en', 9),
    sim('s4', 'done', 'ds-en', 8),
    sim('s3', 'failed', 'ds-zh', 7),
    sim('s2', 'done', 'ds-zh', 6),
    sim('s1', 'cancelled', 'ds-en', 5),
  ];
  requests = [];
});

function Address() {
  const location = useLocation();
  return <output data-testid="address">{location.pathname + location.search}</output>;
}

const open = preparePageTests(
  async (path, init) => {
    const method = init.method ?? 'GET';
    requests.push(`${method} ${path}`);
    const url = new URL(path, 'http://editor.test');
    if (url.pathname === '/v1/datasets') return jsonResponse({ items: DATASETS });
    if (url.pathname === '/v1/policies') return jsonResponse({ policies: [] });
    if (url.pathname === '/v1/simulations' && method === 'GET') {
      const q = url.searchParams;
      const matching = store.filter((s) => (!q.get('status') || s.status === q.get('status')) && (!q.get('datasetId') || s.datasetId === q.get('datasetId')));
      const from = Number(q.get('cursor') ?? 0);
      return jsonResponse({ items: matching.slice(from, from + PAGE), nextCursor: from + PAGE < matching.length ? String(from + PAGE) : null });
    }
    const id = decodeURIComponent(url.pathname.split('/v1/simulations/')[1] ?? '');
    const found = store.find((s) => s.id === id);
    if (method === 'DELETE' && found) {
      if (found.status === 'running')
        return problem(409, 'simulation-not-ended', 'The simulation is running: cancel it first, then delete it', '该模拟正在运行：请先取消，再删除');
      if (id === 's2') return problem(409, 'simulation-cited', CITED, CITED_ZH);
      store = store.filter((s) => s !== found);
      return new Response(null, { status: 204 });
    }
    return problem(404, 'not-found', 'Not found', '未找到');
  },
  <Route
    path="/simulations"
    element={
      <>
        <SimulationsPage />
        <Address />
      </>
    }
  />,
);

const shown = () => [...document.querySelectorAll('tr[data-simulation]')].map((r) => r.getAttribute('data-simulation'));
const row = (id: string) => document.querySelector(`tr[data-simulation="${id}"]`) as HTMLElement;
const listed = () => requests.filter((r) => r.startsWith('GET /v1/simulations'));

describe('the list of simulations', () => {
  it('shows the first page and appends the older ones, a page at a time, while the server has more', async () => {
    open('/simulations', 'viewer');
    await waitFor(() => expect(shown()).toEqual(['s5', 's4']));
    expect(listed()).toEqual(['GET /v1/simulations']);
    // The dataset column names the dataset, not its id.
    expect(within(row('s4')).getByText('EN export')).toBeInstanceOf(HTMLElement);

    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(shown()).toEqual(['s5', 's4', 's3', 's2']));
    expect(listed()).toContain('GET /v1/simulations?cursor=2');
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(shown()).toEqual(['s5', 's4', 's3', 's2', 's1']));
    // The last page said there is no more: no button left to press.
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('asks the server for a status and a dataset, keeps them in the address, and pages within them', async () => {
    open('/simulations', 'viewer');
    await waitFor(() => expect(shown()).toEqual(['s5', 's4']));
    const status = screen.getByRole('combobox', { name: 'Filter by status' }) as HTMLSelectElement;
    expect([...status.options].map((o) => o.text)).toEqual(['All statuses', 'queued', 'running', 'done', 'failed', 'cancelled']);
    fireEvent.change(status, { target: { value: 'done' } });
    await waitFor(() => expect(shown()).toEqual(['s4', 's2']));
    expect(listed()).toContain('GET /v1/simulations?status=done');
    expect(screen.getByTestId('address').textContent).toBe('/simulations?status=done');

    const dataset = screen.getByRole('combobox', { name: 'Filter by dataset' }) as HTMLSelectElement;
    await waitFor(() => expect([...dataset.options].map((o) => o.value)).toEqual(['', 'ds-en', 'ds-zh']));
    fireEvent.change(dataset, { target: { value: 'ds-zh' } });
    await waitFor(() => expect(shown()).toEqual(['s2']));
    expect(listed()).toContain('GET /v1/simulations?status=done&datasetId=ds-zh');

    fireEvent.change(status, { target: { value: 'running' } });
    expect(await screen.findByText('No simulation matches these filters.')).toBeInstanceOf(HTMLElement);
    expect(shown()).toEqual([]);
  });

  it('opens with the filter the address names', async () => {
    open('/simulations?status=failed', 'viewer');
    await waitFor(() => expect(shown()).toEqual(['s3']));
    expect(listed()).toEqual(['GET /v1/simulations?status=failed']);
    expect((screen.getByRole('combobox', { name: 'Filter by status' }) as HTMLSelectElement).value).toBe('failed');
  });
});

describe('deleting a simulation', () => {
  it('a viewer has no delete', async () => {
    open('/simulations', 'viewer');
    await waitFor(() => expect(shown()).toEqual(['s5', 's4']));
    expect(screen.queryAllByRole('button', { name: 'Delete' })).toEqual([]);
    expect(screen.queryByRole('columnheader', { name: 'Actions' })).toBeNull();
  });

  it('is refused in the row for a running one, asked again in the row, and removes the row once the server deleted it', async () => {
    open('/simulations', 'editor');
    await waitFor(() => expect(shown()).toEqual(['s5', 's4']));
    const running = within(row('s5')).getByRole('button', { name: 'Delete' }) as HTMLButtonElement;
    expect(running.disabled).toBe(true);
    expect(running.title).toBe('It is still running: cancel it first (open it to cancel), then delete it.');

    // Asked first, in the row; "Keep it" (where the focus goes) changes nothing.
    fireEvent.click(within(row('s4')).getByRole('button', { name: 'Delete' }));
    const question = within(row('s4')).getByRole('group', { name: 'Delete this simulation and its report? This cannot be undone.' });
    expect(document.activeElement).toBe(within(question).getByRole('button', { name: 'Keep it' }));
    fireEvent.click(within(question).getByRole('button', { name: 'Keep it' }));
    expect(requests.some((r) => r.startsWith('DELETE'))).toBe(false);
    expect(document.activeElement).toBe(within(row('s4')).getByRole('button', { name: 'Delete' }));
    // Escape also keeps it.
    fireEvent.click(within(row('s4')).getByRole('button', { name: 'Delete' }));
    fireEvent.keyDown(within(row('s4')).getByRole('button', { name: 'Keep it' }), { key: 'Escape' });
    expect(within(row('s4')).queryByRole('group')).toBeNull();

    fireEvent.click(within(row('s4')).getByRole('button', { name: 'Delete' }));
    fireEvent.click(within(row('s4')).getByRole('button', { name: 'Yes, delete' }));
    // The list is read again: s4 gone, the next one moves up into the first page.
    await waitFor(() => expect(shown()).toEqual(['s5', 's3']));
    expect(requests).toContain('DELETE /v1/simulations/s4');
    expect(screen.getByTestId('sim-deleted').textContent).toMatch(/^Deleted the simulation started /);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows the server’s refusal in the user’s language, the row kept', async () => {
    setLanguage('zh');
    open('/simulations?status=done', 'editor');
    await waitFor(() => expect(shown()).toEqual(['s4', 's2']));
    fireEvent.click(within(row('s2')).getByRole('button', { name: '删除' }));
    fireEvent.click(within(row('s2')).getByRole('button', { name: '确认删除' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(`未删除：${CITED_ZH}`);
    expect(alert.getAttribute('data-delete-problem')).toBe('s2');
    expect(shown()).toEqual(['s4', 's2']);
    expect((within(row('s2')).getByRole('button', { name: '删除' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('shows a refusal in English too, and a running one the list still showed as ended', async () => {
    open('/simulations', 'editor');
    await waitFor(() => expect(shown()).toEqual(['s5', 's4']));
    // The server knows better than a list read a while ago.
    store = store.map((s) => (s.id === 's4' ? { ...s, status: 'running' } : s));
    fireEvent.click(within(row('s4')).getByRole('button', { name: 'Delete' }));
    fireEvent.click(within(row('s4')).getByRole('button', { name: 'Yes, delete' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Not deleted: The simulation is running: cancel it first, then delete it');
    expect(shown()).toEqual(['s5', 's4']);
  });
});

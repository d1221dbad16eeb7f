import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { Route, useLocation } from 'react-router';
import { beforeEach, describe, expect, it } from 'vitest';
import enMapping from '../../../../examples/exports/en-crm.mapping.json';
import { setLanguage } from '../i18n/index.js';
import preview from './fixtures/preview.json';
import fixture from './fixtures/report.json';
import { readDraft } from './newDraft.js';
import { jsonResponse, preparePageTests } from './pageTest.test-helper.js';
import SimulationPage from './SimulationPage.js';
import SimulationsPage from './SimulationsPage.js';
import type { Dataset, Mapping, SimulationItem, SimulationStatus } from './types.js';

// "Run again", "Change and run" and the new-simulation form remembering its choices, against a
// small in-memory server: the datasets with their saved mappings and header lines, the policies,
// the simulations, and every simulation started.
const EN_LEADS = [
  'Lead ID',
  'Company',
  'Created Date',
  'Owner',
  'Team',
  'Status',
  'Close Date',
  'Amount',
  'Source',
  'Industry',
  'Region',
  'Employees',
  'Grade',
  'Segment',
];
const EN_ACTIVITIES = ['Lead ID', 'Assigned To', 'Activity Date', 'Type'];
const en = enMapping as Mapping;
const typo: Mapping = { ...en, leads: { ...en.leads, columns: { ...en.leads.columns, owner: 'Owner Name' } } };
const DATASETS: Array<Dataset & { mapping: Mapping }> = [
  { id: 'ds-1', name: 'Q3 leads', files: [], createdAt: '2026-03-01T01:00:00Z', mapping: en },
  { id: 'ds-2', name: 'Q4 leads', files: [], createdAt: '2026-03-01T02:00:00Z', mapping: en },
  { id: 'ds-typo', name: 'Re-uploaded', files: [], createdAt: '2026-03-01T03:00:00Z', mapping: typo },
];
const POLICIES = [
  { key: 'rr-all', name: 'Round robin', kind: 'routing', liveVersion: 2, latestVersion: 2 },
  { key: 'wrr-all', name: 'Weighted', kind: 'routing', liveVersion: null, latestVersion: null },
  { key: 's16-reclaim-rules', name: 'Reclaim', kind: 'reclaim', liveVersion: 3, latestVersion: 3 },
];
const CANDIDATES = [
  { label: 'rr', policies: [{ key: 'rr-all', version: 'live' as const, resolved: 2 }] },
  {
    label: 'set2',
    policies: [
      { key: 'wrr-all', version: 'draft' as const, resolved: 'draft' as const },
      { key: 's16-reclaim-rules', version: 3, resolved: 3 },
    ],
  },
];
/** The same candidates as a start asks for them (what the run resolved is not sent). */
const ASKED = [
  { label: 'rr', policies: [{ key: 'rr-all', version: 'live' }] },
  {
    label: 'set2',
    policies: [
      { key: 'wrr-all', version: 'draft' },
      { key: 's16-reclaim-rules', version: 3 },
    ],
  },
];
const sim = (id: string, status: SimulationStatus, datasetId = 'ds-1'): SimulationItem => ({
  id,
  datasetId,
  status,
  seed: 7,
  progress: { done: 240, total: 240 },
  candidates: CANDIDATES,
  createdAt: '2026-03-02T01:00:00Z',
  ...(status === 'done' ? { report: fixture as never, finishedAt: '2026-03-02T01:05:00Z' } : {}),
});

let store: SimulationItem[];
let started: unknown[];
let columnRequests: Array<{ id: string; body: unknown }>;
let savedMappings: Mapping[];

beforeEach(() => {
  store = [
    sim('sim-done', 'done'),
    sim('sim-failed', 'failed'),
    sim('sim-cancelled', 'cancelled'),
    sim('sim-run', 'running'),
    sim('sim-old', 'done', 'ds-gone'),
  ];
  started = [];
  columnRequests = [];
  savedMappings = [];
  sessionStorage.clear();
});

function Address() {
  const location = useLocation();
  return <output data-testid="address">{location.pathname + location.search}</output>;
}

const open = preparePageTests(
  async (path, init) => {
    const method = init.method ?? 'GET';
    const url = new URL(path, 'http://editor.test');
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    if (url.pathname === '/v1/datasets') return jsonResponse({ items: DATASETS.map(({ mapping: _, ...d }) => ({ ...d, hasMapping: true })) });
    const dataset = /^\/v1\/datasets\/([^/]+)(\/.*)?$/.exec(url.pathname);
    if (dataset) {
      const found = DATASETS.find((d) => d.id === dataset[1]);
      if (!found) return jsonResponse({ type: 'https://sluice.dev/problems/not-found', status: 404, detail: 'no such dataset' }, 404);
      if (!dataset[2]) return jsonResponse(found);
      if (dataset[2] === '/columns') {
        columnRequests.push({ id: found.id, body });
        return jsonResponse({
          files: [
            { file: 'leads', columns: EN_LEADS },
            { file: 'activities', columns: EN_ACTIVITIES },
          ],
        });
      }
      if (dataset[2] === '/preview') return jsonResponse(preview);
      if (dataset[2] === '/mapping' && method === 'PUT') {
        savedMappings.push(body.mapping);
        return jsonResponse({ ...found, mapping: body.mapping });
      }
    }
    if (url.pathname === '/v1/policies') return jsonResponse({ policies: POLICIES });
    if (url.pathname === '/v1/simulations' && method === 'POST') {
      started.push(body);
      const made = { ...sim(`sim-new-${started.length}`, 'queued'), candidates: body.candidates, seed: body.seed };
      store = [made, ...store];
      return jsonResponse(made, 202);
    }
    if (url.pathname === '/v1/simulations') return jsonResponse({ items: store, nextCursor: null });
    const found = store.find((s) => s.id === decodeURIComponent(url.pathname.split('/v1/simulations/')[1] ?? ''));
    if (found) return jsonResponse(found);
    return jsonResponse({ type: 'https://sluice.dev/problems/not-found', status: 404, detail: 'Not found' }, 404);
  },
  <>
    <Route
      path="/simulations"
      element={
        <>
          <SimulationsPage />
          <Address />
        </>
      }
    />
    <Route
      path="/simulations/:id"
      element={
        <>
          <SimulationPage />
          <Address />
        </>
      }
    />
  </>,
);

/** A chain of requests (read, then check, then start): given time on a busy machine. */
const SLOW = { timeout: 5_000 };
const address = () => screen.getByTestId('address').textContent;
const existing = () => screen.getByTestId('existing-dataset') as HTMLSelectElement;
const versionOf = (label: string, key: string) => (screen.getByLabelText(`${label} · Include ${key}`) as HTMLSelectElement).value;
const runButton = () => screen.getByRole('button', { name: 'Run' }) as HTMLButtonElement;

describe('an ended simulation runs again', () => {
  it('with the same dataset, candidates as asked and seed, and opens the new one', async () => {
    open('/simulations/sim-done', 'editor');
    const again = (await screen.findByRole('button', { name: 'Run again' })) as HTMLButtonElement;
    expect((await screen.findByTestId('sim-dataset')).textContent).toMatch(/^Dataset: Q3 leads/);
    await waitFor(() => expect(again.disabled).toBe(false), SLOW);
    expect(screen.getByText(/^Run again: the same dataset \(with its saved mapping\), candidates and seed 7;/)).toBeInstanceOf(HTMLElement);
    fireEvent.click(again);
    await waitFor(() => expect(address()).toBe('/simulations/sim-new-1'), SLOW);
    expect(started).toEqual([{ datasetId: 'ds-1', seed: 7, candidates: ASKED }]);
    expect((await screen.findByTestId('sim-status')).textContent).toBe('queued');
  });

  it.each(['sim-failed', 'sim-cancelled'])('a %s one too; a running one and a viewer have neither', async (id) => {
    open(`/simulations/${id}`, 'editor');
    expect(await screen.findByRole('button', { name: 'Run again' })).toBeInstanceOf(HTMLElement);
    expect(screen.getByRole('link', { name: 'Change and run' }).getAttribute('href')).toBe(`/simulations?from=${id}`);
    cleanup();
    open('/simulations/sim-run', 'editor');
    await screen.findByTestId('sim-progress');
    expect(screen.queryByRole('button', { name: 'Run again' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Change and run' })).toBeNull();
    cleanup();
    open(`/simulations/${id}`, 'viewer');
    await screen.findByTestId('sim-status');
    expect(screen.queryByRole('button', { name: 'Run again' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Change and run' })).toBeNull();
  });

  it('says it in Chinese', async () => {
    setLanguage('zh');
    open('/simulations/sim-done', 'editor');
    expect(await screen.findByRole('button', { name: '再次运行' })).toBeInstanceOf(HTMLElement);
    expect(screen.getByRole('link', { name: '修改后运行' })).toBeInstanceOf(HTMLElement);
    await waitFor(() => expect(screen.getByTestId('sim-dataset').textContent).toMatch(/^数据集：Q3 leads · 用此数据集新建模拟$/), SLOW);
    expect(screen.getByText(/^再次运行：使用相同的数据集（及其已保存的映射）、候选方案和随机种子 7；/)).toBeInstanceOf(HTMLElement);
  });

  it('not when its dataset was deleted: the page says so and offers Change and run', async () => {
    open('/simulations/sim-old', 'editor');
    const again = (await screen.findByRole('button', { name: 'Run again' })) as HTMLButtonElement;
    await waitFor(() => expect(again.disabled).toBe(true), SLOW);
    expect(screen.getByText(/^Its dataset was deleted, so it cannot run again as it was/)).toBeInstanceOf(HTMLElement);
    fireEvent.click(screen.getByRole('link', { name: 'Change and run' }));
    expect((await screen.findByTestId('dataset-gone')).textContent).toBe(
      'The dataset ds-gone is no longer here (it was deleted): upload the export again, or pick another dataset.',
    );
    // The candidates are kept all the same.
    await waitFor(() => expect(versionOf('set2', 's16-reclaim-rules')).toBe('3'), SLOW);
  });
});

describe('Change and run', () => {
  it('opens the new-simulation form filled in with the simulation’s dataset, candidates and seed', async () => {
    open('/simulations/sim-done', 'editor');
    fireEvent.click(await screen.findByRole('link', { name: 'Change and run' }));
    // The address is used once: a reload finds the remembered choices instead.
    await waitFor(() => expect(address()).toBe('/simulations'), SLOW);
    await waitFor(() => expect(existing().value).toBe('ds-1'), SLOW);
    await waitFor(() => expect(versionOf('rr', 'rr-all')).toBe('live'), SLOW);
    expect(versionOf('set2', 'wrr-all')).toBe('draft');
    expect(versionOf('set2', 's16-reclaim-rules')).toBe('3');
    expect(versionOf('rr', 'wrr-all')).toBe('');
    expect((screen.getByRole('textbox', { name: 'Seed (same seed, same report)' }) as HTMLInputElement).value).toBe('7');
    // The dataset's saved mapping is read and checked against its files: ready to run as it is, or changed first.
    await waitFor(() => expect(runButton().disabled).toBe(false), SLOW);
    fireEvent.change(screen.getByLabelText('rr · Include rr-all'), { target: { value: '1' } });
    fireEvent.click(runButton());
    await waitFor(() => expect(address()).toBe('/simulations/sim-new-1'), SLOW);
    expect(started).toEqual([{ datasetId: 'ds-1', seed: 7, candidates: [{ label: 'rr', policies: [{ key: 'rr-all', version: 1 }] }, ASKED[1]] }]);
  });
});

describe('the new-simulation form remembers', () => {
  it('its dataset and candidates after leaving the page, and forgets them once run', async () => {
    open('/simulations', 'editor');
    await waitFor(() => expect(existing().options.length).toBe(4), SLOW);
    fireEvent.change(existing(), { target: { value: 'ds-2' } });
    fireEvent.change(await screen.findByLabelText('Candidate 1 · Include rr-all'), { target: { value: 'live' } });
    fireEvent.change(screen.getByLabelText('Candidate 2 · Include wrr-all'), { target: { value: 'draft' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Seed (same seed, same report)' }), { target: { value: '11' } });
    cleanup();

    // Away and back (a fresh page, the same tab): everything as it was left.
    open('/simulations', 'editor');
    await waitFor(() => expect(existing().value).toBe('ds-2'), SLOW);
    await waitFor(() => expect(versionOf('Candidate 1', 'rr-all')).toBe('live'), SLOW);
    expect(versionOf('Candidate 2', 'wrr-all')).toBe('draft');
    expect((screen.getByRole('textbox', { name: 'Seed (same seed, same report)' }) as HTMLInputElement).value).toBe('11');
    await waitFor(() => expect(runButton().disabled).toBe(false), SLOW);
    fireEvent.click(runButton());
    await waitFor(() => expect(address()).toBe('/simulations/sim-new-1'), SLOW);
    expect(started).toEqual([
      {
        datasetId: 'ds-2',
        seed: 11,
        candidates: [
          { label: 'Candidate 1', policies: [{ key: 'rr-all', version: 'live' }] },
          { label: 'Candidate 2', policies: [{ key: 'wrr-all', version: 'draft' }] },
        ],
      },
    ]);
    // Run: no longer unfinished.
    expect(readDraft('u1')).toBeNull();
  });

  it('starts from the dataset the address names (from a simulation’s dataset, or a list filtered by one)', async () => {
    open('/simulations/sim-done', 'editor');
    fireEvent.click(await screen.findByRole('link', { name: 'New simulation with this dataset' }));
    await waitFor(() => expect(existing().value).toBe('ds-1'), SLOW);
    expect(address()).toBe('/simulations');
    expect(readDraft('u1')?.datasetId).toBe('ds-1');
    cleanup();
    sessionStorage.clear();
    open('/simulations?dataset=ds-2', 'editor');
    await waitFor(() => expect(existing().value).toBe('ds-2'), SLOW);
  });
});

describe('a mapping naming a column its file lacks', () => {
  it('is marked at the field and keeps the run off, until it is fixed and saved', async () => {
    open('/simulations?useDataset=ds-typo', 'editor');
    // Free text until the file's columns are read, then a choice among them.
    await waitFor(() => expect(screen.getByLabelText('Owner rep').tagName).toBe('SELECT'), SLOW);
    const owner = screen.getByLabelText('Owner rep');
    // The header line is read as the mapping says its files read.
    expect(columnRequests.at(-1)).toEqual({
      id: 'ds-typo',
      body: { files: { leads: { encoding: 'auto', delimiter: 'auto' }, activities: { encoding: 'auto', delimiter: 'auto' } } },
    });
    await waitFor(() => expect(owner.getAttribute('aria-invalid')).toBe('true'), SLOW);
    expect(document.querySelector('[data-column-problem="column.owner"]')?.textContent).toMatch(
      /^No column named “Owner Name” in the leads file; its columns are: Lead ID, Company,/,
    );
    fireEvent.change(screen.getByLabelText('Candidate 1 · Include rr-all'), { target: { value: 'live' } });
    fireEvent.change(screen.getByLabelText('Candidate 2 · Include wrr-all'), { target: { value: 'draft' } });
    // Saved, but not runnable: the run would fail on the missing column.
    expect(runButton().disabled).toBe(true);
    const save = screen.getByRole('button', { name: 'Save mapping and preview' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);

    fireEvent.change(owner, { target: { value: 'Owner' } });
    expect(owner.getAttribute('aria-invalid')).toBeNull();
    expect(runButton().disabled).toBe(true);
    expect(save.disabled).toBe(false);
    fireEvent.click(save);
    await waitFor(() => expect(runButton().disabled).toBe(false), SLOW);
    expect(savedMappings.map((m) => m.leads.columns.owner)).toEqual(['Owner']);
  });
});

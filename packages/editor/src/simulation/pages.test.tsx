import { act, cleanup, screen } from '@testing-library/react';
import { Route } from 'react-router';
import { describe, expect, it } from 'vitest';
import { FakeEventSource, jsonResponse, preparePageTests } from './pageTest.test-helper.js';
import fixture from './fixtures/report.json';
import SimulationPage from './SimulationPage.js';
import SimulationsPage from './SimulationsPage.js';
import type { SimulationItem } from './types.js';

const candidates = [
  { label: 'rr', policies: [{ key: 'rr-all', version: 'live' as const }] },
  {
    label: 'set2',
    policies: [
      { key: 'wrr-all', version: 'draft' as const },
      { key: 's16-reclaim-rules', version: 3 },
    ],
  },
];
const base = { datasetId: 'ds-1', candidates, createdAt: '2026-03-02T01:00:00Z' };
const done: SimulationItem = { ...base, id: 'sim-done', status: 'done', progress: { done: 240, total: 240 }, report: fixture as never };
const running: SimulationItem = { ...base, id: 'sim-run', status: 'running', progress: { done: 10, total: 240, phase: 'replay' } };

const open = preparePageTests(
  async (path) => {
    if (path === '/v1/simulations') return jsonResponse({ items: [done, running] });
    if (path === '/v1/simulations/sim-done') return jsonResponse(done);
    if (path === '/v1/simulations/sim-run') return jsonResponse(running);
    if (path === '/v1/policies') return jsonResponse({ policies: [] });
    return new Response('{}', { status: 404 });
  },
  <>
    <Route path="/simulations" element={<SimulationsPage />} />
    <Route path="/simulations/:id" element={<SimulationPage />} />
  </>,
);

describe('simulations page by role', () => {
  it('an editor can upload and run; the list shows every simulation', async () => {
    open('/simulations', 'editor');
    expect(await screen.findByRole('button', { name: 'Upload' })).toBeInstanceOf(HTMLElement);
    expect(screen.getByLabelText('Leads file (CSV or JSONL, required)')).toBeInstanceOf(HTMLElement);
    expect(screen.getByRole('button', { name: 'Run' })).toBeInstanceOf(HTMLElement);
    // The steps read 1, 2, 3 before anything is uploaded, each once; the mapping says what it waits for.
    const steps = [...document.querySelectorAll('h2, legend')].map((h) => h.textContent).filter((x) => /^\d\. /.test(x ?? ''));
    expect(steps).toEqual(['1. Data', '2. Mapping and preview', '3. Candidates']);
    expect(document.querySelector('[data-hint="mapping-later"]')?.textContent).toMatch(/^Upload a leads file \(or pick an uploaded dataset\) first/);
    expect(await screen.findAllByText('rr · set2')).toHaveLength(2);
    expect([...document.querySelectorAll('tr[data-simulation]')].map((r) => r.getAttribute('data-status'))).toEqual(['done', 'running']);
  });

  it('a viewer sees the list but no upload or run', async () => {
    open('/simulations', 'viewer');
    expect(await screen.findByText('Your role can read simulations; an editor uploads data and runs them.')).toBeInstanceOf(HTMLElement);
    await screen.findAllByText('done');
    expect(screen.queryByRole('button', { name: 'Upload' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Run' })).toBeNull();
  });
});

describe('one simulation', () => {
  it('links the standalone report and, for a publisher, attaches to each policy the candidates ran', async () => {
    open('/simulations/sim-done', 'publisher');
    const link = await screen.findByRole('link', { name: 'Open the standalone report' });
    // It opens in the page's language.
    expect(link.getAttribute('href')).toBe('/v1/simulations/sim-done/report.html?lang=en');
    const attach = [...document.querySelectorAll('[data-attach]')].map((a) => a.getAttribute('href'));
    expect(attach).toEqual(['/policies/rr-all?evidence=sim-done', '/policies/wrr-all?evidence=sim-done', '/policies/s16-reclaim-rules?evidence=sim-done']);
  });

  it('a viewer reads the results without the attach links', async () => {
    open('/simulations/sim-done', 'viewer');
    await screen.findByRole('table', { name: 'Overview' });
    expect(document.querySelectorAll('[data-attach]')).toHaveLength(0);
  });

  it('follows the progress from the event stream; an editor may cancel, a viewer not', async () => {
    open('/simulations/sim-run', 'editor');
    const bar = (await screen.findByTestId('sim-progress')) as HTMLProgressElement;
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeInstanceOf(HTMLElement);
    expect(FakeEventSource.last?.url).toBe('/v1/simulations/sim-run/events');
    act(() => FakeEventSource.last!.emit('progress', { done: 120, total: 240, phase: 'replay', label: 'set2' }));
    expect(bar.getAttribute('value')).toBe('120');
    expect(bar.getAttribute('max')).toBe('240');
    expect(screen.getByText(/replaying set2 120 of 240/)).toBeInstanceOf(HTMLElement);
    act(() => FakeEventSource.last!.emit('done', {}));
    expect(FakeEventSource.last!.closed).toBe(true);
    cleanup();
    open('/simulations/sim-run', 'viewer');
    await screen.findByTestId('sim-progress');
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
  });
});

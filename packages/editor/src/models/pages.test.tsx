import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Role, setSessionForTest } from '../app/session.js';
import { setTenantZone } from '../format/useFormat.js';
import { setLanguage } from '../i18n/index.js';
import model from './fixtures/model.json';
import report from './fixtures/report.json';
import ModelPage from './ModelPage.js';
import ModelsPage from './ModelsPage.js';
import TrainJobPage from './TrainJobPage.js';
import type { ModelSummary, ModelVersionInfo } from './types.js';

// The report fixture is hand-written in the shape of the evaluation report: 400 held-out leads,
// model AUC 0.812 against 0.701 for the points table; the points table has no probabilities, so
// its log loss and calibration error are absent.

const summaries: ModelSummary[] = [
  { key: 'marketing-win', name: { en: 'Marketing win', zh: '市场赢单' }, published: { version: 1 }, latest: { version: 2 } },
  { key: 'trial', published: null, latest: { version: 1 } },
];
const versions: ModelVersionInfo[] = [
  { version: 1, status: 'published', createdAt: '2026-08-01T02:00:00Z', createdBy: 'ops@example.com', offered: true, note: 'first' },
  { version: 2, status: 'draft', createdAt: '2026-09-01T08:00:00Z', createdBy: 'ops@example.com', offered: true },
];

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' } });

const REFUSAL = {
  type: 'https://sluice.dev/problems/model-not-offered',
  title: 'Model not offered',
  status: 409,
  detail: 'the evaluation did not offer version 2: it does not beat the points table; publish with override.reason',
  detailZh: '评估未推荐版本 2：没有优于积分表；如需发布请填写 override.reason',
};

class FakeEventSource {
  static last: FakeEventSource | null = null;
  listeners = new Map<string, Array<(e: Event) => void>>();
  closed = false;
  constructor(readonly url: string) {
    FakeEventSource.last = this;
  }
  addEventListener(type: string, fn: (e: Event) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  emit(type: string, data: unknown) {
    for (const fn of this.listeners.get(type) ?? []) fn(new MessageEvent(type, { data: JSON.stringify(data) }));
  }
  close() {
    this.closed = true;
  }
}

let calls: Array<{ method: string; path: string; body: unknown }>;
let listAnswer: () => Promise<Response>;
let offered: boolean;
let job: Record<string, unknown>;

beforeEach(() => {
  setTenantZone('Asia/Shanghai');
  setLanguage('en');
  calls = [];
  offered = true;
  listAnswer = async () => json({ items: summaries });
  job = { id: 'job-1', status: 'running', progress: { done: 1, total: 5, phase: 'features' } };
  vi.stubGlobal('EventSource', FakeEventSource);
  vi.stubGlobal(
    'fetch',
    vi.fn(async (path: string, init: RequestInit = {}) => {
      const method = init.method ?? 'GET';
      calls.push({ method, path, body: init.body ? JSON.parse(String(init.body)) : undefined });
      if (path === '/v1/models') return listAnswer();
      if (path === '/v1/models/marketing-win/versions') return json({ items: versions });
      if (/^\/v1\/models\/marketing-win\/versions\/\d$/.test(path)) {
        const v = Number(path.slice(-1));
        const r = structuredClone(report) as Record<string, unknown>;
        if (!offered) r.offered = { offered: false, reason: { en: 'The interval of the AUC difference includes zero.', zh: 'AUC 差值的区间包含零。' } };
        return json({ ...versions.find((x) => x.version === v), model: { ...model, version: v }, report: r });
      }
      if (path.endsWith('/publish')) {
        const body = JSON.parse(String(init.body)) as { override?: unknown };
        if (!offered && !body.override) return json(REFUSAL, 409);
        return json({ version: Number(path.split('/').at(-2)), status: 'published' });
      }
      if (path === '/v1/models/marketing-win/jobs/job-1') return json(job);
      if (path === '/v1/policies') return json({ policies: [] });
      if (path === '/v1/datasets') return json({ items: [] });
      return new Response('{}', { status: 404 });
    }),
  );
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function open(path: string, role: Role) {
  setSessionForTest({ user: { id: 'u1', email: 'u@example.com', role, mustChangePassword: false } });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path="/models" element={<ModelsPage />} />
          <Route path="/models/:key" element={<ModelPage />} />
          <Route path="/models/:key/jobs/:jobId" element={<TrainJobPage />} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

const cells = (row: HTMLElement) =>
  within(row)
    .getAllByRole('cell')
    .map((c) => c.textContent);

describe('models list', () => {
  it('says it is loading until the list arrives, then shows each model with its published version', async () => {
    let arrive: (r: Response) => void = () => {};
    listAnswer = () => new Promise((resolve) => (arrive = resolve));
    open('/models', 'editor');
    expect(screen.getByRole('status').textContent).toBe('Loading…');
    await act(async () => arrive(json({ items: summaries })));
    const row = await screen.findByRole('row', { name: /marketing-win/ });
    expect(cells(row)).toEqual(['Marketing win', 'v1', 'v2']);
    expect(cells(screen.getByRole('row', { name: /trial/ }))).toEqual(['', 'not published', 'v1']);
    // An editor trains from history: the simulation page's upload is there.
    expect(screen.getByRole('heading', { name: 'Train from history' })).toBeInstanceOf(HTMLElement);
    expect(screen.getByLabelText('Leads file (CSV or JSONL, required)')).toBeInstanceOf(HTMLElement);
    expect((screen.getByRole('button', { name: 'Train' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('a viewer reads the list in Chinese, without training', async () => {
    setLanguage('zh');
    open('/models', 'viewer');
    expect(await screen.findByRole('heading', { name: '智能评分模型' })).toBeInstanceOf(HTMLElement);
    expect(cells(await screen.findByRole('row', { name: /marketing-win/ }))).toEqual(['市场赢单', 'v1', 'v2']);
    expect(screen.getByTestId('models-viewer-note').textContent).toBe('您的角色可以查看模型；训练需要编辑者，发布需要发布者。');
    expect(screen.queryByRole('button', { name: '开始训练' })).toBeNull();
  });
});

describe('a model version: the evaluation', () => {
  it('shows the verdict, the metrics side by side with the winner marked, charts, and the features', async () => {
    open('/models/marketing-win?v=2', 'viewer');
    expect((await screen.findByTestId('verdict')).textContent).toBe(
      'Offered: the model beats your points table on the held-out leads.AUC on the newest 400 leads is 0.812 against 0.701 for the points table; the 95% interval of the difference is above zero.',
    );
    const metrics = screen.getByRole('table', { name: 'Model and points table side by side' });
    expect(cells(within(metrics).getByRole('row', { name: /^AUC/ }))).toEqual(['0.812', '0.701', 'smart score']);
    expect(cells(within(metrics).getByRole('row', { name: /^Log loss/ }))).toEqual(['0.412', '—', 'not comparable']);
    expect(cells(within(metrics).getByRole('row', { name: /^Calibration error/ }))).toEqual(['0.021', '—', 'not comparable']);
    expect(within(metrics).getByRole('row', { name: /^AUC/ }).querySelector('td.models-win')?.textContent).toBe('0.812');
    expect(screen.getByText('AUC difference (model − points): +0.111, 95% interval 0.062 – 0.158')).toBeInstanceOf(HTMLElement);
    expect(
      screen.getByText('Trained on 1,200 older leads (Jan 1, 2026 – Jun 30, 2026), tested on 400 newer ones (Jul 1, 2026 – Aug 31, 2026).'),
    ).toBeInstanceOf(HTMLElement);
    // Calibration: one dot per bin that has leads (8 of 10).
    expect(screen.getByRole('img', { name: /^Calibration of the smart score/ }).querySelectorAll('circle')).toHaveLength(8);
    expect(screen.getByRole('img', { name: 'Lift by decile, Smart score' }).querySelectorAll('rect')).toHaveLength(10);
    expect(screen.getByRole('img', { name: 'Lift by decile, Points table' }).querySelectorAll('rect')).toHaveLength(10);
    // Strongest first, from the model's weights: source spreads 1.5, country 1.2, visits 0.45 per SD.
    const used = screen.getByRole('table', { name: 'Features used (strongest first)' });
    expect(
      within(used)
        .getAllByRole('row')
        .slice(1)
        .map((r) => r.textContent),
    ).toEqual(['Source1.5', 'Country1.2', 'Total visits0.45']);
    const dropped = screen.getByRole('table', { name: 'Features dropped' });
    expect(cells(within(dropped).getByRole('row', { name: /Lead Quality/ }))).toEqual(['filled mostly for closed leads: it would leak the outcome']);
    expect(screen.getByRole('link', { name: 'Open the standalone report' }).getAttribute('href')).toBe(
      '/v1/models/marketing-win/versions/2/report.html?lang=en',
    );
    expect(screen.getByText(/Trained on 1,200 leads created Jan 1, 2026 – Jun 30, 2026, by ops@example.com at/)).toBeInstanceOf(HTMLElement);
    // A viewer cannot publish.
    expect(screen.queryByRole('button', { name: 'Publish' })).toBeNull();
  });

  it('says the same in Chinese and shows the published version when none is asked for', async () => {
    setLanguage('zh');
    open('/models/marketing-win', 'viewer');
    expect(await screen.findByRole('heading', { name: 'v1 在未参与训练的较新线索上的评估' })).toBeInstanceOf(HTMLElement);
    const metrics = screen.getByRole('table', { name: '模型与积分表对比' });
    expect(cells(within(metrics).getByRole('row', { name: /^AUC/ }))).toEqual(['0.812', '0.701', '智能评分']);
    expect(screen.getByTestId('verdict').textContent).toContain('推荐使用：在留出的线索上，模型优于现有积分表。');
    expect(cells(within(screen.getByRole('table', { name: '剔除的特征' })).getByRole('row', { name: /线索质量/ }))).toEqual([
      '主要在已关闭线索上填写：会泄露结果',
    ]);
    expect(screen.queryByText(/Offered/)).toBeNull();
  });
});

describe('publishing', () => {
  it('publishes an offered version with a note', async () => {
    open('/models/marketing-win?v=2', 'publisher');
    fireEvent.change(await screen.findByLabelText('Note (why this model)'), { target: { value: 'beats points by 0.11 AUC' } });
    fireEvent.click(screen.getByRole('button', { name: 'Publish' }));
    expect((await screen.findByTestId('published')).textContent).toBe('Version 2 is published: score.model nodes use it from the next decision.');
    expect(calls.filter((c) => c.method === 'POST')).toEqual([
      { method: 'POST', path: '/v1/models/marketing-win/versions/2/publish', body: { note: 'beats points by 0.11 AUC' } },
    ]);
  });

  it('a refused publish (not offered) asks for a reason and sends it as override.reason', async () => {
    offered = false;
    open('/models/marketing-win?v=2', 'publisher');
    expect((await screen.findByTestId('verdict')).textContent).toContain('Not offered: the model does not beat your points table on the held-out leads.');
    fireEvent.change(screen.getByLabelText('Note (why this model)'), { target: { value: 'try it on new leads' } });
    fireEvent.click(screen.getByRole('button', { name: 'Publish' }));
    const refused = await screen.findByTestId('publish-refused');
    expect(within(refused).getByRole('alert').textContent).toBe(
      'The server refused: this model does not beat the points table. Publish it anyway only with a reason the log will keep.',
    );
    expect(refused.textContent).toContain('the evaluation did not offer version 2');
    const anyway = within(refused).getByTestId('publish-anyway') as HTMLButtonElement;
    fireEvent.change(within(refused).getByTestId('override-reason'), { target: { value: 'ok' } });
    expect(anyway.disabled).toBe(true);
    fireEvent.change(within(refused).getByTestId('override-reason'), { target: { value: 'pilot for the SDR team' } });
    fireEvent.click(anyway);
    await screen.findByTestId('published');
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([
      { note: 'try it on new leads' },
      { note: 'try it on new leads', override: { reason: 'pilot for the SDR team' } },
    ]);
  });

  it('rolls back by publishing an older version, noted as a rollback', async () => {
    const withV3: ModelVersionInfo[] = [
      { ...versions[0]!, status: 'retired' },
      versions[1]!,
      { version: 3, status: 'published', createdAt: '2026-10-01T00:00:00Z', offered: true, note: 'third' },
    ];
    versions.splice(0, versions.length, ...withV3);
    try {
      open('/models/marketing-win', 'publisher');
      const table = await screen.findByRole('table', { name: 'Versions' });
      expect(within(table).queryByRole('button', { name: 'Roll back to v3' })).toBeNull();
      fireEvent.click(within(table).getByRole('button', { name: 'Roll back to v1' }));
      await screen.findByTestId('published');
      expect(calls.filter((c) => c.method === 'POST')).toEqual([
        { method: 'POST', path: '/v1/models/marketing-win/versions/1/publish', body: { note: 'Roll back to v1' } },
      ]);
    } finally {
      versions.splice(0, versions.length, { ...withV3[0]!, status: 'published' }, withV3[1]!);
    }
  });

  it('an editor (not a publisher) reads the evaluation without publishing', async () => {
    open('/models/marketing-win?v=2', 'editor');
    expect(await screen.findByText('Only a publisher can publish or roll back.')).toBeInstanceOf(HTMLElement);
    expect(screen.queryByRole('button', { name: /Roll back/ })).toBeNull();
  });
});

describe('a training job', () => {
  it('follows the progress from the event stream, then links the version it stored', async () => {
    open('/models/marketing-win/jobs/job-1', 'editor');
    const bar = (await screen.findByTestId('train-progress')) as HTMLProgressElement;
    await waitFor(() => expect(FakeEventSource.last?.url).toBe('/v1/models/marketing-win/jobs/job-1/events'));
    act(() => FakeEventSource.last!.emit('progress', { done: 3, total: 5, phase: 'fit' }));
    expect(bar.getAttribute('value')).toBe('3');
    expect(bar.getAttribute('max')).toBe('5');
    expect(screen.getByText(/fitting the model 3 of 5/)).toBeInstanceOf(HTMLElement);
    job = { id: 'job-1', status: 'done', progress: { done: 5, total: 5 }, version: 2 };
    act(() => FakeEventSource.last!.emit('done', {}));
    expect(FakeEventSource.last!.closed).toBe(true);
    const link = await screen.findByRole('link', { name: 'Read the evaluation' });
    expect(link.getAttribute('href')).toBe('/models/marketing-win?v=2');
    expect(screen.getByText(/Trained: version 2\./)).toBeInstanceOf(HTMLElement);
  });

  it('says why a training failed, in Chinese', async () => {
    setLanguage('zh');
    job = { id: 'job-1', status: 'failed', error: { en: 'no closed leads', zh: '没有已关闭的线索' } };
    open('/models/marketing-win/jobs/job-1', 'editor');
    expect((await screen.findByRole('alert')).textContent).toBe('训练失败：没有已关闭的线索');
  });
});

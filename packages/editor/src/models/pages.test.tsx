import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route } from 'react-router';
import { beforeEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../i18n/index.js';
import { FakeEventSource, jsonResponse as json, preparePageTests } from '../simulation/pageTest.test-helper.js';
import fixture from './fixtures/version.json';
import ModelPage from './ModelPage.js';
import ModelsPage from './ModelsPage.js';
import TrainJobPage from './TrainJobPage.js';
import type { ModelSummary, ModelVersionInfo } from './types.js';

// A real model and report: the simulator's trainer on examples/exports/marketing-leads.csv (+ its
// activities, 24 h known at scoring time) against examples/policies/marketing-points.json, seed 7.
// On the newest 1,250 leads the model's AUC is 0.890 against 0.751 for the points table; the points
// table has no probabilities, so its log loss and calibration error are absent.
const { model, report } = fixture as unknown as { model: Record<string, unknown>; report: Record<string, unknown> };

const summaries: ModelSummary[] = [
  { key: 'marketing-win', name: { en: 'Marketing win', zh: '市场赢单' }, publishedVersion: 1, latestVersion: 2 },
  { key: 'trial', name: null, publishedVersion: null, latestVersion: 1 },
];
const versions: ModelVersionInfo[] = [
  // v1 trained here by a person, published by another; v2 uploaded with an API key (no e-mail).
  {
    version: 1,
    status: 'published',
    createdAt: '2026-08-01T02:00:00Z',
    createdBy: 'user:u7',
    createdByEmail: 'ops@example.com',
    publishedAt: '2026-08-02T03:00:00Z',
    publishedBy: 'user:u9',
    publishedByEmail: 'lead@example.com',
    offered: true,
    note: 'first',
  },
  { version: 2, status: 'draft', createdAt: '2026-09-01T08:00:00Z', createdBy: 'key:ab12cd', createdByEmail: null, offered: true },
];

const REFUSAL = {
  type: 'https://sluice.dev/problems/model-not-offered',
  title: 'Model not offered',
  status: 409,
  detail: 'the evaluation did not offer version 2: it does not beat the points table; publish with override.reason',
  detailZh: '评估未推荐版本 2：没有优于积分表；如需发布请填写 override.reason',
};

let calls: Array<{ method: string; path: string; body: unknown }>;
let listAnswer: () => Promise<Response>;
let offered: boolean;
let job: Record<string, unknown>;

beforeEach(() => {
  calls = [];
  offered = true;
  listAnswer = async () => json({ items: summaries });
  job = { id: 'job-1', status: 'running', progress: { done: 1, total: 5, phase: 'features' } };
});

const open = preparePageTests(
  async (path, init) => {
    const method = init.method ?? 'GET';
    calls.push({ method, path, body: init.body ? JSON.parse(String(init.body)) : undefined });
    if (path === '/v1/models') return listAnswer();
    if (path === '/v1/models/marketing-win/versions') return json({ items: versions });
    if (/^\/v1\/models\/marketing-win\/versions\/\d$/.test(path)) {
      const v = Number(path.slice(-1));
      const r = structuredClone(report) as Record<string, unknown>;
      if (!offered) Object.assign(r, { offered: false, reason: { en: 'The interval of the AUC difference includes zero.', zh: 'AUC 差值的区间包含零。' } });
      // v1 was trained by this server: its artefact names the trainer by the server's id.
      const provenance = v === 1 ? { ...(model.provenance as object), trainedBy: 'user:u7' } : model.provenance;
      return json({ ...versions.find((x) => x.version === v), model: { ...model, version: v, provenance }, report: r });
    }
    if (path.endsWith('/publish')) {
      const body = JSON.parse(String(init.body)) as { override?: unknown };
      if (!offered && !body.override) return json(REFUSAL, 409);
      return json({ version: Number(path.split('/').at(-2)), status: 'published' });
    }
    if (path === '/v1/models/marketing-win/jobs/job-1') return json(job);
    if (path === '/v1/models/marketing-win/jobs/job-1/cancel') {
      job = { ...job, status: 'cancelled' };
      return json({ status: 'cancelled' });
    }
    if (path === '/v1/policies') return json({ policies: [] });
    if (path === '/v1/datasets') return json({ items: [] });
    return new Response('{}', { status: 404 });
  },
  <>
    <Route path="/models" element={<ModelsPage />} />
    <Route path="/models/:key" element={<ModelPage />} />
    <Route path="/models/:key/jobs/:jobId" element={<TrainJobPage />} />
  </>,
);

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
      'Offered: the model beats your points table on the held-out leads.' +
        'Offered: on the newest leads the model ranks won above lost better than the points table "marketing-points" (AUC 0.890 vs 0.751, difference +0.139, 95% interval +0.115 to +0.166, above zero).',
    );
    const metrics = screen.getByRole('table', { name: 'Model and points table side by side' });
    expect(cells(within(metrics).getByRole('row', { name: /^AUC/ }))).toEqual(['0.89', '0.751', 'smart score']);
    expect(cells(within(metrics).getByRole('row', { name: /^Log loss/ }))).toEqual(['0.409', '—', 'not comparable']);
    expect(cells(within(metrics).getByRole('row', { name: /^Calibration error/ }))).toEqual(['0.045', '—', 'not comparable']);
    expect(cells(within(metrics).getByRole('row', { name: /^Leads/ }))).toEqual(['1,250 (508)', '1,250 (508)', '']);
    expect(within(metrics).getByRole('row', { name: /^AUC/ }).querySelector('td.models-win')?.textContent).toBe('0.89');
    expect(screen.getByText('AUC difference (model − points): +0.139, 95% interval 0.115 – 0.166')).toBeInstanceOf(HTMLElement);
    // Periods in the tenant's zone (Asia/Shanghai): the first lead, created 2025-11-02 19:01 UTC, is 3 November there.
    expect(
      screen.getByText('Trained on 3,750 older leads (Nov 3, 2025 – Jul 9, 2026), tested on 1,250 newer ones (Jul 9, 2026 – Oct 1, 2026).'),
    ).toBeInstanceOf(HTMLElement);
    // Calibration: one dot per bin with leads (the report leaves empty bins out: 10 here).
    expect(screen.getByRole('img', { name: /^Calibration of the smart score/ }).querySelectorAll('circle')).toHaveLength(10);
    expect(screen.getByRole('img', { name: 'Lift by decile, Smart score' }).querySelectorAll('rect')).toHaveLength(10);
    expect(screen.getByRole('img', { name: 'Lift by decile, Points table' }).querySelectorAll('rect')).toHaveLength(10);
    // Strongest first, as the report ranks them; the export's own column names.
    const used = screen.getByRole('table', { name: 'Features used (strongest first)' });
    expect(
      within(used)
        .getAllByRole('row')
        .slice(1, 4)
        .map((r) => r.textContent),
    ).toEqual(['Lead Quality4.64', 'Last Notable Activity4.06', 'What is your current occupation2.66']);
    expect(within(used).getAllByRole('row')).toHaveLength(21);
    const dropped = screen.getByRole('table', { name: 'Features dropped' });
    expect(cells(within(dropped).getByRole('row', { name: /^Tags/ }))).toEqual([
      'value "Closed by Horizzon" names an outcome and 98.6% of its leads share one outcome: it is filled in after the result',
    ]);
    expect(screen.getByRole('link', { name: 'Open the standalone report' }).getAttribute('href')).toBe(
      '/v1/models/marketing-win/versions/2/report.html?lang=en',
    );
    expect(screen.getByText(/Trained on 3,750 leads created Nov 3, 2025 – Jul 9, 2026, by ops@example.com at/)).toBeInstanceOf(HTMLElement);
    // A viewer cannot publish.
    expect(screen.queryByRole('button', { name: 'Publish' })).toBeNull();
  });

  it('says the same in Chinese and shows the published version when none is asked for', async () => {
    setLanguage('zh');
    open('/models/marketing-win', 'viewer');
    expect(await screen.findByRole('heading', { name: 'v1 在未参与训练的较新线索上的评估' })).toBeInstanceOf(HTMLElement);
    const metrics = screen.getByRole('table', { name: '模型与积分表对比' });
    expect(cells(within(metrics).getByRole('row', { name: /^AUC/ }))).toEqual(['0.89', '0.751', '智能评分']);
    expect(screen.getByTestId('verdict').textContent).toContain('推荐使用：在留出的线索上，模型优于现有积分表。');
    expect(screen.getByTestId('verdict').textContent).toContain('AUC 0.890 对 0.751');
    expect(cells(within(screen.getByRole('table', { name: '剔除的特征' })).getByRole('row', { name: /^Lead Number/ }))).toEqual([
      '3750 条线索中有 3750 个不同取值：是编号或自由文本，而非类别',
    ]);
    expect(screen.queryByText(/Offered/)).toBeNull();
  });

  it('without a points table, compares with the base rate', async () => {
    const noPoints = structuredClone(report) as { comparedWith: unknown; metrics: { test: { points: unknown } } };
    noPoints.comparedWith = { kind: 'baseRate', rate: 0.355 };
    noPoints.metrics.test.points = null;
    Object.assign(report, noPoints);
    try {
      open('/models/marketing-win?v=2', 'viewer');
      const metrics = await screen.findByRole('table', { name: 'Model and points table side by side' });
      expect(
        within(metrics)
          .getAllByRole('columnheader')
          .map((h) => h.textContent),
      ).toEqual(['Metric', 'Smart score', 'Base rate (no model)', 'Better']);
      expect(cells(within(metrics).getByRole('row', { name: /^Log loss/ }))).toEqual(['0.409', '0.681', 'smart score']);
      expect(cells(within(metrics).getByRole('row', { name: /^AUC/ }))).toEqual(['0.89', '0.5', 'smart score']);
      expect(screen.getByText('No points table was given: the model is compared with the base rate only.')).toBeInstanceOf(HTMLElement);
      expect(screen.getByText(/^AUC above chance \(model − 0.5\)/)).toBeInstanceOf(HTMLElement);
    } finally {
      Object.assign(report, structuredClone((fixture as unknown as { report: Record<string, unknown> }).report));
    }
  });
});

describe('who trained and published', () => {
  it('names people by e-mail and an API key by its id, in the versions table and the provenance', async () => {
    open('/models/marketing-win?v=1', 'viewer');
    const table = await screen.findByRole('table', { name: 'Versions' });
    const [trained1, published1] = cells(within(table).getByRole('row', { name: /^v1/ })).slice(1, 3);
    expect(trained1).toMatch(/^Aug 1, 2026.* · ops@example\.com$/);
    expect(published1).toMatch(/^Aug 2, 2026.* · lead@example\.com$/);
    const [trained2, published2] = cells(within(table).getByRole('row', { name: /^v2/ })).slice(1, 3);
    expect(trained2).toMatch(/ · key:ab12cd$/);
    expect(published2).toBe('');
    expect(screen.queryByText(/user:u/)).toBeNull();
    expect((await screen.findByText(/^Trained on 3,750 leads created/)).textContent).toContain('by ops@example.com at');
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
      { version: 3, status: 'published', createdAt: '2026-10-01T00:00:00Z', createdBy: 'ops@example.com', offered: true, note: 'third' },
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

  it('an editor cancels a running training; a viewer has no Cancel', async () => {
    open('/models/marketing-win/jobs/job-1', 'editor');
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    expect((await screen.findByRole('status')).textContent).toBe('Training was cancelled.');
    expect(calls.filter((c) => c.method === 'POST')).toEqual([{ method: 'POST', path: '/v1/models/marketing-win/jobs/job-1/cancel', body: {} }]);
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
    expect(screen.queryByTestId('train-progress')).toBeNull();
    cleanup();
    job = { id: 'job-1', status: 'running', progress: { done: 1, total: 5, phase: 'features' } };
    FakeEventSource.last = null;
    open('/models/marketing-win/jobs/job-1', 'viewer');
    // Once the job has loaded as running (its event stream opened), still no Cancel for a viewer.
    await waitFor(() => expect(FakeEventSource.last?.url).toBe('/v1/models/marketing-win/jobs/job-1/events'));
    expect(screen.getByTestId('train-progress')).toBeInstanceOf(HTMLElement);
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
  });

  it('offers Cancel in Chinese', async () => {
    setLanguage('zh');
    open('/models/marketing-win/jobs/job-1', 'editor');
    fireEvent.click(await screen.findByRole('button', { name: '取消' }));
    expect((await screen.findByRole('status')).textContent).toBe('训练已取消。');
  });

  it('says why a training failed, in Chinese', async () => {
    setLanguage('zh');
    job = { id: 'job-1', status: 'failed', error: { en: 'no closed leads', zh: '没有已关闭的线索' } };
    open('/models/marketing-win/jobs/job-1', 'editor');
    expect((await screen.findByRole('alert')).textContent).toBe('训练失败：没有已关闭的线索');
  });
});

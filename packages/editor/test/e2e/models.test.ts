import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Product, seriousViolations, startProduct } from './harness.js';

// The smart score end to end (issue #15): the marketing lead export uploaded on the Models page,
// mapped with its mapping file, trained against the tenant's published points table in the
// server's background worker; the evaluation read (the model beats the points table), the model
// published; a score.model node added to a policy on the canvas with the inspector's model picker;
// a decision's explanation names the features that pushed the lead's smart score.
const example = (path: string) => fileURLToPath(new URL(`../../../../examples/${path}`, import.meta.url));
const POINTS = JSON.parse(readFileSync(example('policies/marketing-points.json'), 'utf8')) as { key: string };
const SMART = 'e2e-smart-score';

let product: Product;
let page: Page;

beforeAll(async () => {
  product = await startProduct({ locale: 'en-US' });
  page = product.page;
  page.setDefaultTimeout(20_000);
  await product.signInAsAdmin();
  const draft = await product.api('PUT', `/v1/policies/${POINTS.key}/draft`, POINTS);
  expect(draft.json?.compile?.ok, draft.text).toBe(true);
  const published = await product.api('POST', `/v1/policies/${POINTS.key}/publish`, { note: 'the points table marketing wrote by hand' });
  expect(published.status, published.text).toBe(201);
  const blank = { key: SMART, kind: 'scoring', name: 'Smart score from the canvas', description: '', nodes: [], edges: [] };
  expect((await product.api('PUT', `/v1/policies/${SMART}/draft`, blank)).status).toBeLessThan(300);
}, 420_000);

afterAll(async () => {
  await product?.close();
});

describe('smart score models', { timeout: 600_000 }, () => {
  it('trains from an uploaded export, reads that it beats the points table, and publishes it', async () => {
    await page.goto(`${product.baseUrl}/models`);
    await page.getByRole('heading', { level: 1, name: 'Smart score models' }).waitFor();
    await page.getByText('No model yet: train one from history below.').waitFor();
    await page.locator('input[name="file-leads"]').setInputFiles(example('exports/marketing-leads.csv'));
    await page.locator('input[name="file-activities"]').setInputFiles(example('exports/marketing-activities.csv'));
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.locator('form[data-form="mapping"]').waitFor({ timeout: 60_000 });
    await page.locator('input[name="mapping-file"]').setInputFiles(example('exports/marketing.mapping.json'));
    await page.locator('table[data-table="summary"] tr[data-file="leads"]').waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Save mapping and preview' }).click();
    const train = page.getByRole('button', { name: 'Train' });
    await expect.poll(() => page.locator('form[data-form="train"] fieldset').isDisabled(), { timeout: 60_000 }).toBe(false);
    await page.locator('input[name="modelKey"]').fill('marketing-win');
    await page.locator('select[name="pointsPolicy"]').selectOption(POINTS.key);
    await page.locator('input[name="horizonHours"]').fill('24');
    await page.locator('input[name="seed"]').fill('7');
    await expect.poll(() => train.isEnabled()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await train.click();

    await page.waitForURL('**/models/marketing-win/jobs/*');
    const open = page.getByRole('link', { name: 'Read the evaluation' });
    const failed = page.locator('[data-page="model-job"][data-status="failed"]');
    await open.or(failed).first().waitFor({ timeout: 420_000 });
    if (await failed.isVisible()) throw new Error(`training failed: ${await page.locator('[role="alert"]').textContent()}`);
    await open.click();
    await page.waitForURL('**/models/marketing-win?v=1');

    const verdict = page.getByTestId('verdict');
    await verdict.waitFor();
    expect(await verdict.getAttribute('data-offered')).toBe('true');
    expect(await verdict.textContent()).toContain('Offered: the model beats your points table on the held-out leads.');
    const auc = page.locator('table[data-table="metrics"] tr[data-metric="auc"]');
    expect(await auc.getAttribute('data-winner')).toBe('model');
    const [model, points] = (await auc.locator('td.num').allTextContents()).map(Number);
    expect(model).toBeGreaterThan(points!);
    expect(await page.locator('table[data-table="features-used"] tbody tr').count()).toBeGreaterThan(3);
    expect(await page.getByRole('img', { name: /^Calibration of the smart score/ }).count()).toBe(1);
    const html = await product.api('GET', '/v1/models/marketing-win/versions/1/report.html?lang=en');
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(await seriousViolations(page)).toEqual([]);
    await product.screenshot('models-evaluation-en');

    await page.getByLabel('Note (why this model)').fill('beats the points table on the newest leads');
    await page.getByRole('button', { name: 'Publish' }).click();
    expect(await page.getByTestId('published').textContent()).toBe('Version 1 is published: score.model nodes use it from the next decision.');
    await expect.poll(async () => (await product.api('GET', '/v1/models')).json?.items?.[0]?.publishedVersion).toBe(1);
    await expect.poll(() => page.locator('tr[data-version="1"]').getAttribute('data-status')).toBe('published');

    await page.evaluate(() => localStorage.setItem('sluice.language', 'zh'));
    await page.reload();
    await page.getByRole('heading', { level: 1, name: '模型 marketing-win' }).waitFor();
    expect(await page.locator('table[data-table="metrics"] caption').textContent()).toBe('模型与积分表对比');
    await product.screenshot('models-evaluation-zh');
    await page.evaluate(() => localStorage.setItem('sluice.language', 'en'));
  });

  it('adds a score.model node on the canvas and a decision explains the smart score by its top features', async () => {
    await page.goto(`${product.baseUrl}/policies/${SMART}`);
    await page.locator('.palette').waitFor({ timeout: 30_000 });
    await page.locator('.palette button[data-kind="trigger"]').click();
    await page.locator('.react-flow__node').first().waitFor();
    await page.locator('.palette button[data-kind="score.model"]').click();
    const inspector = page.locator('.inspector');
    await expect.poll(() => inspector.locator('h2').textContent()).toBe('Smart score');
    const picker = inspector.locator('#root_model');
    expect(await picker.locator('option').allTextContents()).toEqual(['(choose a model)', 'marketing-win — published v1']);
    await picker.selectOption('marketing-win');
    expect(await inspector.locator('[data-model-warning]').count()).toBe(0);
    expect(await inspector.locator('[data-model-link]').getAttribute('href')).toBe('/models/marketing-win');
    await page.locator('[data-testid="save-draft"]').click();
    await expect.poll(() => page.locator('[data-testid="save-status"]').textContent()).toBe('Draft saved.');
    const saved = await product.api('GET', `/v1/policies/${SMART}`);
    expect(saved.json.compile.ok, saved.text).toBe(true);
    expect(saved.json.draft.nodes.map((n: { type: string }) => n.type)).toEqual(['trigger', 'score.model']);
    expect((await product.api('POST', `/v1/policies/${SMART}/publish`, { note: 'smart score on every new lead' })).status).toBe(201);

    const res = await fetch(`${product.baseUrl}/v1/decide`, {
      method: 'POST',
      headers: { authorization: `Bearer ${product.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        id: 'evt-smart-1',
        type: 'lead.created',
        at: new Date().toISOString(),
        lead: { id: 'L-SMART-1', leadSource: 'Reference', leadOrigin: 'Lead Add Form', occupation: 'Working Professional', totalVisits: 4, timeOnSite: 950 },
      }),
    });
    const body = (await res.json()) as { decisions: Array<{ decisionId: string; policy: { key: string }; models?: Array<{ key: string; version: number }> }> };
    expect(res.status, JSON.stringify(body)).toBe(200);
    const mine = body.decisions.find((d) => d.policy.key === SMART);
    expect(mine?.models, JSON.stringify(body)).toEqual([{ key: 'marketing-win', version: 1 }]);

    await page.goto(`${product.baseUrl}/decisions/${mine!.decisionId}`);
    const note = page.locator('.explanation .note').filter({ hasText: 'smart score' });
    await note.waitFor({ timeout: 20_000 });
    const text = (await note.textContent()) ?? '';
    // "smart score 81.2 (model marketing-win v1): Lead Origin = Lead Add Form +14, …": the top three pushes, each signed.
    expect(text).toMatch(/^smart score \d+(\.\d)? \(model marketing-win v1\): /);
    const pushes = text.split('): ')[1]!.split(', ');
    expect(pushes).toHaveLength(3);
    for (const p of pushes) expect(p).toMatch(/^.+ = .+ [+−]\d+(\.\d)?$/);
    // The same pushes as a table: feature, this lead's value, signed points.
    const top = page.locator('table[data-table="smart-top"] tbody tr');
    expect(await top.count()).toBe(3);
    expect(await top.first().locator('td').nth(2).textContent()).toMatch(/^[+−]\d+(\.\d)?$/);
    await product.screenshot('models-decision-en');
  });
});

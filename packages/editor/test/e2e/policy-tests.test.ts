import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Product, startProduct } from './harness.js';

// Policy test cases in the editor (issue 14), on the real server: an edit that breaks a case is named
// before saving, the Tests tab shows it failing with expected vs actual, publishing is refused and
// names the case, "publish anyway" with a reason goes out and the version log keeps the reason; a case
// saved from Try it appears in the Tests tab and passes. The policy is the round-robin example (its
// four cases) under its own key, over the demo roster.

const s06 = JSON.parse(readFileSync(new URL('../../../../examples/policies/s06-round-robin.json', import.meta.url), 'utf8')) as object;
const KEY = 'rr-tested';
const COOLING = 'The rep who lost a returned lead sits out the 7 cooling days';
let product: Product;
let page: Page;

const tab = (name: string) => page.locator(`#tab-${name}`);
const caseRow = (id: string) => page.locator(`[data-testid="tests-list"] li[data-case="${id}"]`);
const statuses = () =>
  page.locator('[data-testid="tests-list"] li').evaluateAll((lis) => lis.map((li) => `${li.getAttribute('data-case')}:${li.getAttribute('data-status')}`));

beforeAll(async () => {
  product = await startProduct({ locale: 'en-US' });
  page = product.page;
  expect((await product.api('POST', '/v1/demo')).status).toBe(201);
  const put = await product.api('PUT', `/v1/policies/${KEY}/draft`, { ...s06, key: KEY });
  expect([put.status, put.json.tests.passed, put.json.tests.counts]).toEqual([201, true, { cases: 4, passed: 4, failed: 0, errors: 0 }]);
  // The demo's routing templates are live too: this copy overlaps them on new leads, acknowledged.
  const override = { reason: 'A copy beside the demo templates / 与演示模板并存的副本' };
  expect((await product.api('POST', `/v1/policies/${KEY}/publish`, { note: 'first', override })).status).toBe(201);
  await product.signInAsAdmin();
}, 240_000);

afterAll(async () => {
  await product?.close();
});

describe('policy test cases in the editor', () => {
  it('an edit that breaks a case: named before saving, failing in the Tests tab, publish refused, then published anyway with a reason', async () => {
    await page.goto(`${product.baseUrl}/policies/${KEY}`);
    await tab('tests').click();
    await expect.poll(statuses).toEqual(['full-rep-skipped:pass', 'away-rep-skipped:pass', 'nobody-left-escalates:pass', 'cooling-after-reclaim:pass']);
    expect(await page.locator('[data-testid="tests-counts"]').textContent()).toBe('4 cases: 4 passed, 0 failed, 0 could not run');

    // No cooling-off after a reclaim: typed in the inspector, not saved.
    await tab('canvas').click();
    await page.locator('.react-flow__node[data-id="rr"]').click();
    await page.locator('.inspector #root_cooling').fill('0');
    const impact = page.locator('[data-testid="impact-fail"]');
    await impact.waitFor({ timeout: 20_000 });
    expect(await impact.textContent()).toBe(`This change makes 1 case fail: ${COOLING}`);
    expect(await page.locator('[data-testid="save-draft"]').textContent()).toBe('Save draft •');
    await product.screenshot('policy-tests-impact-en');

    await tab('tests').click();
    await expect.poll(() => caseRow('cooling-after-reclaim').getAttribute('data-status')).toBe('fail');
    expect(await page.locator('[data-testid="tests-counts"]').textContent()).toBe('4 cases: 3 passed, 1 failed, 0 could not run');
    await caseRow('cooling-after-reclaim').getByRole('button', { name: COOLING }).click();
    const row = page.locator('[data-testid="expectations"] tr[data-path="when[0].expect.assignedTo"]');
    expect(await row.locator('td').allTextContents()).toEqual(['assigned to', 'when[0].expect.assignedTo ', 'ae-2', 'ae-1', 'fail']);
    await page.locator('[data-testid="show-path-when[0]"]').click();
    const lit = await page
      .locator('[data-testid="test-case"] .pnode.lit')
      .evaluateAll((els) => els.map((e) => e.closest('.react-flow__node')?.getAttribute('data-id')));
    expect(lit.sort()).toEqual(['rr', 'start']);
    await product.screenshot('policy-tests-case-en');

    // Publishing saves what is on the canvas, and the server refuses it: the case is named.
    await tab('versions').click();
    await page.locator('[data-testid="publish-note"]').fill('No cooling-off: the reclaim policy handles it');
    await page.locator('[data-testid="publish"]').click();
    const refused = page.locator('[data-testid="publish-refused"]');
    await refused.waitFor({ timeout: 20_000 });
    expect(await refused.locator('li[data-case]').allTextContents()).toEqual([`${COOLING} — when[0].expect.assignedTo: expected ae-2, got ae-1`]);
    expect((await product.api('GET', `/v1/policies/${KEY}`)).json.liveVersion).toBe(1);
    await product.screenshot('policy-tests-refused-en');

    expect(await page.locator('[data-testid="publish-anyway"]').isDisabled()).toBe(true);
    await page.locator('[data-testid="override-reason"]').fill('Cooling moves to the reclaim policy this week');
    await page.locator('[data-testid="publish-anyway"]').click();
    await page.getByText('Published as version 2; it is live now.').waitFor();
    const v2 = page.locator('[data-testid="history"] tbody tr[data-version="2"]');
    await v2.waitFor();
    expect(await v2.locator('[data-testid="override-2"]').textContent()).toBe(
      ' (published with failing test cases: Cooling moves to the reclaim policy this week)',
    );
    const log = await product.api('GET', `/v1/policies/${KEY}/log`);
    const entry = log.json.entries.find((e: { version: number }) => e.version === 2);
    expect([entry.note, entry.override.reason, entry.override.failing]).toEqual([
      'No cooling-off: the reclaim policy handles it',
      'Cooling moves to the reclaim policy this week',
      ['cooling-after-reclaim'],
    ]);
  }, 180_000);

  it('a dry run saved as a test case from Try it appears in the Tests tab and passes', async () => {
    await page.goto(`${product.baseUrl}/policies/${KEY}`);
    await tab('try').click();
    await page.locator('[data-testid="try-run"]').click();
    await page.locator('[data-testid="try-result"]').waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="save-as-case"]').click();
    await page.locator('[data-testid="case-name"]').fill('Sample lead from Try it');
    await page.locator('[data-testid="save-case-confirm"]').click();
    const saved = page.locator('[data-testid="case-saved"]');
    await saved.waitFor({ timeout: 20_000 });
    expect(await saved.textContent()).toBe(`Saved as test case “Sample lead from Try it” in the draft of ${KEY}. `);
    const draft = (await product.api('GET', `/v1/policies/${KEY}`)).json.draft;
    const added = draft.tests.at(-1);
    expect([draft.tests.length, added.name.en]).toEqual([5, 'Sample lead from Try it']);

    await tab('tests').click();
    await expect.poll(() => caseRow(added.id).getAttribute('data-status'), { timeout: 20_000 }).toBe('pass');
    expect(await caseRow(added.id).getByRole('button').textContent()).toBe('Sample lead from Try it');
    // Nothing unsaved: the editor's document gained the case the server added to the draft.
    expect(await page.locator('[data-testid="save-draft"]').textContent()).toBe('Save draft');
    await product.screenshot('policy-tests-saved-case-en');
  }, 120_000);

  it('a real decision saved as a test case from its page: the link opens the Tests tab, where the case passes', async () => {
    const list = await product.api('GET', '/v1/decisions?policyKey=round-robin&limit=100');
    const decision = list.json.decisions.find((d: { eventType: string; leadId: string | null }) => d.eventType === 'lead.created' && d.leadId);
    await page.goto(`${product.baseUrl}/decisions/${decision.decisionId}`);
    await page.locator('[data-testid="save-as-case"]').click();
    await page.locator('[data-testid="save-case-confirm"]').click();
    const saved = page.locator('[data-testid="case-saved"]');
    await saved.waitFor({ timeout: 20_000 });
    const added = (await product.api('GET', '/v1/policies/round-robin')).json.draft.tests.at(-1);
    expect(await saved.textContent()).toBe(`Saved as test case “${added.name.en}” in the draft of round-robin. Open the Tests tab`);
    await saved.getByRole('link').click();
    await page.waitForURL(/\/policies\/round-robin\?tab=tests$/);
    await expect.poll(() => caseRow(added.id).getAttribute('data-status'), { timeout: 20_000 }).toBe('pass');
  }, 120_000);

  it('speaks Chinese after a language switch', async () => {
    await page.evaluate(() => localStorage.setItem('sluice.language', 'zh'));
    await page.goto(`${product.baseUrl}/policies/${KEY}`);
    await tab('tests').click();
    expect(await tab('tests').textContent()).toBe('测试');
    await expect.poll(() => caseRow('cooling-after-reclaim').getAttribute('data-status')).toBe('fail');
    expect(await caseRow('cooling-after-reclaim').locator('.test-badge').textContent()).toBe('失败');
    await caseRow('cooling-after-reclaim').getByRole('button').click();
    const row = page.locator('[data-testid="expectations"] tr[data-path="when[0].expect.assignedTo"]');
    expect(await row.locator('td').allTextContents()).toEqual(['分配给', 'when[0].expect.assignedTo ', 'ae-2', 'ae-1', '失败']);
    await product.screenshot('policy-tests-case-zh');
    await page.evaluate(() => localStorage.setItem('sluice.language', 'en'));
  }, 60_000);
});

import { readFileSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Product, startProduct } from './harness.js';

// A real decision, end to end: a round-robin policy published through the API, a lead sent to
// POST /v1/decide with an API key, then found under Decisions, opened, and its path seen lit on
// the canvas of the version that decided.
const ROUND_ROBIN = JSON.parse(readFileSync(new URL('../../../../examples/policies/s06-round-robin.json', import.meta.url), 'utf8')) as { key: string };

let product: Product;
let page: Page;

async function seriousViolations(p: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page: p }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function useLanguage(p: Page, lang: 'zh' | 'en'): Promise<void> {
  await p.evaluate((l) => localStorage.setItem('sluice.language', l), lang);
  await p.reload();
}

beforeAll(async () => {
  product = await startProduct();
  page = product.page;
  page.setDefaultTimeout(15_000);
  await product.signInAsAdmin();
  const reps = await product.api('POST', '/v1/reps/bulk', {
    items: [
      { id: 'ae-1', name: '王芳', teams: ['ae'], cap: 20 },
      { id: 'ae-2', name: 'Li Lei', teams: ['ae'], cap: 20 },
    ],
  });
  expect(reps.status).toBe(200);
  expect((await product.api('PUT', '/v1/teams/ae', { name: 'AE team', managerId: 'mgr-1' })).status).toBe(201);
  const draft = await product.api('PUT', `/v1/policies/${ROUND_ROBIN.key}/draft`, ROUND_ROBIN);
  expect(draft.json?.compile?.ok, draft.text).toBe(true);
  const published = await product.api('POST', `/v1/policies/${ROUND_ROBIN.key}/publish`, { note: 'round robin for the AE team' });
  expect(published.status, published.text).toBe(201);
}, 240_000);

afterAll(async () => {
  await product?.close();
});

async function decideLead(leadId: string): Promise<string> {
  const res = await fetch(`${product.baseUrl}/v1/decide`, {
    method: 'POST',
    headers: { authorization: `Bearer ${product.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id: `evt-${leadId}`, type: 'lead.created', at: new Date().toISOString(), lead: { id: leadId, company: '杭州禾木科技' } }),
  });
  const body = (await res.json()) as { decisions: Array<{ decisionId: string; actions: Array<{ type: string; repId?: string }> }> };
  expect(res.status, JSON.stringify(body)).toBe(200);
  const d = body.decisions.find((x) => x.actions.some((a) => a.type === 'assign'));
  expect(d, JSON.stringify(body)).toBeTruthy();
  return d!.decisionId;
}

describe('decisions', { timeout: 90_000 }, () => {
  it('finds a decision sent with POST /v1/decide, opens it and sees its path lit on the version’s canvas', async () => {
    const id = await decideLead('L-E2E-1');
    await page.goto(`${product.baseUrl}/decisions?leadId=L-E2E-1`);
    const row = page.locator(`tr[data-decision="${id}"]`);
    await row.waitFor();
    // Round robin starts with the first rep by id.
    expect(await row.textContent()).toContain('王芳 (ae-1)');
    await row.getByRole('link', { name: /Open decision/ }).click();
    await page.waitForURL(`**/decisions/${id}`);
    await page.locator('.pnode.lit').first().waitFor({ timeout: 20_000 });
    const lit = await page.locator('.pnode.lit').evaluateAll((els) => els.map((e) => e.getAttribute('data-node-id')).sort());
    expect(lit).toEqual(['rr', 'start']);
    expect(await page.locator('.pnode.dim').evaluateAll((els) => els.map((e) => e.getAttribute('data-node-id')))).toEqual(['mgr']);
    expect(await page.getByRole('heading', { level: 2, name: `Path on policy ${ROUND_ROBIN.key} version 1` }).count()).toBe(1);
    const chosen = page.locator('.candidates tr[data-status="chosen"]');
    expect(await chosen.getAttribute('data-rep')).toBe('ae-1');
    expect(await page.locator('.candidates tr[data-rep="ae-2"] td').nth(1).textContent()).toBe('eligible, not chosen');
    expect(await seriousViolations(page)).toEqual([]);
    await product.screenshot('decision-explanation-en');

    await useLanguage(page, 'zh');
    await page.locator('.pnode.lit').first().waitFor({ timeout: 20_000 });
    expect(await page.getByRole('heading', { level: 2, name: `策略 ${ROUND_ROBIN.key} 第 1 版中的路径` }).count()).toBe(1);
    expect(await page.locator('h1').last().textContent()).toBe('线索 L-E2E-1 分配给 ae-1（roundRobin，节点 rr）');
    expect(await chosen.locator('td').nth(1).textContent()).toBe('选中');
    await product.screenshot('decision-explanation-zh');
    await useLanguage(page, 'en');
  });

  it('answers "why did this rep get or lose a lead?" in two clicks from the rep’s name', async () => {
    const second = await decideLead('L-E2E-2'); // round robin: to ae-2
    await page.goto(`${product.baseUrl}/roster`);
    // Click 1: the rep's name in the roster.
    await page.locator('table[data-entity="reps"] tr[data-id="ae-2"]').getByRole('link', { name: 'Li Lei' }).click();
    await page.waitForURL('**/decisions?repId=ae-2');
    await page.getByRole('heading', { level: 1, name: 'Decisions that concern Li Lei (ae-2)' }).waitFor();
    const rows = page.locator('tr[data-decision]');
    await rows.first().waitFor();
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-decision')))).toEqual([second]);
    // Click 2: the decision.
    await rows
      .first()
      .getByRole('link', { name: /Open decision/ })
      .click();
    await page.locator('.candidates tr[data-status="chosen"][data-rep="ae-2"]').waitFor();
    expect(await page.locator('.explanation-summary').textContent()).toBe('assigned lead L-E2E-2 to ae-2 (roundRobin, node rr)');
  });

  it('searches by policy and time, pages, and has no serious accessibility violation', async () => {
    for (let i = 3; i <= 5; i++) await decideLead(`L-E2E-${i}`);
    await page.goto(`${product.baseUrl}/decisions`);
    await page.locator('tr[data-decision]').first().waitFor();
    await page.getByLabel('Policy', { exact: true }).selectOption(ROUND_ROBIN.key);
    await page.getByRole('textbox', { name: 'Lead', exact: true }).fill('');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(`**/decisions?policyKey=${ROUND_ROBIN.key}`);
    await page.waitForFunction(() => document.querySelectorAll('tr[data-decision]').length === 5);
    // A window in the future finds nothing.
    await page.getByLabel('From', { exact: true }).fill('2099-01-01T00:00');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('No decision matches.').waitFor();
    expect(page.url()).toContain('from=2099-01-01T00%3A00%3A00.000Z');
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.waitForFunction(() => document.querySelectorAll('tr[data-decision]').length === 5);
    expect(await page.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
    // Two to a page: 2 + 2 + 1, newest first, and back again.
    await page.goto(`${product.baseUrl}/decisions?policyKey=${ROUND_ROBIN.key}&limit=2`);
    const leads = () => page.locator('tr[data-decision] td:nth-child(2)').allTextContents();
    await page.waitForFunction(() => document.querySelectorAll('tr[data-decision]').length === 2);
    expect(await leads()).toEqual(['L-E2E-5', 'L-E2E-4']);
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText('Page 2', { exact: true }).waitFor();
    await page.waitForFunction(() => document.querySelector('tr[data-decision] td:nth-child(2)')?.textContent === 'L-E2E-3');
    expect(await leads()).toEqual(['L-E2E-3', 'L-E2E-2']);
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.waitForFunction(() => document.querySelectorAll('tr[data-decision]').length === 1);
    expect(await leads()).toEqual(['L-E2E-1']);
    expect(await page.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await page.waitForFunction(() => document.querySelectorAll('tr[data-decision]').length === 2);
    expect(await leads()).toEqual(['L-E2E-3', 'L-E2E-2']);
    await page.goto(`${product.baseUrl}/decisions`);
    await page.locator('tr[data-decision]').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await product.screenshot('decisions-list-en');
  });
});

import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Product, startProduct } from './harness.js';

// The header of the policy editor while a long line of failing test cases shows: the app's header
// and the editor's header keep their height, the line sits below them and above the tabs, and
// nothing runs off the side — measured in Chromium, with and without the line. Then what that line
// leads to: each failing case says which team it expects that the roster does not have, and can
// be deleted from the Tests tab; and signing out with the edit unsaved asks first.

const s06 = JSON.parse(readFileSync(new URL('../../../../examples/policies/s06-round-robin.json', import.meta.url), 'utf8')) as {
  nodes: Array<{ id: string; data: unknown }>;
};
const KEY = 'rr-header';
let product: Product;
let page: Page;

type Box = { x: number; y: number; width: number; height: number };
const box = async (selector: string): Promise<Box> => {
  const b = await page.locator(selector).first().boundingBox();
  if (!b) throw new Error(`${selector} is not on screen`);
  return b;
};
const bottom = (b: Box) => b.y + b.height;
/** Everything the test compares: the app header, the editor header, the tabs, and whether the page is wider than the window. */
const measure = async () => ({
  shell: await box('.shell-header'),
  head: await box('.policy-page-head'),
  tabs: await box('.policy-tabs'),
  overflowX: await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
});

beforeAll(async () => {
  product = await startProduct({ locale: 'zh-CN' });
  page = product.page;
  // The tenant's own team (not the example's `ae`): the roster the cases are checked against.
  expect((await product.api('POST', '/v1/reps/bulk', { items: [{ id: 'east-1', teams: ['east'], cap: 20 }] })).status).toBe(200);
  const put = await product.api('PUT', `/v1/policies/${KEY}/draft`, { ...s06, key: KEY, name: '客户经理组轮流分配（华东）' });
  expect([put.status, put.json.tests.passed]).toEqual([201, true]);
  await product.signInAsAdmin();
  await page.evaluate(() => localStorage.setItem('sluice.language', 'zh'));
}, 240_000);

afterAll(async () => {
  await product?.close();
});

describe('the policy editor header with the failing-cases line', () => {
  it('keeps both headers at their height with the line below them, in a wide and a narrow window', async () => {
    await page.goto(`${product.baseUrl}/policies/${KEY}`);
    await page.locator('.react-flow__node[data-id="rr"]').waitFor();
    const before = await measure();
    expect(before.overflowX).toBeLessThanOrEqual(0);

    // The user's own team in the round robin: every case of the example expects `ae`, so all four fail.
    await page.locator('.react-flow__node[data-id="rr"]').click();
    await page.locator('.inspector #root_teams_0').fill('east');
    const line = page.locator('[data-testid="impact-fail"]');
    await line.waitFor({ timeout: 20_000 });
    expect(await line.textContent()).toMatch(/^此修改使 \d+ 个用例失败：满额的销售被跳过/);
    await product.screenshot('policy-header-failing-zh');

    const after = await measure();
    expect(after.shell).toEqual(before.shell);
    expect(after.head).toEqual(before.head);
    // The line is not in either header: it sits under the editor's header and pushes the tabs down by its own height.
    expect(await page.locator('.shell-header [data-testid="edit-impact"], .policy-page-head [data-testid="edit-impact"]').count()).toBe(0);
    const banner = await box('[data-testid="edit-impact"]');
    expect(banner.y).toBeGreaterThanOrEqual(bottom(after.head) - 0.5);
    expect(after.tabs.y).toBeGreaterThanOrEqual(bottom(banner) - 0.5);
    expect(banner.height).toBeGreaterThan(10);
    expect(after.overflowX).toBeLessThanOrEqual(0);
    // The editor's header still shows its name, error count and save button on one line.
    for (const part of ['h1', '[data-testid="error-count"]', '[data-testid="save-draft"]']) {
      const b = await box(`.policy-page-head ${part}`);
      expect(b.y, part).toBeGreaterThanOrEqual(after.head.y);
      expect(bottom(b), part).toBeLessThanOrEqual(bottom(after.head) + 0.5);
    }

    await page.setViewportSize({ width: 900, height: 700 });
    const narrow = await measure();
    expect(narrow.shell.height).toBe(before.shell.height);
    expect(narrow.head.height).toBe(before.head.height);
    const wrapped = await box('[data-testid="edit-impact"]');
    expect(wrapped.y).toBeGreaterThanOrEqual(bottom(narrow.head) - 0.5);
    expect(narrow.tabs.y).toBeGreaterThanOrEqual(bottom(wrapped) - 0.5);
    await product.screenshot('policy-header-failing-narrow-zh');
    await page.setViewportSize({ width: 1280, height: 800 });
  }, 120_000);

  it('the Tests tab says which team a failing case expects, and the case can be deleted from there', async () => {
    await page.locator('#tab-tests').click();
    const hint = page.locator('[data-testid="tests-list"] li[data-case="full-rep-skipped"] [data-testid="case-hint"]');
    await hint.waitFor({ timeout: 20_000 });
    const cases = await page.locator('[data-testid="tests-list"] li').count();
    expect(await hint.locator('[data-hint]').allTextContents()).toEqual(['此用例预期团队“ae”，但您的名册中没有该团队——请编辑或删除此用例。']);
    await hint.getByRole('button', { name: '删除此用例' }).click();
    await hint.getByRole('button', { name: '删除', exact: true }).click();
    await expect.poll(() => page.locator('[data-testid="tests-list"] li').count()).toBe(cases - 1);
    expect(await page.locator('[data-testid="tests-list"] li[data-case="full-rep-skipped"]').count()).toBe(0);
    expect(await page.locator('[data-testid="save-draft"]').textContent()).toBe('保存草稿 •');
  }, 60_000);

  it('signing out with the edit unsaved asks first; staying keeps the session', async () => {
    await page.locator('[data-action="sign-out"]').click();
    const dialog = page.getByRole('alertdialog', { name: '此策略有未保存的修改' });
    await dialog.waitFor();
    expect(await dialog.getByRole('button').allTextContents()).toEqual(['保存并退出登录', '不保存，直接退出登录', '留在此页']);
    await dialog.getByRole('button', { name: '留在此页' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(new URL(page.url()).pathname).toBe(`/policies/${KEY}`);
    expect((await product.api('GET', '/v1/auth/me', undefined, page)).status).toBe(200);
    await page.locator('[data-action="sign-out"]').click();
    await dialog.getByRole('button', { name: '不保存，直接退出登录' }).click();
    await page.locator('form[data-form="signin"]').waitFor();
    expect((await page.context().cookies()).find((c) => c.name === 'sluice_session')).toBeUndefined();
  }, 60_000);
});

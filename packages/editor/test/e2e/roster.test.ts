import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Product, startProduct } from './harness.js';

// A block as Excel / WPS copies it: tab-separated, CRLF, Chinese headers, a quoted cell with a
// comma, a thousands separator, empty cells — and one row the server refuses (no such time zone).
const HEADER = '销售ID\t姓名\t团队\t权重\t持有上限\t在职\t班次\t时区';
const GOOD_1 = 'r-1\t张三\tae\t1,000\t20\t是\t周一至周五 09:00-18:00\tAsia/Shanghai';
const BAD = 'r-2\t李四\tae\t2\t15\t是\t\tAsia/Beijing';
const GOOD_3 = 'r-3\t"王, 五"\tae、east\t1\t\t否\t\t';
const BLOCK = [HEADER, GOOD_1, BAD, GOOD_3, ''].join('\r\n');
// A textarea's value has its line breaks as LF (HTML): the cells are what must survive.
const AS_KEPT = BLOCK.replace(/\r\n/g, '\n');

let product: Product;
let page: Page;

async function seriousViolations(p: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page: p }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

beforeAll(async () => {
  product = await startProduct();
  page = product.page;
  page.setDefaultTimeout(15_000);
  await product.signInAsAdmin();
}, 240_000);

afterAll(async () => {
  await product?.close();
});

describe('roster paste', () => {
  it('shows the refused row with its row number, column and message, writes nothing and keeps the paste', async () => {
    await page.goto(`${product.baseUrl}/roster`);
    await page.getByRole('button', { name: 'Paste from a spreadsheet' }).click();
    const area = page.getByLabel('Pasted block');
    await area.fill(BLOCK);
    await page.getByText('3 rows read').waitFor();
    await page.getByRole('button', { name: 'Write 3 rows' }).click();
    await page.getByTestId('row-errors').waitFor();
    const cells = await page
      .locator('[data-testid="row-errors"] tbody tr')
      .evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('td'), (c) => c.textContent)));
    expect(cells).toEqual([['3', 'H · 时区', 'unknown time zone "Asia/Beijing" — did you mean "Asia/Shanghai"?']]);
    expect(await page.getByTestId('paste-status').textContent()).toContain('Nothing was written');
    // All or nothing: not even the good rows are in.
    expect((await product.api('GET', '/v1/reps')).json.items).toEqual([]);
    expect(await area.inputValue()).toBe(AS_KEPT);
    expect(await seriousViolations(page)).toEqual([]);
    await product.screenshot('roster-paste-error-en');
  });

  it('keeps the paste across a reload and words the row error in Chinese', async () => {
    await page.evaluate(() => localStorage.setItem('sluice.language', 'zh'));
    await page.reload();
    // The panel reopens by itself with the text as pasted.
    const area = page.getByLabel('粘贴的内容');
    expect(await area.inputValue()).toBe(AS_KEPT);
    await page.getByRole('button', { name: '写入 3 行' }).click();
    await page.getByTestId('row-errors').waitFor();
    expect(await page.locator('[data-testid="row-errors"] tbody td').nth(2).textContent()).toBe('未知时区 "Asia/Beijing"，是否为 "Asia/Shanghai"？');
    await product.screenshot('roster-paste-error-zh');
  });

  it('writes every row once the bad cell is fixed, and lists them with their weights, shifts and availability', async () => {
    const area = page.getByLabel('粘贴的内容');
    await area.fill(BLOCK.replace('Asia/Beijing', 'Asia/Shanghai'));
    await page.getByRole('button', { name: '写入 3 行' }).click();
    expect(await page.getByTestId('paste-status').textContent()).toBe('已写入：新建 3 条，更新 0 条。');
    const reps = (await product.api('GET', '/v1/reps')).json.items as Array<Record<string, unknown>>;
    expect(reps.map((r) => [r.id, r.name, r.weight, r.cap, r.active, r.teams, r.timeZone])).toEqual([
      ['r-1', '张三', 1000, 20, true, ['ae'], 'Asia/Shanghai'],
      ['r-2', '李四', 2, 15, true, ['ae'], 'Asia/Shanghai'],
      ['r-3', '王, 五', 1, undefined, false, ['ae', 'east'], undefined],
    ]);
    expect(reps[0]!.shifts).toEqual([{ days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' }]);
    const r1 = page.locator('table[data-entity="reps"] tr[data-id="r-1"]');
    await r1.waitFor();
    expect(await r1.textContent()).toContain('1,000');
    expect(await r1.textContent()).toContain('周一至周五 09:00-18:00');
    expect(await page.locator('table[data-entity="reps"] tr[data-id="r-3"]').textContent()).toContain('未启用');
    expect(await seriousViolations(page)).toEqual([]);
    await product.screenshot('roster-zh');
  });

  it('edits a rep in the form and shows a server refusal on its field', async () => {
    await page.evaluate(() => localStorage.setItem('sluice.language', 'en'));
    await page.reload();
    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Edit r-2' }).click();
    await page.getByLabel(/^Weight/).fill('5000');
    await page.getByRole('button', { name: 'Save' }).click();
    const error = page.locator('#f-reps-weight-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/1000/);
    await page.getByLabel(/^Weight/).fill('3');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved r-2').waitFor();
    const r2 = (await product.api('GET', '/v1/reps/r-2')).json;
    expect([r2.weight, r2.cap, r2.timeZone]).toEqual([3, 15, 'Asia/Shanghai']);
    await product.screenshot('roster-en');
  });

  it('shows a viewer the roster without the means to change it, and the server refuses the change', async () => {
    const made = await product.api('POST', '/v1/users', { email: 'viewer', role: 'viewer' });
    expect(made.status).toBe(201);
    const viewer = await product.newPage();
    await product.signIn(viewer, 'viewer', made.json.password, 'a long viewer passphrase');
    await viewer.goto(`${product.baseUrl}/roster`);
    await viewer.locator('table[data-entity="reps"] tr[data-id="r-1"]').waitFor();
    await viewer.getByText('Your role can read the roster but not change it.').waitFor();
    expect(await viewer.getByRole('button', { name: 'Paste from a spreadsheet' }).count()).toBe(0);
    expect(await viewer.getByRole('button', { name: /^Edit / }).count()).toBe(0);
    expect(await viewer.getByRole('button', { name: /^Delete / }).count()).toBe(0);
    const refused = await product.api('POST', '/v1/reps/bulk', { items: [{ id: 'r-9' }] }, viewer);
    expect(refused.status).toBe(403);
  });
});

import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, NEW_PASSWORD, type Product, startProduct } from './harness.js';

let product: Product;
let page: Page;

beforeAll(async () => {
  product = await startProduct();
  page = product.page;
  page.setDefaultTimeout(15_000);
  await product.signInAsAdmin();
}, 240_000);

afterAll(async () => {
  await product?.close();
});

describe('admin', { timeout: 90_000 }, () => {
  it('creates an API key, shows its secret once, and the key works', async () => {
    await page.goto(`${product.baseUrl}/admin?tab=keys`);
    await page.getByLabel('Name', { exact: true }).fill('crm-sync');
    await page.getByRole('checkbox', { name: /^read —/ }).check();
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = page.getByTestId('secret-value');
    await secret.waitFor();
    const key = await secret.inputValue();
    expect(key).toMatch(/^slk_[A-Za-z0-9_-]{43}$/);
    expect(await page.getByTestId('one-time-secret').textContent()).toContain('Shown once');
    // The key is real: it reads the tenant and may decide, as its scopes say.
    const tenant = await fetch(`${product.baseUrl}/v1/tenant`, { headers: { authorization: `Bearer ${key}` } });
    expect(tenant.status).toBe(200);
    const row = page.locator('tr[data-key="crm-sync"]');
    expect(await row.locator('td').nth(1).textContent()).toBe(`${key.slice(0, 12)}…`);
    expect(await row.locator('td').nth(2).textContent()).toBe('decide, read');
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    await product.screenshot('admin-key-once-en');
    // Dismissed, it is gone for good: not on the page, not after a reload.
    await page.getByRole('button', { name: 'I have stored it' }).click();
    expect(await page.getByTestId('one-time-secret').count()).toBe(0);
    expect(await page.content()).not.toContain(key);
    await page.reload();
    await row.waitFor();
    expect(await page.content()).not.toContain(key);

    // Revoked, the key is refused.
    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.getByRole('button', { name: 'Yes, revoke' }).click();
    await row.getByText(/^revoked /).waitFor();
    expect((await fetch(`${product.baseUrl}/v1/tenant`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(401);
  });

  it('creates a user with a one-time password shown once, and changes the role', async () => {
    await page.goto(`${product.baseUrl}/admin?tab=users`);
    await page.getByLabel('E-mail or user name', { exact: true }).fill('viewer@example.com');
    await page.locator('#new-user-role').selectOption('viewer');
    await page.getByRole('button', { name: 'Create user' }).click();
    const password = await page.getByTestId('secret-value').inputValue();
    expect(password.length).toBeGreaterThanOrEqual(12);
    const row = page.locator('tr[data-user="viewer@example.com"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('must change the one-time password');
    // The password signs the new user in.
    const other = await product.newPage();
    await product.signIn(other, 'viewer@example.com', password, 'another long passphrase');
    await other.goto(`${product.baseUrl}/admin`);
    await other.locator('[data-page="forbidden"]').waitFor();
    // Promoted to editor: the server says so.
    await row.getByLabel('Role of viewer@example.com').selectOption('editor');
    await page.getByText('viewer@example.com is now Editor — edits drafts').waitFor();
    const users = (await product.api('GET', '/v1/users')).json.users as Array<{ email: string; role: string }>;
    expect(users.find((u) => u.email === 'viewer@example.com')?.role).toBe('editor');
  });

  it('subscribes a webhook, shows its signing secret once and its delivery log', async () => {
    await page.goto(`${product.baseUrl}/admin?tab=webhooks`);
    await page.getByLabel('URL', { exact: true }).fill('http://127.0.0.1:9/hook');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    expect(await page.getByTestId('secret-value').inputValue()).toMatch(/.{20,}/);
    const row = page.locator('tr[data-webhook="http://127.0.0.1:9/hook"]');
    await row.waitFor();
    expect(await row.locator('td').nth(1).textContent()).toBe('lead.assigned, lead.reclaimed');
    await row.getByRole('button', { name: 'Delivery log' }).click();
    await page.getByText('Nothing delivered yet.').waitFor();
    await row.getByRole('button', { name: 'Delete' }).click();
    await row.getByRole('button', { name: 'Yes, delete' }).click();
    await page.getByText('No webhooks yet.').waitFor();
    expect((await product.api('GET', '/v1/webhooks')).json.webhooks).toEqual([]);
  });

  it('sets the tenant time zone from a browser in Beijing: the hint, a bad name refused, dates then shown on the new clock', async () => {
    const beijing = await product.newPage({ timezoneId: 'Asia/Shanghai', locale: 'zh-CN' });
    await product.signIn(beijing, ADMIN_EMAIL, NEW_PASSWORD);
    try {
      await beijing.goto(`${product.baseUrl}/admin?tab=tenant`);
      const hint = beijing.locator('[data-hint="zone-differs"]');
      await hint.waitFor();
      expect(await hint.textContent()).toBe('租户使用 UTC 时区，而本浏览器在 Asia/Shanghai：此处时间均按 UTC 显示。');
      const zone = beijing.getByLabel('时区', { exact: true });
      await zone.fill('Asia/Beijing');
      await beijing.getByRole('button', { name: '保存', exact: true }).click();
      expect(await beijing.getByRole('alert').textContent()).toBe('“Asia/Beijing”不是时区名称：请从列表中选择（如 Asia/Shanghai）。');
      expect((await product.api('GET', '/v1/tenant')).json.timeZone).toBe('UTC');

      await beijing.getByRole('button', { name: '使用本浏览器的时区（Asia/Shanghai）' }).click();
      expect(await zone.inputValue()).toBe('Asia/Shanghai');
      await beijing.getByRole('button', { name: '保存', exact: true }).click();
      await beijing.getByText('已保存：租户现在使用 Asia/Shanghai 时区。').waitFor();
      expect((await product.api('GET', '/v1/tenant')).json.timeZone).toBe('Asia/Shanghai');
      expect(await hint.count()).toBe(0);
      // Another screen, loaded afresh, shows an instant on the tenant's new clock (UTC+8, never UTC's hour).
      const users = (await product.api('GET', '/v1/users')).json.users as Array<{ email: string; createdAt: string }>;
      const created = users.find((u) => u.email === ADMIN_EMAIL)!.createdAt;
      const clock = (timeZone: string) =>
        new Intl.DateTimeFormat('zh-CN', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(created));
      await beijing.goto(`${product.baseUrl}/admin?tab=users`);
      const row = beijing.locator('tr', { hasText: ADMIN_EMAIL }).first();
      await row.waitFor();
      const text = (await row.textContent()) ?? '';
      expect(text).toContain(clock('Asia/Shanghai'));
      expect(text).not.toContain(clock('UTC'));
    } finally {
      await product.api('PATCH', '/v1/tenant', { timeZone: 'UTC' });
    }
  });
});

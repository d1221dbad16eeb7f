import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Product, startProduct } from './harness.js';

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
});

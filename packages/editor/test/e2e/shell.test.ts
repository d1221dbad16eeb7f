import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NEW_PASSWORD, type Product, startProduct } from './harness.js';

/**
 * The editor's shell in real Chromium against the real server: sign-in, the forced change of a
 * one-time password, the language switch, what a viewer sees and what the server refuses them,
 * and the Content-Security-Policy holding while all of it runs.
 */
describe('editor shell (browser)', { timeout: 90_000 }, () => {
  let product: Product;
  let page: Page;

  beforeAll(async () => {
    product = await startProduct({ locale: 'en-US' });
    page = product.page;
  }, 600_000);
  afterAll(async () => {
    await product?.close();
  });

  const cspViolations = (p: Page) => product.cspViolations(p);

  it('serves a page with no inline script under a CSP that allows none', async () => {
    const html = readFileSync(join(product.editorDir, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc="\/assets\/[^"]+\.js"/);
      expect(body!.trim()).toBe('');
    }
    const res = await page.goto(`${product.baseUrl}/`);
    expect(res?.status()).toBe(200);
    const headers = res!.headers();
    expect(headers['content-security-policy']).toContain("script-src 'self';");
    expect(headers['cache-control']).toBe('no-cache');
  });

  it('sends a visitor to sign-in, refuses a wrong password in words, and forces the one-time password to change', async () => {
    await page.goto(`${product.baseUrl}/decisions`);
    await page.locator('form[data-form="signin"]').waitFor();
    expect(new URL(page.url()).pathname).toBe('/signin');
    expect(new URL(page.url()).searchParams.get('from')).toBe('/decisions');
    expect(await page.locator('h1').textContent()).toBe('Sign in to Sluice');
    await product.screenshot('signin-en');

    await page.locator('input[name="tenant"]').fill('default');
    await page.locator('input[name="email"]').fill('admin');
    await page.locator('input[name="password"]').fill('not the password');
    await page.locator('form[data-form="signin"] button[type="submit"]').click();
    const alert = page.locator('[role="alert"][data-problem]');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Wrong tenant, e-mail or password');

    await page.locator('input[name="password"]').fill(product.adminOneTimePassword);
    await page.locator('form[data-form="signin"] button[type="submit"]').click();
    const change = page.locator('form[data-form="change-password"]');
    await change.waitFor();
    expect(await page.locator('h1').textContent()).toBe('Choose your own password');
    // Until it is changed, the server refuses everything else for this session.
    const refused = await product.api('GET', '/v1/policies');
    expect([refused.status, refused.json?.type]).toEqual([403, 'https://sluice.dev/problems/password-change-required']);

    // Checked in the page before asking the server.
    await change.locator('input[name="currentPassword"]').fill(product.adminOneTimePassword);
    await change.locator('input[name="newPassword"]').fill('short');
    await change.locator('input[name="confirmPassword"]').fill('short');
    await change.locator('button[type="submit"]').click();
    expect(await page.locator('#change-local-problem').textContent()).toBe('The new password needs at least 12 characters.');
    await change.locator('input[name="newPassword"]').fill(NEW_PASSWORD);
    await change.locator('input[name="confirmPassword"]').fill(`${NEW_PASSWORD}!`);
    await change.locator('button[type="submit"]').click();
    expect(await page.locator('#change-local-problem').textContent()).toBe('The two new passwords are not the same.');

    // The server's own refusal comes back in words: a wrong current password.
    await change.locator('input[name="currentPassword"]').fill('wrong one-time password');
    await change.locator('input[name="confirmPassword"]').fill(NEW_PASSWORD);
    await change.locator('button[type="submit"]').click();
    await page.locator('form[data-form="change-password"] [data-problem]').waitFor();
    expect(await page.locator('[data-problem]').textContent()).toContain('The current password is wrong');
    await product.screenshot('change-password-en');

    await change.locator('input[name="currentPassword"]').fill(product.adminOneTimePassword);
    await change.locator('button[type="submit"]').click();
    await page.locator('[data-shell="ready"]').waitFor();
    // Back where the visitor was going.
    expect(new URL(page.url()).pathname).toBe('/decisions');
    const me = await product.api('GET', '/v1/auth/me');
    expect(me.status).toBe(200);
    expect(me.json.user).toMatchObject({ email: 'admin', role: 'admin', mustChangePassword: false });
    expect(await page.locator('.shell-account').textContent()).toBe('Signed in as admin (admin) in default');
  });

  it('signs out, and signs in again with the new password only', async () => {
    const before = (await page.context().cookies()).find((c) => c.name === 'sluice_session');
    expect(before).toBeDefined();
    await page.locator('[data-action="sign-out"]').click();
    await page.locator('form[data-form="signin"]').waitFor();
    expect((await page.context().cookies()).find((c) => c.name === 'sluice_session')).toBeUndefined();
    // The session ended on the server too, not just in the browser.
    const old = await fetch(`${product.baseUrl}/v1/auth/me`, { headers: { cookie: `sluice_session=${before!.value}` } });
    expect(old.status).toBe(401);

    await page.locator('input[name="email"]').fill('admin');
    await page.locator('input[name="password"]').fill(product.adminOneTimePassword);
    await page.locator('form[data-form="signin"] button[type="submit"]').click();
    await page.locator('[data-problem]').waitFor();

    await product.signInAsAdmin();
    expect(new URL(page.url()).pathname).toBe('/policies');
    expect(await page.locator('form[data-form="change-password"]').count()).toBe(0);
    expect(await page.locator('.shell-nav a').allTextContents()).toEqual(['Policies', 'Decisions', 'Roster', 'Simulations', 'Smart score', 'Admin']);
    // A reload keeps the session (cookie + this tab's CSRF token) and lands on the same screen.
    await page.reload();
    await page.locator('[data-shell="ready"]').waitFor();
    expect(new URL(page.url()).pathname).toBe('/policies');
  });

  it('switches the language at any time, relabelling the shell, and remembers it', async () => {
    await page.goto(`${product.baseUrl}/roster`);
    await page.locator('[data-shell="ready"]').waitFor();
    await product.screenshot('shell-en');
    await page.locator('button[data-lang="zh"]').click();
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    expect(await page.locator('.shell-nav a').allTextContents()).toEqual(['策略', '决策记录', '名册', '模拟', '智能评分', '管理']);
    expect(await page.locator('[data-action="sign-out"]').textContent()).toBe('退出登录');
    expect(await page.locator('button[data-lang="zh"]').getAttribute('aria-pressed')).toBe('true');
    expect(await page.title()).toBe('Sluice 线索分配');
    // Still on the same screen: switching does not navigate.
    expect(new URL(page.url()).pathname).toBe('/roster');
    await product.screenshot('shell-zh');

    await page.reload();
    await page.locator('[data-shell="ready"]').waitFor();
    expect(await page.locator('.shell-nav a').first().textContent()).toBe('策略');

    await page.locator('button[data-lang="en"]').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await page.locator('.shell-nav a').first().textContent()).toBe('Policies');
  });

  it('shows the sign-in page in Chinese to a Chinese browser, with the server’s errors in Chinese', async () => {
    const zhPage = await product.newPage({ locale: 'zh-CN' });
    await zhPage.goto(`${product.baseUrl}/signin`);
    await zhPage.locator('form[data-form="signin"]').waitFor();
    expect(await zhPage.locator('h1').textContent()).toBe('登录 Sluice');
    expect(await zhPage.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await zhPage.locator('input[name="email"]').fill('nobody');
    await zhPage.locator('input[name="password"]').fill('wrong password');
    await zhPage.locator('form[data-form="signin"] button[type="submit"]').click();
    await zhPage.locator('[data-problem]').waitFor();
    expect(await zhPage.locator('[data-problem]').textContent()).toContain('租户、邮箱或密码错误');
    await product.screenshot('signin-zh', zhPage);
    expect(await cspViolations(zhPage)).toEqual([]);
  });

  it('hides admin from a viewer, refuses the admin page, and the server refuses the viewer’s admin call (403)', async () => {
    const made = await product.api('POST', '/v1/users', { email: 'vera@example.com', role: 'viewer' });
    expect(made.status).toBe(201);
    const viewer = await product.newPage();
    await product.signIn(viewer, 'vera@example.com', made.json.password, 'vera’s own long password');
    expect(await viewer.locator('.shell-nav a').allTextContents()).toEqual(['Policies', 'Decisions', 'Roster', 'Simulations', 'Smart score']);
    expect(await viewer.locator('[data-nav="admin"]').count()).toBe(0);
    expect(await viewer.locator('.shell-account').textContent()).toBe('Signed in as vera@example.com (viewer) in default');

    await viewer.goto(`${product.baseUrl}/admin`);
    await viewer.locator('[data-page="forbidden"]').waitFor();
    expect(await viewer.locator('[data-page="forbidden"] h1').textContent()).toBe('Not allowed');
    await product.screenshot('viewer-admin-refused', viewer);

    // The UI only hides it: the server refuses the same session anyway.
    const list = await product.api('GET', '/v1/users', undefined, viewer);
    expect([list.status, list.json?.type]).toEqual([403, 'https://sluice.dev/problems/forbidden']);
    const create = await product.api('POST', '/v1/users', { email: 'mallory@example.com', role: 'admin' }, viewer);
    expect([create.status, create.json?.type]).toEqual([403, 'https://sluice.dev/problems/forbidden']);
    // While reading is allowed.
    const me = await product.api('GET', '/v1/auth/me', undefined, viewer);
    expect(me.json.user.role).toBe('viewer');
    expect(await cspViolations(viewer)).toEqual([]);
  });

  it('runs the canvas and Monaco (its workers and injected styles) under the CSP without a violation', async () => {
    const doc = JSON.parse(readFileSync(join(import.meta.dirname, '../../../../examples/policies/s06-round-robin.json'), 'utf8')) as { key: string };
    const saved = await product.api('PUT', `/v1/policies/${doc.key}/draft`, doc);
    expect([200, 201]).toContain(saved.status);
    await page.goto(`${product.baseUrl}/policies/${doc.key}`);
    await page.locator('.react-flow__node').first().waitFor({ timeout: 60_000 });
    const worker = page.waitForEvent('worker', { timeout: 60_000 });
    await page.locator('#tab-json').click();
    // A language worker started from a same-origin bundled file (worker-src 'self').
    expect(new URL((await worker).url()).origin).toBe(product.baseUrl);
    await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 60_000 });
    // Monaco's language worker answers: the document's outline of errors/markers is computed there.
    await page.waitForFunction(() => document.querySelectorAll('.monaco-editor .view-line').length > 5, undefined, { timeout: 60_000 });
    expect(await cspViolations(page)).toEqual([]);
  });

  it('ran every screen above without a Content-Security-Policy violation', async () => {
    expect(await cspViolations(page)).toEqual([]);
  });
});

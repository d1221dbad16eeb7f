import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { apiKeys, bootstrap, createApp, type Database, listen, newApiKey, openDatabase, SYSTEM_TENANT } from '@sluice/server/testing';
import { browserForFile, editorReady, freshDataDir } from './prepare.js';

/**
 * The whole product for browser tests: the editor built by Vite (once, when stale), the real
 * server serving it on a loopback port over a fresh embedded database in a temp folder, and
 * Debian's Chromium driven by playwright-core (see prepare.ts for what is shared within a run).
 */

export { CHROMIUM, CHROMIUM_ARGS } from './prepare.js';

/** The password the harness sets when a one-time password must be changed. */
export const NEW_PASSWORD = 'correct horse battery staple';
export const ADMIN_EMAIL = 'admin';

export const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), 'artifacts');

export interface ApiAnswer {
  status: number;
  json: any;
  text: string;
  headers: Headers;
}

export interface Product {
  baseUrl: string;
  /** The editor build being served. */
  editorDir: string;
  browser: Browser;
  /** A 1280×800 page in its own browser context (own cookies and storage). */
  page: Page;
  tenant: string;
  /** The first admin's one-time password, as the server printed it. */
  adminOneTimePassword: string;
  /** Signs `page` in as the first admin, changing the one-time password (to NEW_PASSWORD) when asked. */
  signInAsAdmin(): Promise<void>;
  /** Signs any page in through the sign-in screen; changes a one-time password to `newPassword` when asked. */
  signIn(page: Page, email: string, password: string, newPassword?: string): Promise<void>;
  /** A fresh 1280×800 page with its own cookies (another user). */
  newPage(opts?: { locale?: string; timezoneId?: string }): Promise<Page>;
  /**
   * fetch from Node as `page`'s signed-in session (its cookie and CSRF token); before any sign-in,
   * as the harness's API key (all scopes of the tenant).
   */
  api(method: string, path: string, body?: unknown, page?: Page): Promise<ApiAnswer>;
  /** An API key of the default tenant with every scope. */
  apiKey: string;
  database: Database;
  /** Content-Security-Policy violations the page reported since it was last loaded. */
  cspViolations(page?: Page): Promise<string[]>;
  /** Writes a full-page PNG to test/e2e/artifacts/<name>.png; returns its path. */
  screenshot(name: string, page?: Page): Promise<string>;
  close(): Promise<void>;
}

export async function startProduct(opts: { locale?: string } = {}): Promise<Product> {
  // SLUICE_EDITOR_DIST points at another build (e.g. one made with unfinished pages stubbed out).
  const [editorDir, dataDir] = await Promise.all([editorReady(), freshDataDir()]);
  const database = await openDatabase({ dataDir });
  const admin = await bootstrap(database.db, new Date().toISOString());
  if (!admin) throw new Error('a fresh database must bootstrap an admin');
  const key = newApiKey();
  await database.db
    .insert(apiKeys)
    .values({ id: key.id, tenantId: SYSTEM_TENANT, name: 'e2e', prefix: key.prefix, hash: key.hash, scopes: ['admin', 'decide', 'read', 'edit', 'publish'] });

  const app = createApp({ database, now: () => Date.now(), editorDir, allowPrivateWebhooks: true });
  const server = await listen(app.fetch);
  const baseUrl = server.base;

  // The run's Chromium when there is one (closing it below only disconnects this file).
  const { browser } = await browserForFile();
  const contexts: BrowserContext[] = [];
  const newPage = async (o: { locale?: string; timezoneId?: string } = {}) => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: o.locale ?? opts.locale ?? 'en-US',
      baseURL: baseUrl,
      ...(o.timezoneId ? { timezoneId: o.timezoneId } : {}),
    });
    contexts.push(context);
    // Collected from the first script on: a blocked script, style or worker would be reported here.
    await context.addInitScript(() => {
      const w = window as unknown as { cspViolations: string[] };
      w.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile.split('/').pop()}:${e.lineNumber}:${e.columnNumber}`),
      );
    });
    return context.newPage();
  };
  const page = await newPage();
  let adminPassword = admin.password;

  const signIn = async (p: Page, email: string, password: string, newPassword = NEW_PASSWORD) => {
    // Whoever the page was signed in as is forgotten first: this signs in from scratch.
    await p.context().clearCookies();
    await p.goto(`${baseUrl}/signin`);
    await p.locator('input[name="tenant"]').fill(SYSTEM_TENANT);
    await p.locator('input[name="email"]').fill(email);
    await p.locator('input[name="password"]').fill(password);
    await p.locator('form[data-form="signin"] button[type="submit"]').click();
    const changeForm = p.locator('form[data-form="change-password"]');
    const shell = p.locator('[data-shell="ready"]');
    const refused = p.locator('form[data-form="signin"] [data-problem]');
    await changeForm.or(shell).or(refused).first().waitFor({ timeout: 15_000 });
    if (await refused.isVisible()) throw new Error(`signing in as ${email} was refused: ${await refused.textContent()}`);
    if (await changeForm.isVisible()) {
      await changeForm.locator('input[name="currentPassword"]').fill(password);
      await changeForm.locator('input[name="newPassword"]').fill(newPassword);
      await changeForm.locator('input[name="confirmPassword"]').fill(newPassword);
      await changeForm.locator('button[type="submit"]').click();
      await shell.waitFor({ timeout: 15_000 });
    }
  };

  const api = async (method: string, path: string, body?: unknown, p: Page = page): Promise<ApiAnswer> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    const cookie = (await p.context().cookies(baseUrl)).find((c) => c.name === 'sluice_session');
    if (cookie) {
      headers.cookie = `sluice_session=${cookie.value}`;
      const csrf = await p.evaluate(() => sessionStorage.getItem('sluice.csrf')).catch(() => null);
      if (csrf) headers['x-csrf-token'] = csrf;
    } else {
      headers.authorization = `Bearer ${key.key}`;
    }
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text, headers: res.headers };
  };

  return {
    baseUrl,
    editorDir,
    browser,
    page,
    tenant: SYSTEM_TENANT,
    adminOneTimePassword: admin.password,
    apiKey: key.key,
    database,
    newPage,
    signIn,
    api,
    async signInAsAdmin() {
      // A test may have changed the one-time password through the page itself (to NEW_PASSWORD).
      const users = await fetch(`${baseUrl}/v1/users`, { headers: { authorization: `Bearer ${key.key}` } }).then(
        (r) => r.json() as Promise<{ users: Array<{ email: string; mustChangePassword: boolean }> }>,
      );
      if (users.users.find((u) => u.email === ADMIN_EMAIL)?.mustChangePassword === false) adminPassword = NEW_PASSWORD;
      await signIn(page, ADMIN_EMAIL, adminPassword, NEW_PASSWORD);
      adminPassword = NEW_PASSWORD;
    },
    cspViolations: (p: Page = page) => p.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
    async screenshot(name: string, p: Page = page) {
      mkdirSync(ARTIFACTS, { recursive: true });
      const path = join(ARTIFACTS, `${name}.png`);
      await p.screenshot({ path, fullPage: true });
      return path;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await server.close();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The serious and critical accessibility violations axe finds on the page, one line each. */
export async function seriousViolations(p: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page: p }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

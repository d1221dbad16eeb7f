import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Product, startProduct } from './harness.js';

/** axe-core (WCAG 2.x A and AA rules) on the sign-in screens and the shell, in both languages. */
describe('accessibility of the sign-in page and the shell (axe)', { timeout: 90_000 }, () => {
  let product: Product;

  beforeAll(async () => {
    product = await startProduct({ locale: 'en-US' });
  }, 600_000);
  afterAll(async () => {
    await product?.close();
  });

  /** The serious and critical violations, as "rule: selector" lines (empty when clean). */
  async function seriousViolations(page: Page): Promise<string[]> {
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    // A run that checked nothing would pass any page.
    expect(result.passes.length).toBeGreaterThan(5);
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
  }

  it('finds no serious or critical violation on the sign-in page, in English and Chinese, with an error shown', async () => {
    const page = product.page;
    await page.goto(`${product.baseUrl}/signin`);
    await page.locator('form[data-form="signin"]').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.locator('input[name="email"]').fill('admin');
    await page.locator('input[name="password"]').fill('wrong');
    await page.locator('form[data-form="signin"] button[type="submit"]').click();
    await page.locator('[data-problem]').waitFor();
    await page.locator('button[data-lang="zh"]').click();
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator('button[data-lang="en"]').click();
  });

  it('finds none on the forced password change', async () => {
    const page = product.page;
    await page.goto(`${product.baseUrl}/signin`);
    await page.locator('input[name="email"]').fill('admin');
    await page.locator('input[name="password"]').fill(product.adminOneTimePassword);
    await page.locator('form[data-form="signin"] button[type="submit"]').click();
    await page.locator('form[data-form="change-password"]').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('finds none on the shell (navigation, language switch, account) in both languages', async () => {
    const page = product.page;
    await product.signInAsAdmin();
    // The shell around a page that shows only shell text: the not-found screen.
    await page.goto(`${product.baseUrl}/no-such-screen`);
    await page.locator('[data-shell="ready"] .page-message').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator('button[data-lang="zh"]').click();
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('reaches the navigation by keyboard, with a visible focus ring', async () => {
    const page = product.page;
    await page.goto(`${product.baseUrl}/no-such-screen`);
    await page.locator('[data-shell="ready"]').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      return { href: el.getAttribute('href'), ring: getComputedStyle(el).boxShadow };
    });
    expect(focused.href).toBe('/policies');
    expect(focused.ring).not.toBe('none');
  });
});

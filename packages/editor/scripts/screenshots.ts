/**
 * `pnpm screenshots`: the README's pictures of the editor, made from the real product. Starts it
 * with the browser tests' harness (the editor built when stale, the real server on a fresh
 * embedded database, Debian's Chromium), loads the first-run demo data, publishes a second
 * version of the region routing so there is something to compare, and writes
 * docs/screenshots/<screen>-<lang>.png at 1280×800 (device scale factor 1) in English and Chinese:
 * canvas, try-it, decision explanation, version diff.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { type Product, startProduct } from '../test/e2e/harness.js';

const OUT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../docs/screenshots');
const LANGUAGES = ['en', 'zh'] as const;
type Lang = (typeof LANGUAGES)[number];
/** The demo policy shown: a region / product / size routing of 13 nodes, enough to read as a flow. */
const POLICY = 'region-routing';

interface PolicyNode {
  id: string;
  type: string;
  label?: string;
  position?: { x: number; y: number };
  data: Record<string, unknown>;
}
interface PolicyDoc {
  nodes: PolicyNode[];
  edges: Array<{ id: string; source: string; sourceHandle?: string; target: string }>;
}

function must(ok: boolean, what: string): void {
  if (!ok) throw new Error(`screenshots: ${what}`);
}

async function switchLanguage(page: Page, lang: Lang): Promise<void> {
  await page.evaluate((l) => localStorage.setItem('sluice.language', l), lang);
  await page.reload();
  await page.waitForFunction((l) => document.documentElement.lang === (l === 'zh' ? 'zh-CN' : 'en'), lang);
}

/** Waits until React Flow's nodes stop moving (layout and fit-view done). */
async function settled(page: Page, scope = ''): Promise<void> {
  let last = '';
  for (let i = 0; i < 50; i++) {
    const now = await page.locator(`${scope} .react-flow__node`.trim()).evaluateAll((els) => els.map((e) => (e as HTMLElement).style.transform).join('|'));
    if (now !== '' && now === last) return;
    last = now;
    await page.waitForTimeout(150);
  }
}

async function shoot(page: Page, name: string): Promise<void> {
  // Fonts (Noto CJK for Chinese) are loaded before the picture is taken.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  const path = join(OUT, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  console.log(`${path} (${Math.round(statSync(path).size / 1024)} KB)`);
}

/** A second version of the routing: a lower size threshold, a new west region, the ERP industry split dropped. */
async function publishSecondVersion(product: Product): Promise<void> {
  const doc = (await product.api('GET', `/v1/policies/${POLICY}`)).json.draft as PolicyDoc;
  const node = (id: string) => doc.nodes.find((n) => n.id === id)!;
  (node('eastSize').data.condition as { value: number }).value = 500;
  node('eastSize').label = '500+ employees? 500 人及以上？';
  (node('region').data.cases as unknown[]).push({ id: 'west', values: ['四川', '重庆', '陕西'], label: 'West 西部' });
  doc.nodes.push({ ...structuredClone(node('southRR')), id: 'westRR', label: 'West 西部', position: { x: 560, y: 240 }, data: { teams: ['inside'] } });
  doc.edges.push({ id: 'e-west', source: 'region', sourceHandle: 'west', target: 'westRR' });
  doc.nodes = doc.nodes.filter((n) => n.id !== 'eastIndustry' && n.id !== 'eastErpMfgRR');
  doc.edges = doc.edges.filter((e) => !['eastIndustry', 'eastErpMfgRR'].includes(e.source) && !['eastIndustry', 'eastErpMfgRR'].includes(e.target));
  doc.edges.push({ id: 'e-erp', source: 'eastProduct', sourceHandle: 'erp', target: 'eastErpRR' });
  const saved = await product.api('PUT', `/v1/policies/${POLICY}/draft`, doc);
  must(saved.json?.compile?.ok === true, `the second version does not compile: ${saved.text}`);
  const published = await product.api('POST', `/v1/policies/${POLICY}/publish`, {
    note: 'Key accounts from 500 employees; west region to inside sales / 500 人以上即为大客户；西部交给电话销售',
  });
  must(published.status === 201, `publishing the second version: ${published.status} ${published.text}`);
}

/** A demo decision of the routing that assigned a lead through the size condition (the longest path), else any assignment. */
async function richDecision(product: Product): Promise<string> {
  const list = await product.api('GET', `/v1/decisions?policyKey=${POLICY}&limit=200`);
  const decisions = list.json.decisions as Array<{ decisionId: string; summary: { en: string } }>;
  const assigned = decisions.filter((d) => d.summary.en.startsWith('assigned'));
  must(assigned.length > 0, `no demo decision of ${POLICY} assigned a lead (${decisions.length} decisions)`);
  const throughCondition = assigned.find((d) => /node east(Ka|Crm)RR\)/.test(d.summary.en));
  return (throughCondition ?? assigned[0]!).decisionId;
}

async function canvas(product: Product, page: Page, lang: Lang): Promise<void> {
  await page.goto(`${product.baseUrl}/policies/${POLICY}`);
  await page.locator('.react-flow__node').first().waitFor({ timeout: 60_000 });
  await settled(page);
  // The automatic layout (one step, undone after the picture: the draft stays as saved).
  const toolbar = page.locator('.canvas-toolbar button');
  await toolbar.nth(2).click();
  await settled(page);
  await page.locator('.react-flow__controls-fitview').first().click();
  await settled(page);
  // A node selected (one in the top rows, clear of the minimap): the inspector shows its form,
  // with labels and help in the language.
  await page.locator('.react-flow__node[data-id="northRR"]').click();
  await page.locator('.inspector h2').waitFor();
  await shoot(page, `canvas-${lang}`);
  await toolbar.nth(0).click();
}

async function tryIt(product: Product, page: Page, lang: Lang): Promise<void> {
  await page.goto(`${product.baseUrl}/policies/${POLICY}`);
  await page.locator('#tab-try').click();
  await page.locator('[data-testid="try-company"]').fill('杭州云帆科技有限公司');
  await page.locator('[data-testid="try-province"]').fill('浙江');
  await page.locator('[data-testid="try-productLine"]').fill('crm');
  await page.locator('[data-testid="try-employees"]').fill('1200');
  await page.locator('[data-testid="try-run"]').click();
  const result = page.locator('[data-testid="try-result"]');
  await result.waitFor({ timeout: 30_000 });
  await result.locator('.pnode.lit').first().waitFor();
  await settled(page, '[data-testid="try-result"]');
  must((await result.locator('.pnode.lit').count()) >= 4, 'try-it lit fewer than 4 nodes');
  await result.scrollIntoViewIfNeeded();
  await shoot(page, `try-it-${lang}`);
}

async function explanation(product: Product, page: Page, lang: Lang, decisionId: string): Promise<void> {
  await page.goto(`${product.baseUrl}/decisions/${decisionId}`);
  await page.locator('.pnode.lit').first().waitFor({ timeout: 30_000 });
  await settled(page);
  await shoot(page, `decision-explanation-${lang}`);
}

async function diff(product: Product, page: Page, lang: Lang): Promise<void> {
  await page.goto(`${product.baseUrl}/policies/${POLICY}`);
  await page.locator('#tab-versions').click();
  await page.locator('[data-testid="diff-from"]').selectOption('1');
  await page.locator('[data-testid="diff-to"]').selectOption('2');
  const body = page.locator('[data-testid="diff"]');
  await body.locator('.pnode.mark-changed').first().waitFor({ timeout: 30_000 });
  await settled(page, '[data-testid="diff"]');
  must((await body.locator('.pnode.mark-added').count()) > 0, 'the diff marks no added node');
  await body.scrollIntoViewIfNeeded();
  await shoot(page, `version-diff-${lang}`);
}

mkdirSync(OUT, { recursive: true });
const product = await startProduct({ locale: 'en-US' });
try {
  const page = product.page;
  await product.signInAsAdmin();
  const demo = await product.api('POST', '/v1/demo');
  must(demo.status === 201, `loading the demo data: ${demo.status} ${demo.text}`);
  console.log(`demo data: ${demo.json.policies.length} policies, ${demo.json.decisions} decisions`);
  const decisionId = await richDecision(product);
  await publishSecondVersion(product);
  for (const lang of LANGUAGES) {
    await switchLanguage(page, lang);
    await canvas(product, page, lang);
    await tryIt(product, page, lang);
    await explanation(product, page, lang, decisionId);
    await diff(product, page, lang);
  }
} finally {
  await product.close();
}

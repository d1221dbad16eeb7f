import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Product, startProduct } from './harness.js';

// The policies screens end to end, on the real server and database: first-run demo data, trying a
// draft on a sample lead (the path lit on the canvas), publishing with a note, comparing two
// versions, rolling back and withdrawing, and a viewer who cannot publish.

let product: Product;
let page: Page;

async function useLanguage(p: Page, lang: 'zh' | 'en'): Promise<void> {
  await p.evaluate((l) => localStorage.setItem('sluice.language', l), lang);
  await p.reload();
}

async function seriousViolations(p: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page: p }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function openTab(p: Page, key: string, tab: 'canvas' | 'try' | 'versions'): Promise<void> {
  if (!p.url().endsWith(`/policies/${key}`)) await p.goto(`${product.baseUrl}/policies/${key}`);
  await p.locator(`#tab-${tab}`).click();
}

beforeAll(async () => {
  product = await startProduct({ locale: 'en-US' });
  page = product.page;
  await product.signInAsAdmin();
}, 240_000);

afterAll(async () => {
  await product?.close();
});

describe('policies', () => {
  it('an admin on an empty workspace loads the demo data and sees the policies, filtered by kind', async () => {
    await page.goto(`${product.baseUrl}/policies`);
    const firstRun = page.locator('[data-testid="first-run"]');
    await firstRun.waitFor();
    expect(await firstRun.locator('button').allTextContents()).toEqual(['Start with demo data', 'Start empty']);
    await product.screenshot('first-run-en');
    await page.locator('[data-testid="load-demo"]').click();
    const rows = page.locator('[data-testid="policies-table"] tbody tr[data-key]');
    await rows.first().waitFor({ timeout: 60_000 });
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-key')))).toEqual([
      'anti-hoarding',
      'co-follow-split',
      'lead-scoring',
      'reclaim-7d',
      'region-routing',
      'round-robin',
      'sdr-gate',
      'tiered-cascade',
    ]);
    const rr = page.locator('tr[data-key="round-robin"]');
    await expect.poll(() => rr.locator('td').nth(5).textContent()).toMatch(/^admin · published v1$/);
    expect(await rr.locator('td').nth(2).textContent()).toBe('v1');
    await page.locator('[data-testid="kind-filter"]').selectOption('reclaim');
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-key')))).toEqual(['reclaim-7d']);
    await page.locator('[data-testid="kind-filter"]').selectOption('');
    await product.screenshot('policies-en');
    expect(await seriousViolations(page)).toEqual([]);
    await useLanguage(page, 'zh');
    await rows.first().waitFor();
    expect(await page.locator('#policies-title').textContent()).toBe('策略');
    expect(await page.locator('tr[data-key="reclaim-7d"] .kind-badge').textContent()).toBe('回收');
    await expect.poll(() => page.locator('tr[data-key="round-robin"] td').nth(5).textContent()).toBe('admin · 发布 v1');
    await product.screenshot('policies-zh');
    await useLanguage(page, 'en');
    // The server holds the decisions the demo drove through the decision path.
    const decisions = await product.api('GET', '/v1/decisions?limit=500');
    expect(decisions.json.decisions.length).toBeGreaterThanOrEqual(200);
  }, 120_000);

  it('tries a sample lead on the draft: the path lights up, with the candidate table', async () => {
    await openTab(page, 'round-robin', 'try');
    await page.locator('[data-testid="try-company"]').fill('杭州云帆科技');
    await page.locator('[data-testid="try-run"]').click();
    const result = page.locator('[data-testid="try-result"]');
    await result.waitFor({ timeout: 20_000 });
    const lit = await result.locator('.pnode.lit').evaluateAll((els) => els.map((e) => e.closest('.react-flow__node')?.getAttribute('data-id')));
    expect(lit.sort()).toEqual(['rr', 'start']);
    expect(await result.locator('.pnode.dim').count()).toBe(1);
    expect(await result.locator('.react-flow__edge.lit').count()).toBe(1);
    // The candidate table names the chosen rep of the AE team.
    expect(await result.locator('table').first().textContent()).toMatch(/ae-[123]/);
    await product.screenshot('tryit-en');
    expect(await seriousViolations(page)).toEqual([]);
    // The editor's own canvas shows the same path.
    await page.locator('#tab-canvas').click();
    await expect.poll(() => page.locator('.pnode.lit').count()).toBe(2);

    await useLanguage(page, 'zh');
    await openTab(page, 'round-robin', 'try');
    await page.locator('[data-testid="try-run"]').click();
    await result.waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-testid="try-run"]').textContent()).toBe('试运行草稿');
    expect(await result.locator('.pnode.lit').count()).toBe(2);
    await product.screenshot('tryit-zh');
    await useLanguage(page, 'en');
  }, 120_000);

  it('warns of a team no rep of the roster is in: listed as a warning on its node and field, in both languages, not an error', async () => {
    const current = await product.api('GET', '/v1/policies/round-robin');
    const typo = structuredClone(current.json.draft);
    const rr = typo.nodes.find((n: { id: string }) => n.id === 'rr');
    const team = rr.data.teams[0];
    rr.data.teams = [team, 'ea'];
    const saved = await product.api('PUT', '/v1/policies/round-robin/draft', typo);
    expect(saved.json.compile.ok).toBe(true);
    expect(saved.json.compile.warnings.map((w: { code: string; nodeId: string; field: string }) => [w.code, w.nodeId, w.field])).toEqual([
      ['unknownRosterRef', 'rr', 'teams[1]'],
    ]);
    await page.goto(`${product.baseUrl}/policies/round-robin`);
    const warning = page.locator('.problems li.warning');
    await expect.poll(() => warning.count(), { timeout: 20_000 }).toBe(1);
    const text = await warning.textContent();
    // Node and field beside the message, which says only what (not where again).
    expect(await warning.locator('strong').textContent()).toBe('rr');
    expect(await warning.locator('code').textContent()).toBe('teams[1]');
    expect(text).toContain('no rep of the roster is in team "ea"');
    expect(text).not.toContain('policy "round-robin"');
    // The editor read the whole roster: the team it does have is listed, and is not warned of.
    expect(text).toContain(team);
    // A warning is not an error: the count of errors stays 0, and the node carries no error badge.
    expect(await page.locator('[data-testid="problem-count"]').textContent()).toBe('0');
    expect(await page.locator('.react-flow__node[data-id="rr"] .pnode-badge').count()).toBe(0);
    // Choosing it selects the node, as an error's entry does.
    await warning.locator('button').click();
    await expect.poll(() => page.locator('.inspector .node-id code').textContent()).toBe('rr');
    expect(await page.locator('.inspector h2').textContent()).toBe('Round robin');
    // The inspector marks it under the field as a warning.
    await expect.poll(() => page.locator('.inspector').textContent()).toContain('⚠ no rep of the roster is in team "ea"');
    await product.screenshot('roster-warning-en');
    await useLanguage(page, 'zh');
    await expect.poll(() => warning.textContent(), { timeout: 20_000 }).toContain('名单中没有团队“ea”的销售');
    await useLanguage(page, 'en');
    // Put back as it was: the next test publishes this draft.
    const restored = await product.api('PUT', '/v1/policies/round-robin/draft', current.json.draft);
    expect(restored.json.compile.warnings).toBeUndefined();
  }, 120_000);

  it('publishes a changed draft with a note, diffs the two versions on the canvas, and rolls back', async () => {
    const current = await product.api('GET', '/v1/policies/round-robin');
    const draft = current.json.draft;
    // A draft that does not compile is not offered for publishing.
    const broken = structuredClone(draft);
    broken.nodes.find((n: { id: string }) => n.id === 'rr').data.teams = 'ae';
    expect((await product.api('PUT', '/v1/policies/round-robin/draft', broken)).json.compile.ok).toBe(false);
    await page.goto(`${product.baseUrl}/policies/round-robin`);
    await openTab(page, 'round-robin', 'versions');
    expect(await page.locator('[data-testid="publish-blocked"]').textContent()).toBe('Fix the errors before publishing (1 found).');
    await page.locator('[data-testid="publish-note"]').fill('should not go out');
    expect(await page.locator('[data-testid="publish"]').isDisabled()).toBe(true);

    draft.nodes.find((n: { id: string }) => n.id === 'rr').data.coolingDays = 14;
    expect((await product.api('PUT', '/v1/policies/round-robin/draft', draft)).status).toBe(200);
    await page.goto(`${product.baseUrl}/policies/round-robin`);
    await openTab(page, 'round-robin', 'versions');
    expect(await page.locator('[data-testid="publish-blocked"]').count()).toBe(0);
    await page.locator('[data-testid="publish-note"]').fill('Cooling 14 days: reps kept getting back leads they had just lost');
    await page.locator('[data-testid="publish"]').click();
    // The demo's other routing templates are live too: the page names them, and a reason lets it go out.
    await page.getByTestId('overlap-refused').waitFor();
    expect(await page.getByTestId('routing-overlaps').textContent()).toContain('sdr-gate');
    await page.getByTestId('override-reason').fill('Demo tenant: the templates are live side by side');
    await page.getByTestId('publish-anyway').click();
    await page.getByText('Published as version 2; it is live now.').waitFor();
    // The history table refetches after the publish message shows; wait for the new row, not the old list.
    const latest = page.locator('[data-testid="history"] tbody tr[data-version="2"]');
    await latest.waitFor();
    expect(await page.locator('[data-testid="history"] tbody tr').first().getAttribute('data-version')).toBe('2');
    expect(await latest.locator('td').nth(2).textContent()).toBe('admin');
    expect(await latest.locator('td').nth(4).textContent()).toBe(
      'Cooling 14 days: reps kept getting back leads they had just lost (published over overlapping routing policies: Demo tenant: the templates are live side by side)',
    );
    const live = await product.api('GET', '/v1/policies/round-robin');
    expect([live.json.liveVersion, live.json.live.note]).toEqual([2, 'Cooling 14 days: reps kept getting back leads they had just lost']);

    await page.locator('[data-testid="diff-from"]').selectOption('1');
    await page.locator('[data-testid="diff-to"]').selectOption('2');
    const diff = page.locator('[data-testid="diff"]');
    await expect.poll(() => diff.locator('[data-testid="diff-list"]').textContent()).toContain('rr · data.coolingDays: 7 → 14');
    const changed = await diff.locator('.pnode.mark-changed').evaluateAll((els) => els.map((e) => e.closest('.react-flow__node')?.getAttribute('data-id')));
    expect(changed).toEqual(['rr']);
    expect(await diff.locator('.pnode.mark-added, .pnode.mark-removed').count()).toBe(0);
    await product.screenshot('diff-en');
    expect(await seriousViolations(page)).toEqual([]);
    await useLanguage(page, 'zh');
    await openTab(page, 'round-robin', 'versions');
    await page.locator('[data-testid="diff-from"]').selectOption('1');
    await page.locator('[data-testid="diff-to"]').selectOption('2');
    await expect.poll(() => page.locator('[data-testid="diff-list"]').textContent()).toContain('data.coolingDays');
    expect(await page.locator('.versions-panel h3').first().textContent()).toBe('发布草稿');
    await product.screenshot('diff-zh');
    await useLanguage(page, 'en');

    await openTab(page, 'round-robin', 'versions');
    await page.locator('[data-testid="rollback-1"]').click();
    await page.locator('[data-testid="rollback-note"]').fill('Back to 7 days until the team agrees');
    await page.locator('[data-testid="rollback-confirm"]').click();
    // A rollback passes the same overlap gate: refused in the rollback's words, then sent with a reason.
    await page.getByTestId('overlap-refused').waitFor();
    expect(await page.getByTestId('overlap-refused').textContent()).toContain('Rolling back to version 1 was refused: each new lead would be routed twice.');
    expect(await page.getByTestId('routing-overlaps').textContent()).toContain('sdr-gate');
    expect(await page.getByTestId('publish-replacing').textContent()).toMatch(/^Roll back to version 1 and withdraw /);
    expect((await product.api('GET', '/v1/policies/round-robin')).json.liveVersion).toBe(2);
    await page.getByTestId('override-reason').fill('Demo tenant: the templates are live side by side');
    expect(await page.getByTestId('publish-anyway').textContent()).toBe('Roll back to version 1 anyway');
    await page.getByTestId('publish-anyway').click();
    await page.getByText('Version 1 is live again.').waitFor();
    const after = await product.api('GET', '/v1/policies/round-robin');
    expect(after.json.liveVersion).toBe(1);
    const log = await product.api('GET', '/v1/policies/round-robin/log');
    expect(log.json.entries.map((e: { action: string; version: number; note: string }) => [e.action, e.version, e.note]).slice(1)).toEqual([
      ['publish', 2, 'Cooling 14 days: reps kept getting back leads they had just lost'],
      ['rollback', 1, 'Back to 7 days until the team agrees'],
    ]);
    expect(await page.getByTestId('publish-refused').count()).toBe(0);
    // v2 is no longer live: it may be rolled back to now; v1 may not.
    expect(await page.locator('[data-testid="rollback-2"]').count()).toBe(1);
    expect(await page.locator('[data-testid="rollback-1"]').count()).toBe(0);
  }, 120_000);

  it('withdraws the live version with a note: the list shows the policy not live; a rollback brings it back', async () => {
    await openTab(page, 'round-robin', 'versions');
    await page.locator('[data-testid="withdraw-1"]').click();
    expect(await page.locator('[data-testid="withdraw-confirm"]').isDisabled()).toBe(true);
    await page.locator('[data-testid="withdraw-note"]').fill('Region routing takes over');
    await page.locator('[data-testid="withdraw-confirm"]').click();
    await page.getByText('Version 1 is withdrawn: the policy is not live.').waitFor();
    const row = page.locator('[data-testid="history"] tbody tr[data-action="withdraw"]');
    await row.waitFor();
    expect(await row.locator('td').nth(1).textContent()).toBe('withdrawn');
    expect(await row.locator('td').nth(4).textContent()).toBe('Region routing takes over');
    expect((await product.api('GET', '/v1/policies/round-robin')).json).toMatchObject({ liveVersion: null, liveEvents: [] });
    await page.goto(`${product.baseUrl}/policies`);
    const rr = page.locator('tr[data-key="round-robin"]');
    await expect.poll(() => rr.locator('td').nth(2).textContent()).toBe('not live');
    expect(await rr.locator('td').nth(5).textContent()).toBe('admin · withdrawn');
    // Live again for the tests after this one.
    expect(
      (await product.api('POST', '/v1/policies/round-robin/rollback', { version: 1, note: 'back', override: { reason: 'demo templates live side by side' } }))
        .status,
    ).toBe(200);
  }, 120_000);

  it('creates drafts from a two-policy template and from a blank canvas', async () => {
    await page.goto(`${product.baseUrl}/policies`);
    await page.locator('[data-testid="new-policy"]').click();
    await page.locator('[data-template="sdr-gate-grades"] input').check();
    await expect.poll(() => page.locator('[data-testid="key-0"]').inputValue()).toBe('lead-scoring');
    await expect.poll(() => page.locator('[data-testid="key-1"]').inputValue()).toBe('sdr-gate');
    // Both keys are taken by the demo: the form says so before anything is sent.
    await page.locator('[data-testid="create-policy"]').click();
    await expect.poll(() => page.locator('#key-help-0').textContent()).toBe('A policy with this key already exists.');
    await page.locator('[data-testid="key-0"]').fill('east-scoring');
    await page.locator('[data-testid="key-1"]').fill('east-gate');
    await page.locator('[data-testid="name-1"]').fill('East SDR gate');
    expect(await seriousViolations(page)).toEqual([]);
    await product.screenshot('new-policy-en');
    await page.locator('[data-testid="create-policy"]').click();
    await page.waitForURL(/\/policies\/east-scoring$/);
    const scoring = await product.api('GET', '/v1/policies/east-scoring');
    const gate = await product.api('GET', '/v1/policies/east-gate');
    expect([scoring.json.kind, scoring.json.draftStatus, scoring.json.compile.ok]).toEqual(['scoring', 'new', true]);
    expect([gate.json.kind, gate.json.name, gate.json.draftStatus, gate.json.compile.ok]).toEqual(['routing', 'East SDR gate', 'new', true]);

    await page.goto(`${product.baseUrl}/policies/new`);
    await page.locator('[data-testid="choose-blank"]').check();
    await page.locator('[data-testid="blank-kind"]').selectOption('reclaim');
    await page.locator('[data-testid="key-0"]').fill('my-reclaim');
    await page.locator('[data-testid="name-0"]').fill('My reclaim');
    await page.locator('[data-testid="create-policy"]').click();
    await page.waitForURL(/\/policies\/my-reclaim$/);
    const blank = await product.api('GET', '/v1/policies/my-reclaim');
    expect(blank.json.kind).toBe('reclaim');
    expect(blank.json.draft.nodes.map((n: { id: string; type: string }) => [n.id, n.type])).toEqual([['start', 'trigger']]);
  }, 120_000);

  it('a viewer cannot publish: no new-policy button, the publish button disabled, and the server answers 403', async () => {
    const made = await product.api('POST', '/v1/users', { email: 'viewer@example.com', role: 'viewer' });
    expect(made.status, made.text).toBe(201);
    const viewer = await product.newPage();
    await product.signIn(viewer, 'viewer@example.com', made.json.password);
    await viewer.goto(`${product.baseUrl}/policies`);
    await viewer.locator('tr[data-key="round-robin"]').waitFor();
    expect(await viewer.locator('[data-testid="new-policy"]').count()).toBe(0);
    await viewer.locator('tr[data-key="round-robin"] a').click();
    await viewer.locator('#tab-versions').click();
    await viewer.locator('[data-testid="publish-not-allowed"]').waitFor();
    expect(await viewer.locator('[data-testid="publish"]').isDisabled()).toBe(true);
    expect(await viewer.locator('[data-testid^="rollback-"]').count()).toBe(0);
    const refused = await product.api('POST', '/v1/policies/round-robin/publish', { note: 'sneaky' }, viewer);
    expect([refused.status, refused.json.type]).toEqual([403, 'https://sluice.dev/problems/forbidden']);
  }, 120_000);
});

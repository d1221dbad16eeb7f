import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Product, startProduct } from './harness.js';

// The Simulation page end to end: a CRM export uploaded through the page (the English one as
// UTF-8 CSV, the Chinese one as GB18030), its mapping file loaded and corrected with a live
// preview, two published policies replayed, the comparison read in both languages.
const example = (path: string) => fileURLToPath(new URL(`../../../../examples/${path}`, import.meta.url));
const TEAMS = ['West', 'East', 'Central'];
const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** An example policy pointed at the teams the English export names (the examples route to "ae"). */
function forExportTeams(file: string): { key: string } {
  const doc = JSON.parse(readFileSync(example(`policies/${file}`), 'utf8'));
  doc.nodes[1].data.teams = TEAMS;
  doc.nodes[2].data.to = [{ kind: 'manager', id: 'West' }];
  // Its test cases route to the example's own team: they would rightly fail the publish gate here.
  delete doc.tests;
  return doc;
}
const ROUND_ROBIN = forExportTeams('s06-round-robin.json');
const WEIGHTED = forExportTeams('s07-weighted-round-robin.json');

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

/** Waits for the preview (or the problem that stopped it, which fails the test with its words). */
async function previewShown(p: Page): Promise<void> {
  const row = p.locator('table[data-table="summary"] tr[data-file="leads"]');
  const problem = p.locator('[data-problem]');
  await row.or(problem).first().waitFor({ timeout: 60_000 });
  if (await problem.isVisible()) throw new Error(`the preview failed: ${await problem.textContent()}`);
}

/** The summary row of one file in the preview, as its cells read. */
async function summaryOf(p: Page, file: string): Promise<string[]> {
  return p.locator(`table[data-table="summary"] tr[data-file="${file}"] td`).allTextContents();
}

beforeAll(async () => {
  product = await startProduct();
  page = product.page;
  page.setDefaultTimeout(20_000);
  await product.signInAsAdmin();
  for (const doc of [ROUND_ROBIN, WEIGHTED]) {
    const draft = await product.api('PUT', `/v1/policies/${doc.key}/draft`, doc);
    expect(draft.json?.compile?.ok, draft.text).toBe(true);
    // Both live, to be compared: the second overlaps the first on new leads, which the publish records.
    const override = { reason: 'Both live to be compared / 同时上线以便比较' };
    const published = await product.api('POST', `/v1/policies/${doc.key}/publish`, { note: `${doc.key} for the export's teams`, override });
    expect(published.status, published.text).toBe(201);
  }
}, 420_000);

afterAll(async () => {
  await product?.close();
});

describe('simulation page', { timeout: 300_000 }, () => {
  let simulationId = '';

  it('uploads an English export, maps it with a live preview, runs two policies and compares them', async () => {
    await page.goto(`${product.baseUrl}/simulations`);
    await page.getByRole('heading', { level: 1, name: 'Simulations' }).waitFor();
    await page.locator('input[name="file-leads"]').setInputFiles(example('exports/en-crm-leads.csv'));
    await page.locator('input[name="file-activities"]').setInputFiles(example('exports/en-crm-activities.csv'));
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.locator('[data-uploaded="activities"]').waitFor({ timeout: 60_000 });
    // The guess opens the mapping form; the example's own mapping file replaces it.
    await page.locator('form[data-form="mapping"]').waitFor({ timeout: 60_000 });
    await page.locator('input[name="mapping-file"]').setInputFiles(example('exports/en-crm.mapping.json'));
    await expect.poll(() => page.getByLabel('Date order (for dates like 03/04/2026)').inputValue()).toBe('mdy');
    await previewShown(page);
    await expect.poll(() => summaryOf(page, 'leads'), { timeout: 60_000 }).toEqual(['540', '540', '0', '', 'utf-8 · ,']);
    expect(await summaryOf(page, 'activities')).toEqual(['2,346', '2,346', '0', '', 'utf-8 · ,']);
    expect(await page.locator('table[data-table="parsed"] tbody tr').count()).toBe(20);
    expect(await page.locator('table[data-table="parsed"] tbody tr').first().locator('td').nth(1).textContent()).toBe('L-000001');

    // A mistake in the form shows at once in the preview: without "Closed Won" every won lead is rejected, with its reason.
    await page.getByLabel('won', { exact: true }).fill('');
    const rejected = page.locator('table[data-table="rejects"] tbody tr').first();
    await rejected.waitFor({ timeout: 60_000 });
    expect(await rejected.locator('td').nth(2).textContent()).toBe('Status');
    expect(await rejected.locator('td').nth(3).textContent()).toContain('"Closed Won" is not one of outcomeValues');
    await page.getByLabel('won', { exact: true }).fill('Closed Won');
    await page.locator('[data-rejects="0"]').waitFor({ timeout: 60_000 });

    await page.getByRole('button', { name: 'Save mapping and preview' }).click();
    const run = page.getByRole('button', { name: 'Run' });
    await page.getByLabel('Candidate 1 · Include s06-round-robin').selectOption('live');
    await page.getByLabel('Candidate 2 · Include s07-weighted-round-robin').selectOption('1');
    await page.locator('input[name="candidate-0-label"]').fill('round robin');
    await page.locator('input[name="candidate-1-label"]').fill('weighted');
    await expect.poll(() => run.isEnabled()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await product.screenshot('simulation-mapping-en');
    await run.click();

    await page.waitForURL('**/simulations/*');
    simulationId = decodeURIComponent(page.url().split('/simulations/')[1]!);
    await page.locator('[data-page="simulation"][data-status="done"]').waitFor({ timeout: 240_000 });
    const overview = page.getByRole('table', { name: 'Overview' });
    expect(await overview.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-policy')))).toEqual(['round robin', 'weighted']);
    const differences = page.getByRole('table', { name: 'weighted vs round robin' });
    const verdicts = await differences.locator('tbody tr td:last-child').allTextContents();
    expect(verdicts.length).toBeGreaterThan(10);
    for (const v of verdicts) expect(['better', 'worse', 'no difference', 'no clear difference', 'reported, not ranked']).toContain(v);
    expect(await page.getByText(/only when the 95 % interval of the difference excludes zero/).count()).toBe(1);
    expect(await page.getByRole('img', { name: 'Leads held per rep at the end, weighted' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Open the standalone report' }).getAttribute('href')).toBe(
      `/v1/simulations/${simulationId}/report.html?lang=en`,
    );
    const html = await product.api('GET', `/v1/simulations/${simulationId}/report.html`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(await seriousViolations(page)).toEqual([]);
    await product.screenshot('simulation-results-en');

    await useLanguage(page, 'zh');
    await page.getByRole('table', { name: '概览' }).waitFor();
    const zhVerdicts = await page.getByRole('table', { name: 'weighted 对比 round robin' }).locator('tbody tr td:last-child').allTextContents();
    for (const v of zhVerdicts) expect(['更好', '更差', '无差异', '无明显差异', '仅报告，不评优劣']).toContain(v);
    expect(await page.getByRole('heading', { name: '历史数据无法判断之处' }).count()).toBe(1);
    await product.screenshot('simulation-results-zh');
  });

  it('attaches the simulation to a publish note as its evidence', async () => {
    expect(simulationId).not.toBe('');
    await page.evaluate(() => localStorage.setItem('sluice.language', 'zh'));
    await page.goto(`${product.baseUrl}/simulations/${encodeURIComponent(simulationId)}`);
    await page.locator(`[data-attach="${WEIGHTED.key}"]`).click();
    await page.waitForURL(`**/policies/${WEIGHTED.key}?evidence=*`);
    // The link opens the policy at its Versions tab, the simulation already chosen as the evidence.
    await expect.poll(() => page.getByRole('tab', { name: '版本' }).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => page.getByTestId('publish-evidence').inputValue()).toBe(simulationId);
    // Said in words: the dataset, the policies by name and version, when it ran; the id after them.
    const ran = await product.api('GET', `/v1/simulations/${simulationId}`);
    const dataset = await product.api('GET', `/v1/datasets/${ran.json.datasetId}`);
    const chosenOption = page.getByTestId('publish-evidence').locator('option:checked');
    await expect
      .poll(() => chosenOption.textContent())
      .toMatch(
        new RegExp(
          `^${literally(dataset.json.name)} · Round robin across the AE team \\(S6\\) v1 vs Weighted round robin across the AE team \\(S7\\) v1 · 运行于 2\\d{3}年\\d+月\\d+日 \\d\\d:\\d\\d · #${simulationId.slice(0, 8)}$`,
        ),
      );
    const chosen = page.getByTestId('evidence-chosen');
    await chosen.locator('[data-evidence="verdicts"] li').first().waitFor();
    expect(await chosen.locator('[data-evidence="verdicts"] li').allTextContents()).toEqual([expect.stringMatching(/^weighted 对比 round robin：/)]);
    expect(await chosen.locator('[data-evidence="id"]').textContent()).toBe(`模拟编号：${simulationId}`);
    await page.getByTestId('publish-note').fill('加权轮询，依据模拟结果');
    await page.getByTestId('publish').click();
    // Round robin is live too: the page says each new lead would be routed twice, and publishing takes a reason.
    const overlap = page.getByTestId('overlap-refused');
    await overlap.waitFor();
    expect(await page.getByTestId('routing-overlaps').textContent()).toContain(ROUND_ROBIN.key);
    await page.getByTestId('override-reason').fill('以模拟为依据，替换轮询分配');
    await page.getByTestId('publish-anyway').click();
    await page.getByText('已发布为版本 2，现已生效。').waitFor();
    const versions = await product.api('GET', `/v1/policies/${WEIGHTED.key}/versions`);
    const v2 = versions.json.versions.find((v: { version: number }) => v.version === 2);
    expect(v2?.evidence?.simulationId, versions.text).toBe(simulationId);
    // The history shows the evidence beside the note, linking back to the simulation.
    const link = page.getByTestId('evidence-2');
    await link.waitFor();
    expect(await link.textContent()).toBe('依据：模拟结果');
    expect(await link.getAttribute('href')).toBe(`/simulations/${encodeURIComponent(simulationId)}`);
    await useLanguage(page, 'en');
  });

  it('reads a Chinese GB18030 export and says what it rejected in Chinese', async () => {
    await useLanguage(page, 'zh');
    await page.goto(`${product.baseUrl}/simulations`);
    await page.getByRole('heading', { level: 1, name: '模拟' }).waitFor();
    await page.locator('input[name="file-leads"]').setInputFiles(example('exports/zh-crm-leads.csv'));
    await page.locator('input[name="file-activities"]').setInputFiles(example('exports/zh-crm-activities.csv'));
    await page.getByRole('button', { name: '上传' }).click();
    await page.locator('form[data-form="mapping"]').waitFor({ timeout: 60_000 });
    // A mapping file with a typo in a column name: marked at the field, with the file's own columns, and nothing saved until fixed.
    const typo = JSON.parse(readFileSync(example('exports/zh-crm.mapping.json'), 'utf8'));
    typo.leads.columns.owner = '负责人姓名';
    const typoFile = join(mkdtempSync(join(tmpdir(), 'sluice-mapping-')), 'zh-crm.mapping.json');
    writeFileSync(typoFile, JSON.stringify(typo));
    await page.locator('input[name="mapping-file"]').setInputFiles(typoFile);
    await expect.poll(() => page.getByLabel('编码').inputValue()).toBe('gb18030');
    const marked = page.locator('[data-column-problem="column.owner"]');
    await marked.waitFor({ timeout: 60_000 });
    expect(await marked.textContent()).toBe(
      '线索文件中没有名为“负责人姓名”的列；现有列：线索编号、创建时间、负责人、所属部门、状态、成交时间、成交金额、来源、行业、区域、等级、客户类型',
    );
    const owner = page.getByLabel('负责人', { exact: true });
    expect(await owner.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('button', { name: '保存映射并预览' }).isDisabled()).toBe(true);
    await owner.selectOption('负责人');
    await marked.waitFor({ state: 'detached' });
    expect(await page.getByRole('button', { name: '保存映射并预览' }).isEnabled()).toBe(true);
    await page.locator('[data-problem]').waitFor({ state: 'detached', timeout: 60_000 });
    await previewShown(page);
    await expect.poll(() => summaryOf(page, 'leads'), { timeout: 60_000 }).toEqual(['494', '494', '0', '', 'gb18030 · ,']);
    await page.getByLabel('赢单', { exact: true }).fill('成交');
    const rejected = page.locator('table[data-table="rejects"] tbody tr').first();
    await rejected.waitFor({ timeout: 60_000 });
    expect(await rejected.locator('td').first().textContent()).toBe('线索');
    expect(await rejected.locator('td').nth(2).textContent()).toBe('状态');
    expect(await rejected.locator('td').nth(3).textContent()).toContain('不在 outcomeValues 中');
    expect(await seriousViolations(page)).toEqual([]);
    await product.screenshot('simulation-mapping-zh');
    await useLanguage(page, 'en');
  });

  it('reads an Excel workbook uploaded as the leads file, with the mapping written for the CRM’s CSV', async () => {
    await page.goto(`${product.baseUrl}/simulations`);
    await page.getByRole('heading', { level: 1, name: 'Simulations' }).waitFor();
    expect(await page.locator('input[name="file-leads"]').getAttribute('accept')).toContain('.xlsx');
    await page.locator('input[name="file-leads"]').setInputFiles(example('exports/workbooks/zh-crm-leads.xlsx'));
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.locator('form[data-form="mapping"]').waitFor({ timeout: 60_000 });
    const { activities: _activities, ...leadsOnly } = JSON.parse(readFileSync(example('exports/zh-crm.mapping.json'), 'utf8'));
    const mappingFile = join(mkdtempSync(join(tmpdir(), 'sluice-mapping-')), 'zh-crm-leads.mapping.json');
    writeFileSync(mappingFile, JSON.stringify(leadsOnly));
    await page.locator('input[name="mapping-file"]').setInputFiles(mappingFile);
    await previewShown(page);
    // The sheet's five leads, read from the CSV the server stored it as (UTF-8 with a BOM, whatever the mapping's encoding).
    await expect.poll(() => summaryOf(page, 'leads'), { timeout: 60_000 }).toEqual(['5', '5', '0', '', 'utf-8 with BOM · ,']);
    expect(await page.locator('table[data-table="parsed"] tbody tr').first().locator('td').nth(1).textContent()).toBe('XS000001');
  });

  it('reads a roster file beside the export: its columns guessed into the form and corrected, its reps counted, a bad row named', async () => {
    // The export's reps with their teams, roles, caps and whether they still work here, as a CRM's user list exports them.
    const leads = readFileSync(example('exports/en-crm-leads.csv'), 'utf8').split('\n').slice(1).filter(Boolean);
    const reps = [...new Map(leads.map((line) => line.match(/,(\d\d\/\d\d\/\d{4} [^,]+),([^,]+),([^,]+),/)!).map((m) => [m[2]!, m[3]!])).entries()].sort();
    const rows = reps.map(([name, team], i) => [name, team, i % 2 ? 'AE' : 'SDR、AE', String(20 + i), i === 0 ? 'inactive' : 'active']);
    rows[2]![3] = 'lots';
    const dir = mkdtempSync(join(tmpdir(), 'sluice-roster-'));
    const file = join(dir, 'users.csv');
    writeFileSync(file, [['Sales Rep', 'Department', 'Roles', 'Max Open Leads', 'Employment Status'], ...rows].map((r) => r.join(',')).join('\r\n'));

    // A draft that rotates over a team this export does not have (the Northeast region is no team here).
    const elsewhere = { ...structuredClone(ROUND_ROBIN), key: 'northeast-rr' } as { key: string; nodes: Array<{ data: Record<string, unknown> }> };
    elsewhere.nodes[1]!.data.teams = ['Northeast'];
    expect((await product.api('PUT', '/v1/policies/northeast-rr/draft', elsewhere)).status).toBe(201);

    await page.goto(`${product.baseUrl}/simulations`);
    await page.getByRole('heading', { level: 1, name: 'Simulations' }).waitFor();
    await page.locator('input[name="file-leads"]').setInputFiles(example('exports/en-crm-leads.csv'));
    await page.locator('input[name="file-roster"]').setInputFiles(file);
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.locator('[data-uploaded="roster"]').waitFor({ timeout: 60_000 });
    await page.locator('form[data-form="mapping"]').waitFor({ timeout: 60_000 });
    const roster = page.getByRole('group', { name: 'Roster columns' });
    // Guessed from the headers: who, which team, which roles.
    await expect.poll(() => roster.getByLabel('Rep id (required)').inputValue()).toBe('Sales Rep');
    expect(await roster.getByLabel('Team').inputValue()).toBe('Department');
    expect(await roster.getByLabel('Roles (SDR, AE …)').inputValue()).toBe('Roles');
    // Corrected by hand where the guess left a column out.
    // Each column field offers the roster file's own columns.
    expect(await roster.getByLabel('Most open leads').locator('option').allTextContents()).toEqual([
      '(not mapped)',
      'Sales Rep',
      'Department',
      'Roles',
      'Max Open Leads',
      'Employment Status',
    ]);
    await roster.getByLabel('Most open leads').selectOption('Max Open Leads');
    await roster.getByLabel('Active (yes/no)').selectOption('Employment Status');
    await previewShown(page);
    // One rep rejected for a cap that is not a number, named by row and column; the rest read.
    await expect
      .poll(() => summaryOf(page, 'roster'), { timeout: 60_000 })
      .toEqual([String(reps.length), String(reps.length - 1), '1', expect.any(String), expect.any(String)]);
    const rejected = page.locator('table[data-table="rejects"] tbody tr').filter({ hasText: 'Max Open Leads' }).first();
    await rejected.waitFor({ timeout: 60_000 });
    expect(await rejected.locator('td').nth(1).textContent()).toBe('4');

    // Before a run, each candidate is checked against this roster: the one rotating over Northeast is warned of.
    await page.getByRole('button', { name: 'Save mapping and preview' }).click();
    await page.getByLabel('Candidate 1 · Include s06-round-robin').selectOption('live');
    await page.getByLabel('Candidate 2 · Include northeast-rr').selectOption('draft');
    const warned = page.locator('[data-candidate-warnings="1"]');
    await warned.waitFor({ timeout: 20_000 });
    expect(await warned.locator('li').allTextContents()).toEqual([
      `policy "northeast-rr", node "rr" (teams[0]): no rep of the roster is in team "Northeast" (the roster's active teams: Central, East, West)`,
    ]);
    expect(await page.locator('[data-candidate-warnings="0"]').count()).toBe(0);
    // A warning, not a refusal: the run stays possible.
    await expect.poll(() => page.getByRole('button', { name: 'Run' }).isEnabled()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await product.screenshot('simulation-roster-en');
  });

  it('a viewer reads the results but has no upload, run, cancel or attach, and the server refuses a viewer’s run', async () => {
    expect(simulationId).not.toBe('');
    const made = await product.api('POST', '/v1/users', { email: 'sim-viewer@example.com', role: 'viewer' });
    expect(made.status, made.text).toBe(201);
    const viewer = await product.newPage();
    await product.signIn(viewer, 'sim-viewer@example.com', made.json.password, 'a viewer’s own long password');
    await viewer.goto(`${product.baseUrl}/simulations`);
    await viewer.getByTestId('sim-viewer-note').waitFor();
    expect(await viewer.locator('form[data-form="dataset"], form[data-form="candidates"]').count()).toBe(0);
    await viewer.locator(`tr[data-simulation="${simulationId}"]`).getByRole('link').click();
    await viewer.getByRole('table', { name: 'Overview' }).waitFor();
    expect(await viewer.locator('[data-attach]').count()).toBe(0);
    expect(await viewer.locator('[data-action="cancel"]').count()).toBe(0);
    const refused = await product.api('POST', '/v1/simulations', { datasetId: 'any', candidates: [] }, viewer);
    expect(refused.status).toBe(403);
  });

  it('filters the list by status on the server, deletes an ended simulation and says why a cited one is kept', async () => {
    expect(simulationId).not.toBe('');
    // A second run of the same dataset, cancelled at once: an ended simulation nothing cites.
    const first = await product.api('GET', `/v1/simulations/${simulationId}`);
    const started = await product.api('POST', '/v1/simulations', {
      datasetId: first.json.datasetId,
      candidates: [
        { label: 'rr', policies: [{ key: ROUND_ROBIN.key, version: 'live' }] },
        { label: 'wrr', policies: [{ key: WEIGHTED.key, version: 'live' }] },
      ],
    });
    expect(started.status, started.text).toBe(202);
    const other: string = started.json.id;
    const cancelled = await product.api('POST', `/v1/simulations/${other}/cancel`, {});
    expect(cancelled.status, cancelled.text).toBe(200);
    await expect.poll(async () => (await product.api('GET', `/v1/simulations/${other}`)).json?.status).toBe('cancelled');

    const rows = () =>
      page.locator('tr[data-simulation]').evaluateAll((trs) => trs.map((r) => `${r.getAttribute('data-simulation')} ${r.getAttribute('data-status')}`));
    await page.goto(`${product.baseUrl}/simulations`);
    await expect.poll(rows).toEqual([`${other} cancelled`, `${simulationId} done`]);
    const byStatus = page.getByLabel('Filter by status');
    await byStatus.selectOption('done');
    await expect.poll(rows).toEqual([`${simulationId} done`]);
    await byStatus.selectOption('cancelled');
    await expect.poll(rows).toEqual([`${other} cancelled`]);
    expect(new URL(page.url()).searchParams.get('status')).toBe('cancelled');

    // Deleted after a second question in the row: the row goes, and so does the simulation.
    const otherRow = page.locator(`tr[data-simulation="${other}"]`);
    await otherRow.getByRole('button', { name: 'Delete' }).click();
    await otherRow.getByRole('button', { name: 'Yes, delete' }).click();
    await page.getByText('No simulation matches these filters.').waitFor();
    expect(await page.getByTestId('sim-deleted').textContent()).toMatch(/^Deleted the simulation started /);
    expect((await product.api('GET', `/v1/simulations/${other}`)).status).toBe(404);

    // The one a published version cites stays, and the page says why, in the reader's language.
    await page.evaluate(() => localStorage.setItem('sluice.language', 'zh'));
    await page.goto(`${product.baseUrl}/simulations?status=done`);
    const citedRow = page.locator(`tr[data-simulation="${simulationId}"]`);
    await citedRow.getByRole('button', { name: '删除' }).click();
    await citedRow.getByRole('button', { name: '确认删除' }).click();
    const refusal = page.locator(`[role="alert"][data-delete-problem="${simulationId}"]`);
    await refusal.waitFor();
    expect(await refusal.textContent()).toBe(`未删除：该模拟是 “${WEIGHTED.key}”版本 2 发布时所附的依据，需随发布记录保留`);
    expect(await rows()).toEqual([`${simulationId} done`]);
    expect((await product.api('GET', `/v1/simulations/${simulationId}`)).status).toBe(200);
    expect(await seriousViolations(page)).toEqual([]);
    await product.screenshot('simulation-list-refused-zh');
    await page.evaluate(() => localStorage.setItem('sluice.language', 'en'));
  });
  it('runs an ended simulation again, changes and runs it, and the form keeps its choices across pages', async () => {
    expect(simulationId).not.toBe('');
    const first = (await product.api('GET', `/v1/simulations/${simulationId}`)).json;
    const asked = first.candidates.map((c: { label: string; policies: Array<{ key: string; version: unknown }> }) => ({
      label: c.label,
      policies: c.policies.map((p) => ({ key: p.key, version: p.version })),
    }));
    await page.goto(`${product.baseUrl}/simulations/${encodeURIComponent(simulationId)}`);
    await page.locator('[data-page="simulation"][data-status="done"]').waitFor();

    // Change and run: the new-simulation form, filled in with its dataset, candidates and seed.
    await page.getByRole('link', { name: 'Change and run' }).click();
    await page.waitForURL(`${product.baseUrl}/simulations`);
    await expect.poll(() => page.getByTestId('existing-dataset').inputValue()).toBe(first.datasetId);
    await expect.poll(() => page.getByLabel(`round robin · Include ${ROUND_ROBIN.key}`).inputValue()).toBe('live');
    expect(await page.getByLabel(`weighted · Include ${WEIGHTED.key}`).inputValue()).toBe('1');
    expect(await page.locator('input[name="candidate-0-label"]').inputValue()).toBe('round robin');
    expect(await page.locator('input[name="seed"]').inputValue()).toBe(String(first.seed));
    const run = page.getByRole('button', { name: 'Run' });
    await expect.poll(() => run.isEnabled(), { timeout: 60_000 }).toBe(true);

    // A change not run yet, kept through another page and a reload of this one (the same tab).
    await page.getByLabel(`weighted · Include ${ROUND_ROBIN.key}`).selectOption('live');
    await page.locator('input[name="seed"]').fill('5');
    await page.getByRole('link', { name: 'Policies', exact: true }).click();
    await page.waitForURL('**/policies');
    await page.goto(`${product.baseUrl}/simulations`);
    await expect.poll(() => page.getByTestId('existing-dataset').inputValue()).toBe(first.datasetId);
    await expect.poll(() => page.getByLabel(`weighted · Include ${ROUND_ROBIN.key}`).inputValue()).toBe('live');
    expect(await page.getByLabel(`weighted · Include ${WEIGHTED.key}`).inputValue()).toBe('1');
    expect(await page.locator('input[name="seed"]').inputValue()).toBe('5');

    // Run again, in Chinese: the same dataset, candidates as asked and seed, as a new simulation.
    await useLanguage(page, 'zh');
    await page.goto(`${product.baseUrl}/simulations/${encodeURIComponent(simulationId)}`);
    await page.getByRole('button', { name: '再次运行' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/simulations/') && !url.pathname.endsWith(encodeURIComponent(simulationId)));
    const again = decodeURIComponent(page.url().split('/simulations/')[1]!);
    const rerun = (await product.api('GET', `/v1/simulations/${again}`)).json;
    expect({
      datasetId: rerun.datasetId,
      seed: rerun.seed,
      candidates: rerun.candidates.map((c: { label: string; policies: Array<{ key: string; version: unknown }> }) => ({
        label: c.label,
        policies: c.policies.map((p) => ({ key: p.key, version: p.version })),
      })),
    }).toEqual({
      datasetId: first.datasetId,
      seed: first.seed,
      candidates: asked,
    });
    // Cancelled at once: an ended simulation again, which runs again too.
    await page.getByRole('button', { name: '取消' }).click();
    await page.locator('[data-page="simulation"][data-status="cancelled"]').waitFor({ timeout: 60_000 });
    expect(await page.getByRole('button', { name: '再次运行' }).isEnabled()).toBe(true);
    expect(await page.getByRole('link', { name: '修改后运行' }).getAttribute('href')).toBe(`/simulations?from=${encodeURIComponent(again)}`);
    expect(await seriousViolations(page)).toEqual([]);
    await product.screenshot('simulation-run-again-zh');
    expect((await product.api('DELETE', `/v1/simulations/${again}`)).status).toBe(204);
    await useLanguage(page, 'en');
  });
});

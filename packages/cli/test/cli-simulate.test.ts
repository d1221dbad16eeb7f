import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { ROOT, sluice } from './cliRunner.js';

const EXPORTS = join(ROOT, 'examples/exports');
const tmp = mkdtempSync(join(tmpdir(), 'sluice-simulate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function files(style: string): string[] {
  const args: string[] = [];
  for (const kind of ['leads', 'activities', 'stages', 'roster']) {
    const path = join(EXPORTS, `${style}-${kind}.csv`);
    if (existsSync(path)) args.push(`--${kind}`, path);
  }
  return args.concat('--mapping', join(EXPORTS, `${style}.mapping.json`));
}

// The policies that come with each export (examples/exports/policies): A is one routing document, B a
// set (array) — routing + a reclaim rule. The badly-formed-input tests use the English live one.
const POLICIES = join(EXPORTS, 'policies');
const live = join(POLICIES, 'en-crm.live.json');
const keysOf = (file: string): string[] => {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { key: string } | Array<{ key: string }>;
  return (Array.isArray(doc) ? doc : [doc]).map((p) => p.key);
};

interface Report {
  seed: number;
  inputs: { leads: number; timeZone: string; policies: Array<{ label: string; policies: Array<{ key: string }> }> };
  baseline: string;
  model: { method: { en: string; zh: string }; assumptions: unknown[]; counterfactual: Array<{ policy: string; leads: number }> };
  policies: Array<{ policy: string; leads: number; counterfactual: number; expectedWins: { estimate: number } }>;
  differences: Array<{ policy: string; versus: string; metrics: unknown[] }>;
}

// Each test starts its own CLI process: run them side by side (the machine has two cores).
describe.concurrent('sluice simulate', () => {
  for (const [style, leads, zone] of [
    ['en-crm', 540, 'America/New_York'],
    ['zh-crm', 494, 'Asia/Shanghai'],
  ] as const) {
    it(`${style}: replays the example export through two policy sets and writes the report`, { timeout: 120_000 }, async ({ expect }) => {
      const out = join(tmp, `${style}.json`);
      const html = join(tmp, `${style}.html`);
      const [a, b] = [join(POLICIES, `${style}.live.json`), join(POLICIES, `${style}.candidate.json`)];
      const [liveLabel, candidateLabel] = [`${style}.live`, `${style}.candidate`];
      const r = await sluice('simulate', ...files(style), '--policy', a, '--policy', b, '--seed', '5', '--out', out, '--html', html);
      expect(r.code, r.stderr).toBe(0);
      const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
      expect(report.seed).toBe(5);
      expect(report.inputs.leads).toBe(leads);
      expect(report.inputs.timeZone).toBe(zone);
      expect(report.inputs.policies.map((p) => [p.label, p.policies.map((x) => x.key)])).toEqual([
        [liveLabel, keysOf(a)],
        [candidateLabel, keysOf(b)],
      ]);
      expect(keysOf(b)).toHaveLength(2);
      expect(report.baseline).toBe(liveLabel);
      expect(report.policies.map((p) => [p.policy, p.leads])).toEqual([
        [liveLabel, leads],
        [candidateLabel, leads],
      ]);
      expect(report.model.method.zh.length).toBeGreaterThan(50);
      expect(report.model.assumptions.length).toBeGreaterThan(3);
      expect(report.model.counterfactual.map((c) => c.policy)).toEqual([liveLabel, candidateLabel]);
      // The candidate routes differently from history: some of its leads are estimated, none of live's.
      expect(report.policies[0]!.counterfactual).toBe(0);
      expect(report.policies[1]!.counterfactual).toBeGreaterThan(0);
      expect(report.differences).toHaveLength(1);
      expect(report.differences[0]).toMatchObject({ policy: candidateLabel, versus: liveLabel });
      // Not a terminal: progress as plain lines on stderr, the summary on stdout.
      expect(r.stderr).toContain(`replaying / 回放 "${candidateLabel}" (2/2): `);
      expect(r.stdout).toContain(`${candidateLabel} vs ${liveLabel}:`);
      // The standalone HTML report: both languages, charts inline, no script, the files it came from named.
      const page = readFileSync(html, 'utf8');
      expect(page).not.toMatch(/<script/i);
      expect(page.match(/<svg /g)?.length).toBe(6);
      expect(page).toContain('Policy simulation report');
      expect(page).toContain('策略模拟报告');
      expect(page).toContain(`${style}-leads.csv, ${style}-activities.csv: ${leads} leads`);
      expect(page).toContain(`${style}-leads.csv、${style}-activities.csv：${leads} 条线索`);
    });
  }

  it('a candidate that decides exactly as the baseline is "no difference", never unclear', { timeout: 120_000 }, async ({ expect }) => {
    const same = join(tmp, 'same-as-live.json');
    writeFileSync(same, readFileSync(live));
    const out = join(tmp, 'same.json');
    const r = await sluice('simulate', ...files('en-crm'), '--policy', live, '--policy', same, '--seed', '3', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const verdicts = (JSON.parse(readFileSync(out, 'utf8')) as { verdicts: Array<{ better: string[]; worse: string[]; same: string[] }> }).verdicts;
    expect(verdicts[0]!.better).toEqual([]);
    expect(verdicts[0]!.worse).toEqual([]);
    expect(verdicts[0]!.same).toEqual(expect.arrayContaining(['expectedWins', 'expectedRevenue', 'gini', 'capViolations']));
    expect(r.stdout).toContain(`  no difference / 无差异: ${verdicts[0]!.same.join(', ')}\n`);
  });

  it('names the file and field of a policy that is not a policy document (exit 2, no stack trace)', { timeout: 120_000 }, async ({ expect }) => {
    const bad = join(tmp, 'bad.json');
    writeFileSync(bad, JSON.stringify([{ key: 'x', kind: 'routing', name: 'x', nodes: [], edges: [] }, { kind: 'routing' }]));
    const r = await sluice('simulate', ...files('en-crm'), '--policy', live, '--policy', bad, '--out', join(tmp, 'never.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/policy file ".*bad\.json" is not a policy document at \[1\]\.key: required/);
    expect(r.stderr).toMatch(/策略文件 ".*bad\.json" 在 \[1\]\.key 处不是合法的策略文档：必填（共 \d+ 处问题）/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(tmp, 'never.json'))).toBe(false);
  });

  it("warns before replaying of a team the export's reps are not in, and says so in the report and its page", { timeout: 120_000 }, async ({ expect }) => {
    // The Chinese example's policies rotate over 销售一部 / 销售二部; the English export has other teams.
    const out = join(tmp, 'elsewhere.json');
    const html = join(tmp, 'elsewhere.html');
    const r = await sluice('simulate', ...files('en-crm'), '--policy', live, '--policy', join(POLICIES, 'zh-crm.live.json'), '--out', out, '--html', html);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`warning / 警告: "zh-crm.live": policy "routing", node "rr" (teams[0]): no rep of the roster is in team "销售一部"`);
    expect(r.stderr).toContain('名单中没有团队“销售一部”的销售');
    expect(r.stderr.indexOf('warning / 警告')).toBeLessThan(r.stderr.indexOf('replaying / 回放'));
    const report = JSON.parse(readFileSync(out, 'utf8')) as { warnings: Array<{ policy: string; path: string }>; policies: Array<{ unassigned: number }> };
    expect(report.warnings.map((w) => `${w.policy} ${w.path}`)).toEqual(['zh-crm.live teams[0]', 'zh-crm.live teams[1]']);
    expect(report.policies[1]!.unassigned).toBe(540);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('Check the policies against this history');
    expect(page).toContain('请核对策略与本历史数据');
  });

  it('refuses a seed that is not whole', { timeout: 120_000 }, async ({ expect }) => {
    const seed = await sluice('simulate', ...files('en-crm'), '--policy', live, '--policy', live, '--out', join(tmp, 'x.json'), '--seed', '1.5');
    expect(seed.code).toBe(2);
    expect(seed.stderr).toMatch(/--seed must be a whole number, got "1\.5" \/ --seed 须为整数/);
    expect(existsSync(join(tmp, 'x.json'))).toBe(false);
  });
});

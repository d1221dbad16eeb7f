import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scoreModelSchema } from '@sluice/engine';
import { afterAll, describe, it } from 'vitest';
import { ROOT, sluice } from './cliRunner.js';

const EXPORTS = join(ROOT, 'examples/exports');
const POINTS = join(ROOT, 'examples/policies/marketing-points.json');
const tmp = mkdtempSync(join(tmpdir(), 'sluice-model-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const en = [
  '--leads',
  join(EXPORTS, 'marketing-leads.csv'),
  '--activities',
  join(EXPORTS, 'marketing-activities.csv'),
  '--mapping',
  join(EXPORTS, 'marketing.mapping.json'),
];
const zh = ['--leads', join(EXPORTS, 'marketing-leads-zh.csv'), '--mapping', join(EXPORTS, 'marketing-zh.mapping.json')];
const AT = ['--trained-at', '2026-12-05T08:00:00Z'];

interface Report {
  offered: boolean;
  reason: { en: string; zh: string };
  data: { test: { rows: number }; train: { rows: number } };
  features: { used: Array<{ id: string }>; dropped: Array<{ id: string; code: string; reason: { en: string; zh: string } }> };
  metrics: { test: { model: { auc: number }; points: { auc: number } | null } };
}

// Each test starts its own CLI process: side by side (two cores).
describe.concurrent('sluice model', () => {
  it('train: learns from the English marketing export, drops the leaking columns, beats the points table, writes model + report + HTML', {
    timeout: 180_000,
  }, async ({ expect }) => {
    const [model, report, html] = ['m.json', 'r.json', 'r.html'].map((f) => join(tmp, `en-${f}`)) as [string, string, string];
    const r = await sluice(
      'model',
      'train',
      ...en,
      '--points',
      POINTS,
      '--key',
      'marketing',
      '--by',
      'ops@example.com',
      ...AT,
      '--out',
      model,
      '--report',
      report,
      '--html',
      html,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('5003 rows read, 5000 used, 3 skipped');
    expect(r.stdout).toContain('OFFERED / 推荐使用');
    const m = scoreModelSchema.parse(JSON.parse(readFileSync(model, 'utf8')));
    expect(m.key).toBe('marketing');
    expect(m.provenance).toMatchObject({ trainedAt: '2026-12-05T08:00:00Z', trainedBy: 'ops@example.com', rows: 3750 });
    const rep = JSON.parse(readFileSync(report, 'utf8')) as Report;
    expect(rep.offered).toBe(true);
    expect(rep.data.test.rows).toBe(1250);
    const dropped = Object.fromEntries(rep.features.dropped.map((d) => [d.id, d.code]));
    expect(dropped).toMatchObject({ tags: 'leak-worked', leadQuality: 'leak-worked', lastNotableActivity: 'leak-worked', leadNumber: 'id-or-text' });
    expect(rep.metrics.test.model.auc).toBeGreaterThan(rep.metrics.test.points!.auc);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<svg');
    expect(page).toMatch(/[\u4e00-\u9fff]/);
    expect(page).not.toMatch(/(src|href)="https?:/);
  });

  it('train is deterministic: the zh export twice with the same seed and --trained-at gives byte-identical models', { timeout: 180_000 }, async ({
    expect,
  }) => {
    const [a, b] = [join(tmp, 'zh-a.json'), join(tmp, 'zh-b.json')];
    const [ra, rb] = await Promise.all([
      sluice('model', 'train', ...zh, ...AT, '--seed', '4', '--out', a, '--json'),
      sluice('model', 'train', ...zh, ...AT, '--seed', '4', '--out', b),
    ]);
    expect(ra.code, ra.stderr).toBe(0);
    expect(rb.code, rb.stderr).toBe(0);
    expect(readFileSync(a, 'utf8')).toBe(readFileSync(b, 'utf8'));
    // --json: the report itself on stdout (no points table: judged against the base rate).
    const rep = JSON.parse(ra.stdout) as Report & { comparedWith: { kind: string } };
    expect(rep.comparedWith.kind).toBe('baseRate');
    expect(rep.features.used.map((u) => u.id)).toContain('leadSource');
    const m = scoreModelSchema.parse(JSON.parse(readFileSync(a, 'utf8')));
    expect(m.features.find((f) => f.id === 'leadSource')!.label).toEqual({ en: '来源渠道', zh: '来源渠道' });
  });

  it('evaluate and score: a trained model judged on the export and every lead scored with its top reasons in both languages', { timeout: 180_000 }, async ({
    expect,
  }) => {
    const model = join(tmp, 'zh-eval.json');
    const t = await sluice('model', 'train', ...zh, ...AT, '--out', model);
    expect(t.code, t.stderr).toBe(0);
    const report = join(tmp, 'zh-eval-report.json');
    const csv = join(tmp, 'scores.csv');
    const jsonl = join(tmp, 'scores.jsonl');
    const [e, s, j] = await Promise.all([
      sluice('model', 'evaluate', '--model', model, ...zh, '--report', report),
      sluice('model', 'score', '--model', model, ...zh, '--out', csv),
      sluice('model', 'score', '--model', model, ...zh, '--out', jsonl),
    ]);
    expect(e.code, e.stderr).toBe(0);
    expect((JSON.parse(readFileSync(report, 'utf8')) as Report).data.test.rows).toBe(500);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).toContain('2000 lead(s) scored');
    const lines = readFileSync(csv, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('lead_id,score,probability,reason_1,reason_1_zh,reason_2,reason_2_zh,reason_3,reason_3_zh');
    expect(lines).toHaveLength(2001);
    const first = lines[1]!.split(',');
    expect(first[0]).toBe('88d6d831-673e-4dd6-94e9-a8869a5979c3');
    expect(Number(first[1])).toBeCloseTo(Number(first[2]) * 100, 0);
    expect(first[3]).toMatch(/^.+=.+ [+−]\d+(\.\d)?$/);
    expect(j.code, j.stderr).toBe(0);
    const rows = readFileSync(jsonl, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { leadId: string; score: number; reasons: Array<{ en: string; zh: string; points: number }> });
    expect(rows).toHaveLength(2000);
    expect(rows[0]!.leadId).toBe(first[0]);
    expect(rows[0]!.score).toBe(Number(first[1]));
    expect(rows[0]!.reasons).toHaveLength(3);
    expect(rows[0]!.reasons[0]!.en).toBe(first[3]);
    expect(rows[0]!.reasons[0]!.zh).toBe(first[4]);
    // Largest push first.
    const pts = rows[0]!.reasons.map((r) => Math.abs(r.points));
    expect([...pts].sort((x, y) => y - x)).toEqual(pts);
  });

  it('bad input: a clear bilingual message and exit 2, never a stack trace', { timeout: 180_000 }, async ({ expect }) => {
    const allLost = join(tmp, 'all-lost.csv');
    writeFileSync(
      allLost,
      `id,created,won,source\n${Array.from({ length: 40 }, (_, i) => `L${i},2026-01-${String(1 + (i % 28)).padStart(2, '0')} 10:00,0,web`).join('\n')}\n`,
    );
    const mapping = join(tmp, 'all-lost.mapping.json');
    writeFileSync(
      mapping,
      JSON.stringify({
        version: 1,
        timeZone: 'UTC',
        leads: { columns: { id: 'id', createdAt: 'created', outcome: 'won' }, outcomeValues: { won: ['1'], lost: ['0'] }, attributes: { source: 'source' } },
      }),
    );
    const badModel = join(tmp, 'bad-model.json');
    writeFileSync(
      badModel,
      JSON.stringify({ format: 'sluice.scoreModel/1', key: 'x', kind: 'logistic', intercept: 0, features: [{ id: 'a', kind: 'numeric' }] }),
    );
    const [single, noOut, model, horizon, help] = await Promise.all([
      sluice('model', 'train', '--leads', allLost, '--mapping', mapping, '--out', join(tmp, 'x.json')),
      sluice('model', 'train', ...zh),
      sluice('model', 'score', '--model', badModel, ...zh, '--out', join(tmp, 'x.csv')),
      sluice('model', 'train', ...zh, '--horizon', 'soon', '--out', join(tmp, 'x.json')),
      sluice('model', '--help'),
    ]);
    expect(single.code).toBe(2);
    expect(single.stderr).toContain('0 won and 30 lost');
    expect(single.stderr).toContain('赢单 0 条、输单 30 条');
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('missing --out');
    expect(model.code).toBe(2);
    expect(model.stderr).toContain(`model file "${badModel}" is not a smart-score model at features[0]`);
    expect(horizon.code).toBe(2);
    expect(horizon.stderr).toContain('--horizon must be a number of hours from 0 to 8760, got "soon"');
    for (const r of [single, noOut, model, horizon]) expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('sluice model train');
    expect(help.stdout).toContain('从历史中的赢单/输单线索学习智能评分');
  });
});

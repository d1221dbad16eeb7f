import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMPILE_HELP, DECIDE_HELP, DEMO_HELP, AT_HELP, NODES_HELP, SCHEMA_HELP, TICK_HELP } from '../src/help.js';
import { IMPORT_HELP, MAPPING_HELP } from '../src/import-help.js';
import { MODEL_HELP } from '../src/model-help.js';
import { TEST_HELP } from '../src/policy-test.js';
import { SIMULATE_HELP } from '../src/simulate.js';
import { ROOT, sluice, type CliResult } from './cliRunner.js';

const tmp = mkdtempSync(join(tmpdir(), 'sluice-cli-args-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const EXPORTS = join(ROOT, 'examples/exports');
const HISTORY = ['--leads', join(EXPORTS, 'en-crm-leads.csv'), '--mapping', join(EXPORTS, 'en-crm.mapping.json')];
const LIVE = join(EXPORTS, 'policies/en-crm.live.json');
const CANDIDATE = join(EXPORTS, 'policies/en-crm.candidate.json');
const POLICY = 'examples/policies/s06-round-robin.json';
const STATE = 'examples/states/ae-team.json';

/** A usage error: exit 2, nothing on stdout, no stack trace; returns stderr. */
function refused(r: CliResult): string {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr).not.toContain('internal error');
  return r.stderr;
}

describe('sluice simulate with one --policy', () => {
  it('is refused before any file is read: one policy is compared with nothing', async () => {
    const out = join(tmp, 'one.json');
    const r = await sluice('simulate', ...HISTORY, '--policy', LIVE, '--out', out);
    expect(refused(r)).toBe(
      'sluice: give --policy at least twice: the policies to compare, e.g. the live one and a candidate (the first is the baseline) / ' +
        '请至少给出两次 --policy：要对比的策略，如现行策略和候选策略（第一个为基准）\n',
    );
    expect(existsSync(out)).toBe(false);
  });
});

describe('a missing required option or argument', () => {
  // Each command with what it is given, and the first line it must answer (the usage follows it).
  const cases: Array<[string[], string, string]> = [
    [['compile'], 'sluice: compile: give the policy file to compile (usage below) / compile：请给出要编译的策略文件（用法见下）', COMPILE_HELP],
    [['decide', '--policy', POLICY], 'sluice: decide: missing --event (usage below) / decide：缺少 --event（用法见下）', DECIDE_HELP + AT_HELP],
    [['tick', '--policy', POLICY, '--state', STATE], 'sluice: tick: missing --at (usage below) / tick：缺少 --at（用法见下）', TICK_HELP + AT_HELP],
    [['test'], 'sluice: test: give the policy files to test (usage below) / test：请给出要测试的策略文件（用法见下）', TEST_HELP],
    [
      ['mapping', '--json'],
      'sluice: mapping: give --guess <file>, --check <mapping.json> or --schema (usage below) / mapping：请给出 --guess <文件>、--check <mapping.json> 或 --schema（用法见下）',
      MAPPING_HELP,
    ],
    [['import', '--leads', 'leads.csv'], 'sluice: import: missing --mapping (usage below) / import：缺少 --mapping（用法见下）', IMPORT_HELP],
    [
      ['simulate', ...HISTORY, '--policy', LIVE, '--policy', CANDIDATE],
      'sluice: simulate: missing --out (usage below) / simulate：缺少 --out（用法见下）',
      SIMULATE_HELP,
    ],
    [
      ['simulate', '--policy', LIVE],
      'sluice: simulate: missing --leads, --mapping, --out (usage below) / simulate：缺少 --leads、--mapping、--out（用法见下）',
      SIMULATE_HELP,
    ],
    [['model', 'train', ...HISTORY], 'sluice: model train: missing --out (usage below) / model train：缺少 --out（用法见下）', MODEL_HELP],
    [['model', 'evaluate', ...HISTORY], 'sluice: model evaluate: missing --model (usage below) / model evaluate：缺少 --model（用法见下）', MODEL_HELP],
    [
      ['model', 'score', '--leads', 'leads.csv'],
      'sluice: model score: missing --model, --mapping, --out (usage below) / model score：缺少 --model、--mapping、--out（用法见下）',
      MODEL_HELP,
    ],
  ];

  it('is said in English and Chinese on one line, then the command’s usage (exit 2)', async () => {
    const results = await Promise.all(cases.map(([args]) => sluice(...args)));
    results.forEach((r, i) => {
      const [args, line, usage] = cases[i]!;
      const stderr = refused(r);
      const [first] = stderr.split('\n');
      const halves = first!.replace(/^sluice: /, '').split(' / ');
      expect(halves, args.join(' ')).toHaveLength(2);
      expect(halves[0]!.trim().length, args.join(' ')).toBeGreaterThan(0);
      expect(halves[1]!.trim().length, args.join(' ')).toBeGreaterThan(0);
      expect(stderr, args.join(' ')).toBe(`${line}\n${usage}\n`);
    });
  });
});

describe('options parseArgs refuses', () => {
  it('an unknown option is named in both languages, with the command’s own option it is closest to', async () => {
    const [sed, dash, jsn, modelSed, far, command] = await Promise.all([
      sluice('simulate', ...HISTORY, '--sed', '3'),
      sluice('simulate', '-seed', '3'),
      sluice('nodes', '--jsn'),
      sluice('model', 'train', '--sed', '1'),
      sluice('import', '--frobnicate'),
      sluice('simulte'),
    ]);
    expect(refused(sed)).toBe('sluice: unknown option --sed (did you mean --seed?) / 未知选项 --sed（是否想用 --seed？）\n');
    expect(refused(dash)).toBe('sluice: unknown option -seed (did you mean --seed?) / 未知选项 -seed（是否想用 --seed？）\n');
    expect(refused(jsn)).toBe('sluice: unknown option --jsn (did you mean --json?) / 未知选项 --jsn（是否想用 --json？）\n');
    expect(refused(modelSed)).toBe('sluice: unknown option --sed (did you mean --seed?) / 未知选项 --sed（是否想用 --seed？）\n');
    expect(refused(far)).toBe(
      'sluice: unknown option --frobnicate (sluice import --help lists its options) / 未知选项 --frobnicate（sluice import --help 列出可用选项）\n',
    );
    expect(refused(command).split('\n')[0]).toBe('sluice: unknown command "simulte" (did you mean "simulate"?) / 未知命令 "simulte"（是否想用 "simulate"？）');
  });

  it('a missing or misplaced value names the option and what it takes; a negative number is a value', async () => {
    const base = ['simulate', ...HISTORY, '--policy', LIVE, '--policy', CANDIDATE];
    const [noSeed, noOut, dashOut, jsonValue, positional, negative, horizon] = await Promise.all([
      sluice(...base, '--out', join(tmp, 'x.json'), '--seed'),
      sluice(...base, '--out'),
      sluice(...base, '--out', '--html', join(tmp, 'x.html')),
      sluice('import', ...HISTORY, '--json=yes'),
      sluice('import', 'leads.csv'),
      sluice(...base, '--out', join(tmp, 'x.json'), '--seed', '-1.5'),
      sluice('model', 'train', ...HISTORY, '--out', join(tmp, 'm.json'), '--horizon', '-5'),
    ]);
    expect(refused(noSeed)).toBe('sluice: --seed needs a value: a whole number / --seed 需要一个值：整数\n');
    expect(refused(noOut)).toBe('sluice: --out needs a value: a file path / --out 需要一个值：文件路径\n');
    expect(refused(dashOut)).toBe(
      'sluice: --out needs a value (a file path), not the option "--html"; a value starting with "-" is written --out=<value> / ' +
        '--out 需要一个值（文件路径），而不是选项 "--html"；以 "-" 开头的值请写作 --out=<值>\n',
    );
    expect(refused(jsonValue)).toBe('sluice: --json takes no value, got "--json=yes" / --json 不接受值，实际为 "--json=yes"\n');
    expect(refused(positional)).toBe(
      'sluice: unexpected argument "leads.csv": sluice import takes options only (sluice import --help) / 多余的参数 "leads.csv"：sluice import 只接受选项（见 sluice import --help）\n',
    );
    // "-1.5" reached the option's own check instead of being taken for an option.
    expect(refused(negative)).toBe('sluice: --seed must be a whole number, got "-1.5" / --seed 须为整数，实际为 "-1.5"\n');
    expect(refused(horizon)).toBe(
      'sluice: --horizon must be a number of hours from 0 to 8760, got "-5" / --horizon 须为 0 到 8760 之间的小时数，实际为 "-5"\n',
    );
    expect(existsSync(join(tmp, 'x.json'))).toBe(false);
  });
});

describe('--help and -h', () => {
  const helps: Array<[string[], string]> = [
    [['compile'], COMPILE_HELP],
    [['decide'], DECIDE_HELP + AT_HELP],
    [['tick'], TICK_HELP + AT_HELP],
    [['test'], TEST_HELP],
    [['schema'], SCHEMA_HELP],
    [['nodes'], NODES_HELP],
    [['demo'], DEMO_HELP],
    [['mapping'], MAPPING_HELP],
    [['import'], IMPORT_HELP],
    [['simulate'], SIMULATE_HELP],
    [['model'], MODEL_HELP],
    [['model', 'train'], MODEL_HELP],
    [['model', 'evaluate'], MODEL_HELP],
    [['model', 'score'], MODEL_HELP],
  ];

  it('print every command’s own usage, in English and Chinese, on stdout (exit 0)', async () => {
    const runs = helps.flatMap(([command, usage]) => ['--help', '-h'].map((flag) => ({ args: [...command, flag], usage })));
    const results = await Promise.all(runs.map(({ args }) => sluice(...args)));
    results.forEach((r, i) => {
      const { args, usage } = runs[i]!;
      expect([r.code, r.stderr, r.stdout], args.join(' ')).toEqual([0, '', usage]);
      expect(usage, args.join(' ')).toContain(`  sluice ${args[0]}`);
      expect(usage, args.join(' ')).toMatch(/[\u4e00-\u9fff]/);
    });
  });

  it('wins over anything else on the line, even a mistyped option', async () => {
    const r = await sluice('import', '--leads', 'leads.csv', '--sed', '3', '--help');
    expect([r.code, r.stderr, r.stdout]).toEqual([0, '', IMPORT_HELP]);
  });
});

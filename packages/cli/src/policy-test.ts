/**
 * `sluice test`: run a policy's pinned test cases (the document's `tests`, or a cases file) through
 * the engine's runner, print a readable expected-vs-actual diff per failing expectation, and
 * optionally JUnit XML. Exit 0: every case passed; 1: a case failed; 2: bad input (a file that
 * cannot be read, a policy that does not compile, a malformed case).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import {
  fieldPath,
  type PolicyTestRun,
  type SchemaIssue,
  PolicyNotRunnable,
  runPolicyTests,
  type StateSnapshotInput,
  stateSnapshotSchema,
} from '@sluice/engine';
import { bothLanguages } from './issueWords.js';
import { CliProblem, type Command, parseFlags, usageProblem } from './args.js';
import { junitXml } from './junit.js';
import { userFacing } from './mapping.js';

export const TEST_HELP = `  sluice test <policy.json>… [--cases <cases.json>] [--tenant <state.json>] [--junit <out.xml>] [--lang en|zh] [--json]
                                          run the policy's test cases (its "tests"; --cases: a JSON array of cases,
                                          or a document with "tests", run instead). --tenant: the state cases with
                                          "given": {"tenant": "current"} start from. Exit 0 all pass, 1 any fails,
                                          2 bad input. --junit writes JUnit XML for CI (a testsuite per policy);
                                          --json prints the results (an array for several policy files)
                                          运行策略的测试用例（文档中的 tests；--cases 指定用例文件代替之）。--tenant：
                                          "given": {"tenant": "current"} 的用例所用的租户状态。全部通过退出码 0，
                                          有失败为 1，输入有误为 2。--junit 输出 JUnit XML（每个策略一个 testsuite）；
                                          --json 输出结果 JSON（多个策略文件时为数组）
`;

const TEST: Command = { name: 'test', help: TEST_HELP };

type Lang = 'en' | 'zh';

export function runPolicyTestCommand(args: string[]): Promise<void> {
  return userFacing(() => {
    const parsed = parseFlags(
      TEST,
      args,
      { cases: { type: 'string' }, tenant: { type: 'string' }, junit: { type: 'string' }, lang: { type: 'string' }, json: { type: 'boolean' } },
      true,
    );
    if (!parsed) return;
    const { positionals, values } = parsed;
    if (positionals.length === 0) throw usageProblem(TEST, { en: 'give the policy files to test', zh: '请给出要测试的策略文件' });
    if (positionals.length > 1 && values.cases !== undefined) throw new CliProblem('--cases goes with one policy file', '--cases 只能与一个策略文件一起使用');
    const lang = langFlag(values.lang);
    const cases = values.cases !== undefined ? casesFrom(values.cases) : undefined;
    const tenantState = values.tenant !== undefined ? tenantFrom(values.tenant) : undefined;
    const runs = positionals.map((file) => ({ file, run: runFile(file, cases, tenantState, lang) }));
    if (values.junit !== undefined) writeFileSync(values.junit, junitXml(runs, lang));
    const json = runs.map(({ file, run }) => ({ file, ...run }));
    process.stdout.write(
      values.json ? `${JSON.stringify(json.length === 1 ? json[0] : json, null, 2)}\n` : runs.map(({ file, run }) => report(run, file, lang)).join(''),
    );
    process.exitCode = runs.some(({ run }) => run.counts.errors > 0) ? 2 : runs.every(({ run }) => run.passed) ? 0 : 1;
  });
}

function runFile(file: string, cases: unknown[] | undefined, tenantState: StateSnapshotInput | undefined, lang: Lang): PolicyTestRun {
  const doc = readJson(file, { en: 'policy file', zh: '策略文件' });
  try {
    return runPolicyTests(doc, cases, tenantState ? { tenantState } : {});
  } catch (e) {
    if (!(e instanceof PolicyNotRunnable)) throw e;
    const lines = e.errors.map((x) => `  ✗ ${[x.nodeId && `node ${x.nodeId}`, x.field].filter(Boolean).join(' ')}: ${x.message[lang]}`);
    throw new CliProblem(`policy "${file}" does not compile, so its cases cannot run`, `策略 "${file}" 无法编译，用例无法运行`, `:\n${lines.join('\n')}`);
  }
}

function langFlag(value: string | undefined): Lang {
  if (value === undefined || value === 'en' || value === 'zh') return value ?? 'en';
  throw new CliProblem(`--lang must be en or zh, not "${value}"`, `--lang 须为 en 或 zh`);
}

function readJson(path: string, what: { en: string; zh: string }): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new CliProblem(`cannot read ${what.en} "${path}"`, `无法读取${what.zh} "${path}"`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliProblem(`${what.en} "${path}" is not valid JSON: ${(e as Error).message}`, `${what.zh} "${path}" 不是合法的 JSON`);
  }
}

/** A cases file: an array of cases, or any object with a "tests" array (a policy document, an export). */
function casesFrom(path: string): unknown[] {
  const value = readJson(path, { en: 'cases file', zh: '用例文件' });
  const list = Array.isArray(value) ? value : (value as { tests?: unknown } | null)?.tests;
  if (!Array.isArray(list))
    throw new CliProblem(`cases file "${path}" must hold an array of cases or an object with a "tests" array`, `用例文件须为用例数组，或含 "tests" 数组的对象`);
  return list;
}

function tenantFrom(path: string): StateSnapshotInput {
  const value = readJson(path, { en: 'tenant state file', zh: '租户状态文件' });
  const r = stateSnapshotSchema.safeParse(value);
  if (r.success) return value as StateSnapshotInput;
  const lines = r.error.issues.map((i) => `  ✗ ${fieldPath(i.path) || '(root)'}: ${bothLanguages(i as SchemaIssue, value)}`);
  throw new CliProblem(`tenant state file "${path}" is invalid`, `租户状态文件 "${path}" 无效`, `:\n${lines.join('\n')}`);
}

const WORDS = {
  en: {
    passed: 'passed',
    of: (p: number, n: number) => `${p} of ${n} cases passed`,
    none: 'no test cases',
    expected: 'expected',
    actual: 'actual  ',
    path: 'path',
  },
  zh: { passed: '通过', of: (p: number, n: number) => `${n} 个用例中 ${p} 个通过`, none: '没有测试用例', expected: '期望', actual: '实际', path: '路径' },
} as const;

/** The human report: one line per case, and for a failing one each failed expectation as expected / actual. */
export function report(run: PolicyTestRun, file: string, lang: Lang): string {
  const w = WORDS[lang];
  const out = [`${run.policy.key} (${file}): ${run.counts.cases === 0 ? w.none : w.of(run.counts.passed, run.counts.cases)}`];
  for (const c of run.cases) {
    const mark = c.error ? '!' : c.passed ? '✓' : '✗';
    out.push(`  ${mark} ${c.id}  ${c.name[lang]}`);
    if (c.error) {
      out.push(`      ${c.error.message[lang]}`);
      for (const i of c.error.issues) out.push(`        ${i.path || '(case)'}: ${i.message[lang]}`);
      continue;
    }
    for (const e of c.expectations.filter((x) => !x.passed)) {
      out.push(`      ${e.path} (${e.label[lang]})`);
      out.push(`        ${w.expected}: ${JSON.stringify(e.expected)}`);
      out.push(`        ${w.actual}: ${JSON.stringify(e.actual)}`);
      const step = /^when\[(\d+)\]/.exec(e.path);
      const trace = step ? c.steps[Number(step[1])] : c.steps.at(-1);
      if (trace && trace.visited.length > 0) out.push(`        ${w.path}: ${trace.visited.join(' → ')}`);
    }
  }
  return `${out.join('\n')}\n`;
}

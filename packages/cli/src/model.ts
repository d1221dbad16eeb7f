/**
 * `sluice model train|evaluate|score`: the smart score from the command line. Files are read and
 * written here; importing, training, judging and scoring are the simulator's (pure), scoring runs
 * through the engine's compiled scorer as a decision would.
 */
import { writeFileSync } from 'node:fs';
import type { parseArgs } from 'node:util';
import { fieldPath, type PolicyDocument, schemaIssueMessage, type ScoreModel, scoreModelSchema } from '@sluice/engine';
import type { ImportHistoryInput } from '@sluice/simulator/history';
import { parseMapping } from '@sluice/simulator/history';
import type { ModelReport } from '@sluice/simulator/model';
import { CliProblem, parseFlags, requireFlags } from './args.js';
import { HISTORY_OPTIONS, importWithSummary, readHistoryFiles } from './history-files.js';
import { readJsonFile, userFacing } from './mapping.js';
import { MODEL_HELP } from './model-help.js';
import { writeScores } from './model-score.js';
import { readPolicies, seedFlag } from './simulate.js';

const OPTIONS = {
  ...HISTORY_OPTIONS,
  model: { type: 'string' },
  points: { type: 'string' },
  horizon: { type: 'string' },
  key: { type: 'string' },
  seed: { type: 'string' },
  'test-share': { type: 'string' },
  l2: { type: 'string' },
  exclude: { type: 'string' },
  include: { type: 'string' },
  by: { type: 'string' },
  'trained-at': { type: 'string' },
  out: { type: 'string' },
  report: { type: 'string' },
  html: { type: 'string' },
  json: { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS }>>['values'];

export function runModel(args: string[]): Promise<void> {
  return userFacing(async () => {
    const [sub, ...rest] = args;
    if (sub === undefined || sub === 'help' || sub === '--help' || sub === '-h') {
      process.stdout.write(MODEL_HELP);
      return;
    }
    if (sub !== 'train' && sub !== 'evaluate' && sub !== 'score')
      throw new CliProblem(
        `unknown model command "${sub}" (train, evaluate or score)`,
        `未知的 model 子命令 "${sub}"（train、evaluate 或 score）`,
        `\n${MODEL_HELP}`,
      );
    const command = { name: `model ${sub}`, help: MODEL_HELP };
    const parsed = parseFlags(command, rest, OPTIONS);
    if (!parsed) return;
    const { values } = parsed;
    requireFlags(
      command,
      values,
      sub === 'train' ? ['leads', 'mapping', 'out'] : sub === 'score' ? ['model', 'leads', 'mapping', 'out'] : ['model', 'leads', 'mapping'],
    );
    if (sub === 'train') return train(values);
    if (sub === 'evaluate') return evaluate(values);
    return score(values);
  });
}

function numberFlag(name: string, value: string | undefined, check: (n: number) => boolean, rule: { en: string; zh: string }): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n))
    throw new CliProblem(`--${name} ${rule.en}, got "${value}"`, `--${name} ${rule.zh}，实际为 "${value}"`);
  return n;
}

const horizonFlag = (v: string | undefined) =>
  numberFlag('horizon', v, (n) => n >= 0 && n <= 8760, { en: 'must be a number of hours from 0 to 8760', zh: '须为 0 到 8760 之间的小时数' });
const list = (v: string | undefined): string[] | undefined =>
  v === undefined
    ? undefined
    : v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);

function pointsFlag(path: string | undefined): PolicyDocument | undefined {
  if (path === undefined) return undefined;
  const docs = readPolicies(path);
  if (docs.length !== 1)
    throw new CliProblem(
      `--points "${path}" holds ${docs.length} policies: give the one points table (the policy with the score node)`,
      `--points "${path}" 含 ${docs.length} 个策略：请只给出积分表（含评分节点的策略）`,
    );
  return docs[0];
}

function readModel(path: string): ScoreModel {
  const value = readJsonFile(path, { en: 'model file', zh: '模型文件' });
  const r = scoreModelSchema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const why = schemaIssueMessage(issue, value);
  throw new CliProblem(
    `model file "${path}" is not a smart-score model at ${fieldPath(issue.path) || '(root)'}: ${why.en}`,
    `模型文件 "${path}" 在 ${fieldPath(issue.path) || '(根)'} 处不是合法的智能评分模型：${why.zh}（共 ${r.error.issues.length} 处问题）`,
  );
}

function write(path: string, text: string, what: { en: string; zh: string }): void {
  try {
    writeFileSync(path, text);
  } catch {
    throw new CliProblem(`cannot write the ${what.en} to "${path}"`, `无法写入${what.zh} "${path}"`);
  }
}

/** The simulator's own input errors become bilingual one-liners (exit 2), never a stack. */
async function simulatorProblems<T>(body: () => T): Promise<T> {
  const { ModelTrainingError, EvaluateInputError } = await import('@sluice/simulator/model');
  try {
    return body();
  } catch (e) {
    if (e instanceof ModelTrainingError || e instanceof EvaluateInputError) throw new CliProblem(e.words.en, e.words.zh);
    throw e;
  }
}

function history(values: Values): Promise<{ input: ImportHistoryInput }> {
  return readHistoryFiles({ ...values, leads: values.leads!, mapping: values.mapping! });
}

async function writeReport(report: ModelReport, values: Values): Promise<void> {
  const json = `${JSON.stringify(report, null, 2)}\n`;
  if (values.report !== undefined) write(values.report, json, { en: 'report', zh: '报告文件' });
  if (values.html !== undefined) {
    const { modelReportHtml } = await import('@sluice/simulator/model');
    write(values.html, modelReportHtml(report, 'both'), { en: 'HTML report', zh: 'HTML 报告文件' });
  }
  process.stdout.write(values.json ? json : summary(report));
}

async function train(values: Values): Promise<void> {
  const seed = seedFlag(values.seed);
  const horizonHours = horizonFlag(values.horizon);
  const testShare = numberFlag('test-share', values['test-share'], (n) => n > 0 && n < 1, { en: 'must be between 0 and 1', zh: '须在 0 与 1 之间' });
  const l2 = numberFlag('l2', values.l2, (n) => n >= 0, { en: 'must be a number ≥ 0', zh: '须为 ≥ 0 的数' });
  const trainedAt = values['trained-at'] ?? new Date().toISOString();
  if (!Number.isFinite(Date.parse(trainedAt)))
    throw new CliProblem(
      `--trained-at "${trainedAt}" is not a time (e.g. 2026-12-05T10:00:00Z)`,
      `--trained-at "${trainedAt}" 不是有效时间（如 2026-12-05T10:00:00Z）`,
    );
  const points = pointsFlag(values.points);
  const { input } = await history(values);
  const parsed = parseMapping(input.mapping);
  const imported = importWithSummary(input);
  const { trainScoreModel } = await import('@sluice/simulator/model');
  const exclude = list(values.exclude);
  const include = list(values.include);
  const { model, report } = await simulatorProblems(() =>
    trainScoreModel(imported.history, {
      seed,
      now: trainedAt,
      ...(horizonHours !== undefined ? { horizonHours } : {}),
      ...(testShare !== undefined ? { testShare } : {}),
      ...(l2 !== undefined ? { l2 } : {}),
      ...(exclude ? { exclude } : {}),
      ...(include ? { include } : {}),
      ...(points ? { points } : {}),
      ...(values.key ? { key: values.key } : {}),
      ...(values.by ? { trainedBy: values.by } : {}),
      ...(parsed.ok ? { mapping: parsed.mapping } : {}),
    }),
  );
  write(values.out!, `${JSON.stringify(model, null, 2)}\n`, { en: 'model', zh: '模型文件' });
  if (!values.json) process.stdout.write(`model written to / 模型已写入 ${values.out}\n`);
  await writeReport(report, values);
}

async function evaluate(values: Values): Promise<void> {
  const model = readModel(values.model!);
  const horizonHours = horizonFlag(values.horizon);
  const points = pointsFlag(values.points);
  const seed = values.seed === undefined ? undefined : seedFlag(values.seed);
  const { input } = await history(values);
  const imported = importWithSummary(input);
  const { evaluateScoreModel } = await import('@sluice/simulator/model');
  const report = await simulatorProblems(() =>
    evaluateScoreModel(model, imported.history, {
      ...(points ? { points } : {}),
      ...(horizonHours !== undefined ? { horizonHours } : {}),
      ...(seed !== undefined ? { seed } : {}),
    }),
  );
  await writeReport(report, values);
}

async function score(values: Values): Promise<void> {
  const model = readModel(values.model!);
  const horizonHours = horizonFlag(values.horizon);
  const { input } = await history(values);
  const imported = importWithSummary(input);
  const { scoreHistory } = await import('@sluice/simulator/model');
  const scored = scoreHistory(model, imported.history, { ...(horizonHours !== undefined ? { horizonHours } : {}), top: 3 });
  writeScores(values.out!, scored, write);
  process.stdout.write(`${scored.length} lead(s) scored, written to / 条线索已评分，写入 ${values.out}\n`);
}

const pct = (x: number | null) => (x === null ? '—' : x.toFixed(3));

function summary(r: ModelReport): string {
  const t = r.metrics.test;
  const lines = [
    `test leads / 测试线索: ${r.data.test.rows} (${r.data.test.from.slice(0, 10)} – ${r.data.test.to.slice(0, 10)}), trained on / 训练线索 ${r.data.train.rows}, open left out / 未关闭（不使用）${r.data.openExcluded}`,
    `model / 模型: AUC ${pct(t.model.auc)}, log loss / 对数损失 ${pct(t.model.logLoss)}, ECE ${pct(t.model.ece)}`,
    ...(t.points ? [`points / 积分: AUC ${pct(t.points.auc)}`] : []),
    `AUC difference / AUC 差异: ${r.aucDifference.difference.toFixed(3)} [${r.aucDifference.low.toFixed(3)}, ${r.aucDifference.high.toFixed(3)}]`,
    `features used / 使用特征 ${r.features.used.length}, dropped / 剔除 ${r.features.dropped.length}:`,
    ...r.features.dropped.map((d) => `  - ${d.label.en}: ${d.reason.en} / ${d.reason.zh}`),
    `${r.offered ? 'OFFERED / 推荐使用' : 'NOT OFFERED / 不推荐'}: ${r.reason.en}`,
    `  ${r.reason.zh}`,
  ];
  return `${lines.join('\n')}\n`;
}

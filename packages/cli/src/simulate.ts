/**
 * `sluice simulate`: read CRM export files through a mapping, replay them through two or more policy
 * sets and write the A/B/n report (JSON). Files are read here; the import, the replays and the
 * estimates are the simulator's (pure). Progress goes to stderr: a bar on a terminal, plain lines
 * otherwise (CI logs, pipes).
 */
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fieldPath, type PolicyDocument, policyDocumentSchema, schemaIssueMessage } from '@sluice/engine';
import type { Candidate, SimulationProgress, SimulationReport } from '@sluice/simulator';
import { parseMapping } from '@sluice/simulator/history';
import cliProgress from 'cli-progress';
import { CliProblem, type Command, parseFlags, requireFlags } from './args.js';
import { HISTORY_FILES, HISTORY_OPTIONS, importWithSummary, readHistoryFiles } from './history-files.js';
import { readJsonFile, userFacing } from './mapping.js';

export const SIMULATE_HELP = `  sluice simulate --leads <file> [--activities <file>] [--stages <file>] [--roster <file>] --mapping <mapping.json>
                  --policy <a.json> --policy <b.json> [--policy …] [--seed N] [--encoding auto|utf-8|gb18030] --out <report.json>
                  [--html <report.html>]
                                          replay the history through each policy set (the first is the baseline) and
                                          write the comparison: per-policy metrics, differences with 95 % intervals,
                                          the model and its assumptions. A policy file holds one policy document or an
                                          array of them (scoring + routing + reclaim run together). Same files and seed
                                          → the same report, byte for byte (--seed defaults to 1). --html also writes it
                                          as one standalone page (charts inline, opens offline, English and 中文)
                                          按历史数据回放每组策略（第一组为基准），输出对比报告：各策略指标、带 95% 区间的差异、
                                          估计模型及其假设。策略文件可含一个策略文档或一个数组（评分、分配、回收一起运行）。
                                          相同文件与种子 → 完全相同的报告（--seed 默认为 1）。--html 另存为独立网页（图表内嵌、可离线打开、中英双语）
`;

const SIMULATE: Command = { name: 'simulate', help: SIMULATE_HELP };

export function runSimulate(args: string[]): Promise<void> {
  return userFacing(async () => {
    const flags = parseFlags(SIMULATE, args, {
      ...HISTORY_OPTIONS,
      policy: { type: 'string', multiple: true },
      seed: { type: 'string' },
      out: { type: 'string' },
      html: { type: 'string' },
    });
    if (!flags) return;
    const { values } = flags;
    requireFlags(SIMULATE, values, ['leads', 'mapping', 'policy', 'out']);
    // One policy is compared with nothing: the report would hold no difference and no verdict, only
    // the verdict rule, and read as if the run had found nothing. The server asks for two as well.
    if (values.policy!.length < 2)
      throw new CliProblem(
        'give --policy at least twice: the policies to compare, e.g. the live one and a candidate (the first is the baseline)',
        '请至少给出两次 --policy：要对比的策略，如现行策略和候选策略（第一个为基准）',
      );
    const seed = seedFlag(values.seed);
    const candidates = labelled(values.policy!.map((path) => ({ path, policies: readPolicies(path) })));
    const { input, paths } = await readHistoryFiles({ ...values, leads: values.leads!, mapping: values.mapping! });
    // The replay, the estimates and the HTML report (ECharts) load only now, once every flag and file
    // is known good: a mistyped command answers in about a second instead of after loading them all.
    const { simulate, SimulateInputError, ReplayInputError, EstimateInputError, reportHtml, rosterWarnings, historyLimits } = await import('@sluice/simulator');
    const imported = importWithSummary(input);
    const parsed = parseMapping(input.mapping);
    const timeZone = parsed.ok ? parsed.mapping.timeZone : undefined;
    // Said before the replay: a history no figure can come from (no win, no rep), and a policy
    // naming teams the history does not have (it assigns nobody).
    for (const limit of historyLimits(imported.history)) process.stderr.write(`warning / 警告: ${limit.en}\n  ${limit.zh}\n`);
    for (const w of rosterWarnings({ history: imported.history, policies: candidates }))
      process.stderr.write(`warning / 警告: "${w.policy}": ${w.message.en}\n  ${w.message.zh}\n`);

    const progress = progressReporter(candidates.length);
    let report: SimulationReport;
    try {
      report = simulate({ history: imported.history, policies: candidates, seed, ...(timeZone ? { timeZone } : {}), onProgress: progress.update });
    } catch (e) {
      if (e instanceof SimulateInputError || e instanceof ReplayInputError || e instanceof EstimateInputError) throw new CliProblem(e.words.en, e.words.zh);
      throw e;
    } finally {
      progress.stop();
    }
    try {
      writeFileSync(values.out!, `${JSON.stringify(report, null, 2)}\n`);
    } catch {
      throw new CliProblem(`cannot write the report to "${values.out}"`, `无法写入报告文件 "${values.out}"`);
    }
    if (values.html !== undefined) {
      const files = HISTORY_FILES.flatMap((f) => (paths[f] !== undefined ? [basename(paths[f])] : []));
      const { leads, reps, period } = report.inputs;
      const source = {
        en: `${files.join(', ')}: ${leads} leads, ${reps} reps, ${period.start?.slice(0, 10) ?? '?'} – ${period.end?.slice(0, 10) ?? '?'}`,
        zh: `${files.join('、')}：${leads} 条线索，${reps} 名销售，${period.start?.slice(0, 10) ?? '?'} – ${period.end?.slice(0, 10) ?? '?'}`,
      };
      try {
        writeFileSync(values.html, reportHtml(report, { source }));
      } catch {
        throw new CliProblem(`cannot write the HTML report to "${values.html}"`, `无法写入 HTML 报告文件 "${values.html}"`);
      }
    }
    process.stdout.write(summary(report, values.out!));
  });
}

export function seedFlag(value: string | undefined): number {
  if (value === undefined) return 1;
  const n = Number(value);
  if (value.trim() === '' || !Number.isSafeInteger(n))
    throw new CliProblem(`--seed must be a whole number, got "${value}"`, `--seed 须为整数，实际为 "${value}"`);
  return n;
}

/** One document or an array of them; each checked against the policy schema, problems named by file and field path. */
export function readPolicies(path: string): PolicyDocument[] {
  let value = readJsonFile(path, { en: 'policy file', zh: '策略文件' });
  // An example template ({ id, name, policies: [...] }) is a set too.
  if (isTemplate(value)) value = value.policies;
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw new CliProblem(`policy file "${path}" holds an empty array`, `策略文件 "${path}" 是空数组`);
  return list.map((doc, i) => {
    const r = policyDocumentSchema.safeParse(doc);
    if (r.success) return r.data;
    const issue = r.error.issues[0]!;
    const why = schemaIssueMessage(issue, doc);
    const where =
      `${Array.isArray(value) ? `[${i}]` : ''}${fieldPath(issue.path) ? (Array.isArray(value) ? '.' : '') + fieldPath(issue.path) : ''}` || '(root)';
    throw new CliProblem(
      `policy file "${path}" is not a policy document at ${where}: ${why.en}`,
      `策略文件 "${path}" 在 ${where} 处不是合法的策略文档：${why.zh}（共 ${r.error.issues.length} 处问题）`,
    );
  });
}

function isTemplate(value: unknown): value is { policies: unknown[] } {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !('nodes' in value) && Array.isArray((value as { policies?: unknown }).policies)
  );
}

/** Candidates are named by their file (without .json); the same name twice gets " (2)". */
function labelled(files: Array<{ path: string; policies: PolicyDocument[] }>): Candidate[] {
  const used = new Set<string>();
  return files.map(({ path, policies }) => {
    const base = basename(path).replace(/\.json$/i, '') || path;
    let label = base;
    for (let n = 2; used.has(label); n++) label = `${base} (${n})`;
    used.add(label);
    return { label, policies };
  });
}

const STAGE_WORDS: Record<SimulationProgress['stage'], string> = {
  fit: 'fitting the model / 拟合模型',
  replay: 'replaying / 回放',
  compare: 'comparing / 对比',
};

/** A bar per candidate on a terminal; otherwise a line per stage and every quarter of a replay. */
function progressReporter(candidates: number): { update: (p: SimulationProgress) => void; stop: () => void } {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream: process.stderr, format: '{stage} [{bar}] {percentage}% | {value}/{total} leads', hideCursor: true, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    let current = -1;
    return {
      update(p) {
        if (p.stage !== 'replay') return;
        if (p.index !== current) {
          if (current >= 0) bar.stop();
          current = p.index ?? 0;
          bar.start(p.total, p.done, { stage: `${p.label} (${current + 1}/${candidates})` });
        } else bar.update(p.done);
      },
      stop: () => bar.stop(),
    };
  }
  let lastQuarter = -1;
  let lastIndex = -1;
  return {
    update(p) {
      if (p.stage !== 'replay') {
        if (p.done === 0) process.stderr.write(`${STAGE_WORDS[p.stage]}…\n`);
        return;
      }
      if (p.index !== lastIndex) [lastIndex, lastQuarter] = [p.index ?? 0, -1];
      const quarter = p.total > 0 ? Math.floor((4 * p.done) / p.total) : 4;
      if (quarter === lastQuarter) return;
      lastQuarter = quarter;
      process.stderr.write(`${STAGE_WORDS.replay} "${p.label}" (${lastIndex + 1}/${candidates}): ${p.done}/${p.total} leads / 条线索\n`);
    },
    stop() {},
  };
}

const fmt = (x: number) => (Math.abs(x) >= 1000 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1));

function summary(report: SimulationReport, out: string): string {
  const lines = [`report written to / 报告已写入 ${out}`, ''];
  for (const p of report.policies) {
    const w = p.expectedWins;
    const r = p.expectedRevenue;
    lines.push(
      `${p.policy}: expected wins / 预期赢单 ${fmt(w.estimate)} [${fmt(w.low)}, ${fmt(w.high)}], revenue / 收入 ${fmt(r.estimate)} [${fmt(r.low)}, ${fmt(r.high)}], ` +
        `counterfactual / 反事实 ${p.counterfactual} of ${p.leads}`,
    );
  }
  for (const v of report.verdicts) {
    lines.push(
      '',
      `${v.policy} vs ${v.versus}:`,
      `  better / 更好: ${v.better.join(', ') || '—'}`,
      `  worse / 更差: ${v.worse.join(', ') || '—'}`,
      `  unclear / 无明显差异: ${v.unclear.join(', ') || '—'}`,
      ...(v.same.length > 0 ? [`  no difference / 无差异: ${v.same.join(', ')}`] : []),
    );
  }
  lines.push('', `${report.rule.en}`, `${report.rule.zh}`);
  return `${lines.join('\n')}\n`;
}

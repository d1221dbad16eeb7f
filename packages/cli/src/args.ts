/**
 * Every command's flags are read here, so each answers `--help` / `-h` with its own usage and every
 * mistake on the command line is one bilingual line (exit 2): node:util's parseArgs says its
 * errors in English only, and a usage error used to end in a bare " / 用法见上".
 * Kept free of the simulator: main.ts loads it for every command.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';

/** A problem the user can fix: one line "English / 中文", exit code 2; `more` (a list, the usage) follows as it is. */
export class CliProblem extends Error {
  constructor(en: string, zh: string, more = '') {
    super(`${en} / ${zh}${more}`);
  }
}

/** A command as the user types it ("simulate", "model train") and the usage its --help prints. */
export interface Command {
  name: string;
  help: string;
}

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<O extends Options, P extends boolean> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: P; strict: true }>>;

const FILE = { en: 'a file path', zh: '文件路径' };
const INSTANT = { en: 'an instant with its UTC offset, e.g. 2026-03-02T10:00:00+08:00', zh: '带时区偏移的时间，如 2026-03-02T10:00:00+08:00' };
/** What a value-taking option takes, for "--seed needs a value"; an option not listed takes a file. */
const TAKES: Record<string, { en: string; zh: string }> = {
  seed: { en: 'a whole number', zh: '整数' },
  at: INSTANT,
  'trained-at': INSTANT,
  lang: { en: 'en or zh', zh: 'en 或 zh' },
  kind: { en: 'leads, activities, stages or roster', zh: 'leads、activities、stages 或 roster' },
  encoding: { en: 'auto, utf-8 or gb18030', zh: 'auto、utf-8 或 gb18030' },
  horizon: { en: 'a number of hours from 0 to 8760', zh: '0 到 8760 之间的小时数' },
  'test-share': { en: 'a number between 0 and 1', zh: '0 与 1 之间的数' },
  l2: { en: 'a number ≥ 0', zh: '≥ 0 的数' },
  exclude: { en: 'column names separated by commas', zh: '以逗号分隔的列名' },
  include: { en: 'column names separated by commas', zh: '以逗号分隔的列名' },
  key: { en: 'a key', zh: '键名' },
  by: { en: 'a name', zh: '名称' },
};

/** A value "-1" cannot be an option (none is named by a digit), so `--seed -1` means what it says. */
const NEGATIVE_NUMBER = /^-\d/;

/**
 * Reads `args` against `options` (plus --help/-h). Returns undefined when the usage was printed;
 * throws a CliProblem naming the option for an unknown one, a missing or misplaced value, an
 * argument the command does not take.
 */
export function parseFlags<const O extends Options, const P extends boolean = false>(
  command: Command,
  args: string[],
  options: O,
  allowPositionals?: P,
): Parsed<O, P> | undefined {
  const all: Options = { ...options, help: { type: 'boolean', short: 'h' } };
  // Not strict: every argument comes back as a token, to be judged here in both languages.
  const { tokens } = parseArgs({ args, options: all, allowPositionals: true, strict: false, tokens: true });
  if (tokens.some((t) => t.kind === 'option' && t.name === 'help')) {
    process.stdout.write(command.help);
    return undefined;
  }
  const skip = new Set<number>();
  const rewritten = [...args];
  for (const t of tokens) {
    if (t.kind === 'positional' && !allowPositionals)
      throw new CliProblem(
        `unexpected argument "${t.value}": sluice ${command.name} takes options only (sluice ${command.name} --help)`,
        `多余的参数 "${t.value}"：sluice ${command.name} 只接受选项（见 sluice ${command.name} --help）`,
      );
    if (t.kind !== 'option') continue;
    const spec = options[t.name];
    if (spec === undefined) throw unknownOption(command, t.rawName.startsWith('--') ? t.rawName : args[t.index]!.split('=')[0]!, Object.keys(all));
    if (spec.type === 'boolean') {
      if (t.value !== undefined)
        throw new CliProblem(`${t.rawName} takes no value, got "${args[t.index]}"`, `${t.rawName} 不接受值，实际为 "${args[t.index]}"`);
      continue;
    }
    const takes = TAKES[t.name] ?? FILE;
    if (t.value === undefined) throw new CliProblem(`${t.rawName} needs a value: ${takes.en}`, `${t.rawName} 需要一个值：${takes.zh}`);
    if (t.inlineValue || t.value.length < 2 || !t.value.startsWith('-')) continue;
    if (!NEGATIVE_NUMBER.test(t.value))
      throw new CliProblem(
        `${t.rawName} needs a value (${takes.en}), not the option "${t.value}"; a value starting with "-" is written ${t.rawName}=<value>`,
        `${t.rawName} 需要一个值（${takes.zh}），而不是选项 "${t.value}"；以 "-" 开头的值请写作 ${t.rawName}=<值>`,
      );
    rewritten[t.index] = `${t.rawName}=${t.value}`;
    skip.add(t.index + 1);
  }
  try {
    const parsed = parseArgs({ args: rewritten.filter((_, i) => !skip.has(i)), options: all, allowPositionals: allowPositionals ?? false, strict: true });
    return parsed as unknown as Parsed<O, P>;
  } catch (e) {
    // Whatever the checks above did not foresee is still a usage error, never a stack trace.
    throw new CliProblem((e as Error).message.split('\n')[0]!, `无法读取命令行参数（见 sluice ${command.name} --help）`);
  }
}

function unknownOption(command: Command, typed: string, names: readonly string[]): CliProblem {
  const near = didYouMean(typed.replace(/^-+/, ''), names);
  return near !== undefined
    ? new CliProblem(`unknown option ${typed} (did you mean --${near}?)`, `未知选项 ${typed}（是否想用 --${near}？）`)
    : new CliProblem(
        `unknown option ${typed} (sluice ${command.name} --help lists its options)`,
        `未知选项 ${typed}（sluice ${command.name} --help 列出可用选项）`,
      );
}

/**
 * The missing required options, said in both languages with the usage after:
 * "simulate: missing --out (usage below) / simulate：缺少 --out（用法见下）".
 */
export function requireFlags(command: Command, values: Record<string, unknown>, names: readonly string[]): void {
  const missing = names.filter((n) => {
    const v = values[n];
    return Array.isArray(v) ? v.length === 0 : !v;
  });
  if (missing.length === 0) return;
  const flags = missing.map((m) => `--${m}`);
  throw usageProblem(command, { en: `missing ${flags.join(', ')}`, zh: `缺少 ${flags.join('、')}` });
}

/** A usage error about what the command was given, its usage printed after the bilingual line. */
export function usageProblem(command: Command, what: { en: string; zh: string }): CliProblem {
  return new CliProblem(`${command.name}: ${what.en} (usage below)`, `${command.name}：${what.zh}（用法见下）`, `\n${command.help}`);
}

/**
 * The name `typed` is a typo of, or none: at most a third of its length (1 to 3) edits away, as
 * the engine suggests node kinds; ties go to the first in `names`, so the message never varies.
 */
export function didYouMean(typed: string, names: readonly string[]): string | undefined {
  const limit = Math.min(3, Math.max(1, Math.floor(typed.length / 3)));
  let best: { name: string; d: number } | undefined;
  for (const name of names) {
    const d = editDistance(typed.toLowerCase(), name.toLowerCase());
    if (d <= limit && (best === undefined || d < best.d)) best = { name, d };
  }
  return best?.name;
}

function editDistance(s: string, t: string): number {
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[t.length]!;
}

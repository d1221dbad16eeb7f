#!/usr/bin/env -S npx tsx
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  compilePolicy,
  decide,
  decideReference,
  defaultRegistry,
  describeNodeKinds,
  eventSchema,
  fieldPath,
  instant,
  InMemoryState,
  leadFieldCatalogSchema,
  policyJsonSchema,
  recordEventFacts,
  schemaIssueZh,
  stateSnapshotSchema,
  tick,
  unknownRosterRefs,
  type CompileError,
  type PolicyDocumentInput,
  type RosterView,
  type Labels,
  type LeadField,
  type SchemaIssue,
} from '@sluice/engine';
import { runDemo } from './demo.js';
import { IMPORT_HELP, MAPPING_HELP } from './import-help.js';

/** A problem the user can fix: printed without a stack trace, exit code 2 (1 is "policy has errors"). */
class UsageError extends Error {
  /** `text` in both languages prints as one line, "English / 中文"; `more` (a list, the help) follows as it is. */
  constructor(text: Labels | string, more = '') {
    super((typeof text === 'string' ? text : `${text.en} / ${text.zh}`) + more);
  }
}

/** The files the CLI reads, named in both languages. */
const FILE_KINDS = {
  policy: { en: 'policy', zh: '策略' },
  state: { en: 'state', zh: '状态' },
  event: { en: 'event', zh: '事件' },
  catalog: { en: 'field catalog', zh: '字段目录' },
} satisfies Record<string, Labels>;
type FileKind = keyof typeof FILE_KINDS;

/**
 * What `--at` is, said once for the help and the usage errors: the decision instant. The server
 * decides at its own clock (a stored decision's `at`), so that is the --at that reproduces it.
 */
const AT_HELP = `  --at is the decision instant ("now"): shifts, out of office, daily caps and their local day,
  claim limits, penalties in force, cooling, reclaim and cascade clocks and reminders read it.
  The event's own "at" (and activity.at) only says when what it reports happened.
  decide without --at decides at the event's "at"; the server decides at its clock (the "at" of
  a stored decision): pass that to reproduce a server decision.
  --at takes an instant with its UTC offset, e.g. 2026-03-02T10:00:00+08:00 or …Z
  --at 即决策时刻（“当前时间”）：班次、休假、每日上限及其本地日、领取限制、生效中的惩罚、冷却期、
  回收与分级计时及提醒都以它为准；事件自身的 at（及 activity.at）只表示所报告的事情发生的时间。
  decide 未给 --at 时按事件的 at 决策；服务器按自己的时钟决策（即已保存决策的 "at"），复现时请传入该值。
  --at 须为带时区偏移的时间，如 2026-03-02T10:00:00+08:00 或 …Z
`;

const HELP = `sluice — lead circulation policies / 线索流转策略

  sluice compile <policy.json> [--fields <catalog.json>] [--state <state.json>]
                                          print the compiled json-rules-engine rules, or the errors (exit 1);
                                          --fields: the tenant's lead-field catalog (a JSON array, like
                                          examples/fields.json): unknown lead fields become errors. Without it
                                          they are warnings on stderr and the exit code stays 0;
                                          --state: the roster it will run with (a state file's reps): a team,
                                          rep or role no active rep has is a warning on stderr (exit stays 0)
                                          --state：将使用的名单，没有在职销售的团队、销售或职能会在 stderr 警告
  sluice decide --policy <p.json> --state <state.json> --event <event.json> [--at <iso>] [--reference]
                                          print the decision as JSON (--at defaults to the event's time)
  sluice tick --policy <p.json> --state <state.json> --at <iso>
                                          run a clock tick: every owned lead (or rep) the policy checks
  sluice test <policy.json>… [--cases <file>] [--tenant <state.json>] [--junit <out.xml>] [--lang en|zh] [--json]
                                          run the policy's test cases; exit 1 if any fails (sluice test --help)
                                          运行策略的测试用例，有失败时退出码为 1
  sluice schema                           print the policy document's JSON Schema
  sluice nodes [--json]                   list node kinds (en / zh); --json: schemas for the editor
  sluice demo                             replay a few leads through an example policy
${MAPPING_HELP}${IMPORT_HELP}  sluice simulate --leads <file> --mapping <mapping.json> --policy <a.json> --policy <b.json> --out <report.json>
                                          A/B/n replay of a history (sluice simulate --help) / 历史回放对比
  sluice model train|evaluate|score --leads <file> --mapping <mapping.json> …
                                          the smart score: learn P(won) from won and lost leads, judge it against the
                                          points table, score leads (sluice model --help) / 智能评分：训练、评估、评分
${AT_HELP}`;

function readJson(path: string, kind: FileKind): unknown {
  const what = FILE_KINDS[kind];
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError({ en: `cannot read ${what.en} file "${path}"`, zh: `无法读取${what.zh}文件 "${path}"` });
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError({ en: `${what.en} file "${path}" is not valid JSON: ${(e as Error).message}`, zh: `${what.zh}文件 "${path}" 不是合法的 JSON` });
  }
}

function describeError(e: CompileError): string {
  const where = [e.nodeId && `node ${e.nodeId}`, e.edgeId && `edge ${e.edgeId}`, e.field && `field ${e.field}`].filter(Boolean).join(', ');
  return `  ✗ [${e.code}]${where ? ` ${where}:` : ''} ${e.message.en}\n      ${e.message.zh}`;
}

/** `warn`: print what the compiler could not vouch for (lead fields read without a catalog) to stderr. */
function compileOrExit(path: string, options: { fields?: readonly LeadField[]; warn?: boolean; document?: unknown } = {}) {
  const result = compilePolicy(options.document ?? readJson(path, 'policy'), options.fields ? { fields: options.fields } : {});
  if (options.warn && result.warnings && result.warnings.length > 0) {
    process.stderr.write(
      `${path}: ${result.warnings.length} warning(s) / 个警告\n${result.warnings.map(describeError).join('\n').replaceAll('✗', '!')}\n` +
        `  pass --fields <catalog.json> to check lead fields against the tenant's catalog / 传入 --fields <catalog.json> 可按租户字段目录检查线索字段\n`,
    );
  }
  if (!result.ok) {
    process.stderr.write(`${path}: ${result.errors.length} error(s) / 个错误\n${result.errors.map(describeError).join('\n')}\n`);
    process.exitCode = 1;
    return undefined;
  }
  return result.policy;
}

/** Warnings on stderr, never an error: the roster is the CRM's to change, and may name the team tomorrow. */
function warnRosterRefs(path: string, policy: PolicyDocumentInput, reps: RosterView['reps']): void {
  const found = unknownRosterRefs([policy], { reps });
  if (found.length === 0) return;
  process.stderr.write(
    `${path}: ${found.length} roster warning(s) / 个名单警告\n${found.map((f) => `  ! [${f.reason === 'inactive' ? 'inactiveRosterRef' : 'unknownRosterRef'}] ${f.message.en}\n    ${f.message.zh}`).join('\n')}\n`,
  );
}

function parseOrThrow<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } } },
  value: unknown,
  kind: FileKind,
  path: string,
): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const what = FILE_KINDS[kind];
  const lines = r.error.issues.map((i) => `  ✗ ${fieldPath(i.path) || '(root)'}: ${i.message}`);
  throw new UsageError({ en: `${what.en} file "${path}" is invalid`, zh: `${what.zh}文件无效` }, `:\n${lines.join('\n')}`);
}

/**
 * A lead-field catalog file: each problem names the entry by position and, when it has one, by
 * name, so "[3].type" in a file of 200 fields can be found.
 */
function readCatalog(path: string): LeadField[] {
  const value = readJson(path, 'catalog');
  const r = leadFieldCatalogSchema.safeParse(value);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => {
    const entry = Array.isArray(value) && typeof i.path[0] === 'number' ? (value[i.path[0]] as { name?: unknown } | undefined) : undefined;
    const named = entry && typeof entry.name === 'string' ? ` (field "${entry.name}" / 字段 "${entry.name}")` : '';
    return `  ✗ ${fieldPath(i.path) || '(root)'}${named}: ${i.message}`;
  });
  throw new UsageError({ en: `field catalog file "${path}" is invalid`, zh: `字段目录文件 "${path}" 无效` }, `:\n${lines.join('\n')}`);
}

/**
 * `--at` is an instant like any other: without an offset it would be read in this machine's zone,
 * and the same command would reclaim a lead on one host and keep it on another.
 */
function atFlag(value: string): string {
  const r = instant.safeParse(value);
  if (r.success) return r.data;
  if (instant.safeParse(`${value}Z`).success) {
    throw new UsageError({
      en: `--at "${value}" has no UTC offset: add one (Z or ±hh:mm, e.g. ${value}+08:00) so the time does not depend on this machine's time zone`,
      zh: `--at "${value}" 缺少时区偏移：请加上 Z 或 ±hh:mm（如 ${value}+08:00），以免结果取决于本机时区`,
    });
  }
  const why = issueText(r.error.issues[0]!, value);
  throw new UsageError({ en: `--at "${value}" is not a valid instant: ${why.en}`, zh: `--at "${value}" 不是合法的时间：${why.zh}` });
}

/**
 * A schema issue in both languages: the Chinese from the engine's one translator (which takes a
 * custom message's own Chinese half), the English as the message says it, without that half.
 */
function issueText(issue: SchemaIssue, input: unknown): Labels {
  const zh = schemaIssueZh(issue, input);
  const en = issue.message.endsWith(` / ${zh}`) ? issue.message.slice(0, -(zh.length + 3)) : issue.message;
  return { en, zh };
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'compile': {
      const { positionals, values } = parseArgs({ args: rest, allowPositionals: true, options: { fields: { type: 'string' }, state: { type: 'string' } } });
      if (positionals.length !== 1) throw new UsageError('usage: sluice compile <policy.json> [--fields <catalog.json>] [--state <state.json>]');
      const fields = values.fields !== undefined ? readCatalog(values.fields) : undefined;
      const snapshot = values.state ? parseOrThrow(stateSnapshotSchema, readJson(values.state, 'state'), 'state', values.state) : undefined;
      const document = readJson(positionals[0]!, 'policy');
      const policy = compileOrExit(positionals[0]!, { ...(fields ? { fields } : {}), warn: true, document });
      // With the roster it will run against: the teams, reps and roles no active rep has (a rotation over them finds nobody).
      if (policy && snapshot && snapshot.reps.length > 0) warnRosterRefs(positionals[0]!, document as PolicyDocumentInput, snapshot.reps);
      if (policy) {
        const { key, kind, name, version, trigger, rules } = policy;
        process.stdout.write(`${JSON.stringify({ key, kind, name, version, trigger, rules }, null, 2)}\n`);
      }
      return;
    }
    case 'decide': {
      const { values } = parseArgs({
        args: rest,
        options: { policy: { type: 'string' }, state: { type: 'string' }, event: { type: 'string' }, at: { type: 'string' }, reference: { type: 'boolean' } },
      });
      if (!values.policy || !values.event)
        throw new UsageError(`usage: sluice decide --policy <p.json> --state <state.json> --event <event.json> [--at <iso>]\n${AT_HELP}`);
      const policy = compileOrExit(values.policy);
      if (!policy) return;
      const snapshot = values.state ? parseOrThrow(stateSnapshotSchema, readJson(values.state, 'state'), 'state', values.state) : stateSnapshotSchema.parse({});
      const event = parseOrThrow(eventSchema, readJson(values.event, 'event'), 'event', values.event);
      const at = values.at !== undefined ? atFlag(values.at) : event.at;
      const state = new InMemoryState(snapshot);
      // What the event reports is recorded first, at its own time, as the server does: the same lead for both.
      const told = recordEventFacts(state, event);
      const decision = values.reference ? await decideReference(policy, told, state, at) : decide(policy, told, state, at);
      process.stdout.write(`${JSON.stringify(decision, null, 2)}\n`);
      return;
    }
    case 'tick': {
      const { values } = parseArgs({ args: rest, options: { policy: { type: 'string' }, state: { type: 'string' }, at: { type: 'string' } } });
      if (!values.policy || !values.state || !values.at)
        throw new UsageError(`usage: sluice tick --policy <p.json> --state <state.json> --at <iso time>\n${AT_HELP}`);
      const policy = compileOrExit(values.policy);
      if (!policy) return;
      const at = atFlag(values.at);
      const snapshot = parseOrThrow(stateSnapshotSchema, readJson(values.state, 'state'), 'state', values.state);
      process.stdout.write(`${JSON.stringify(tick(policy, new InMemoryState(snapshot), at), null, 2)}\n`);
      return;
    }
    case 'schema':
      process.stdout.write(`${JSON.stringify(policyJsonSchema(), null, 2)}\n`);
      return;
    case 'nodes':
      if (rest.includes('--json')) {
        process.stdout.write(`${JSON.stringify(describeNodeKinds(defaultRegistry), null, 2)}\n`);
        return;
      }
      for (const spec of defaultRegistry.list()) process.stdout.write(`${spec.kind.padEnd(28)} ${spec.labels.en} / ${spec.labels.zh}\n`);
      return;
    case 'demo':
      process.stdout.write(runDemo());
      return;
    case 'mapping':
      return (await import('./mapping.js')).runMapping(rest);
    case 'import':
      return (await import('./import.js')).runImport(rest);
    case 'simulate':
      return (await import('./simulate.js')).runSimulate(rest);
    case 'test':
      return (await import('./policy-test.js')).runPolicyTestCommand(rest);
    case 'model':
      return (await import('./model.js')).runModel(rest);
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(HELP);
      return;
    default:
      throw new UsageError({ en: `unknown command "${command}"`, zh: '未知命令' }, `\n\n${HELP}`);
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`sluice: ${(e as Error).message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`sluice: internal error, please report it / 内部错误，请反馈: ${(e as Error).message}\n`);
    process.exitCode = 3;
  }
});

#!/usr/bin/env -S npx tsx
import { readFileSync } from 'node:fs';
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
  schemaIssueMessage,
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
import { bothLanguages } from './issueWords.js';
import { CliProblem, type Command, didYouMean, parseFlags, requireFlags, usageProblem } from './args.js';
import { runDemo } from './demo.js';
import { AT_HELP, COMPILE_HELP, DECIDE_HELP, DEMO_HELP, HELP, NODES_HELP, SCHEMA_HELP, TICK_HELP } from './help.js';

/** A problem the user can fix: printed without a stack trace, exit code 2 (1 is "policy has errors"). */
class UsageError extends CliProblem {
  /** `text` in both languages prints as one line, "English / 中文"; `more` (a list, the help) follows as it is. */
  constructor(text: Labels, more = '') {
    super(text.en, text.zh, more);
  }
}

const COMMANDS = {
  compile: { name: 'compile', help: COMPILE_HELP },
  decide: { name: 'decide', help: DECIDE_HELP + AT_HELP },
  tick: { name: 'tick', help: TICK_HELP + AT_HELP },
  schema: { name: 'schema', help: SCHEMA_HELP },
  nodes: { name: 'nodes', help: NODES_HELP },
  demo: { name: 'demo', help: DEMO_HELP },
} satisfies Record<string, Command>;
/** Every command, for "did you mean" on a mistyped one. */
const COMMAND_NAMES = [...Object.keys(COMMANDS), 'test', 'mapping', 'import', 'simulate', 'model', 'help'];

/** The files the CLI reads, named in both languages. */
const FILE_KINDS = {
  policy: { en: 'policy', zh: '策略' },
  state: { en: 'state', zh: '状态' },
  event: { en: 'event', zh: '事件' },
  catalog: { en: 'field catalog', zh: '字段目录' },
} satisfies Record<string, Labels>;
type FileKind = keyof typeof FILE_KINDS;

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
  const lines = r.error.issues.map((i) => `  ✗ ${fieldPath(i.path) || '(root)'}: ${bothLanguages(i as SchemaIssue, value)}`);
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
    return `  ✗ ${fieldPath(i.path) || '(root)'}${named}: ${bothLanguages(i, value)}`;
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

/** A schema issue in both languages, from the engine's one translator ("must be 0 or more" / "不能小于 0"). */
function issueText(issue: SchemaIssue, input: unknown): Labels {
  return schemaIssueMessage(issue, input);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'compile': {
      const parsed = parseFlags(COMMANDS.compile, rest, { fields: { type: 'string' }, state: { type: 'string' } }, true);
      if (!parsed) return;
      const { positionals, values } = parsed;
      if (positionals.length !== 1)
        throw usageProblem(
          COMMANDS.compile,
          positionals.length === 0
            ? { en: 'give the policy file to compile', zh: '请给出要编译的策略文件' }
            : { en: `give one policy file, not ${positionals.length}`, zh: `请只给出一个策略文件，而不是 ${positionals.length} 个` },
        );
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
      const parsed = parseFlags(COMMANDS.decide, rest, {
        policy: { type: 'string' },
        state: { type: 'string' },
        event: { type: 'string' },
        at: { type: 'string' },
        reference: { type: 'boolean' },
      });
      if (!parsed) return;
      const { values } = parsed;
      requireFlags(COMMANDS.decide, values, ['policy', 'event']);
      const policy = compileOrExit(values.policy!);
      if (!policy) return;
      const snapshot = values.state ? parseOrThrow(stateSnapshotSchema, readJson(values.state, 'state'), 'state', values.state) : stateSnapshotSchema.parse({});
      const event = parseOrThrow(eventSchema, readJson(values.event!, 'event'), 'event', values.event!);
      const at = values.at !== undefined ? atFlag(values.at) : event.at;
      const state = new InMemoryState(snapshot);
      // What the event reports is recorded first, at its own time, as the server does: the same lead for both.
      const told = recordEventFacts(state, event);
      const decision = values.reference ? await decideReference(policy, told, state, at) : decide(policy, told, state, at);
      process.stdout.write(`${JSON.stringify(decision, null, 2)}\n`);
      return;
    }
    case 'tick': {
      const parsed = parseFlags(COMMANDS.tick, rest, { policy: { type: 'string' }, state: { type: 'string' }, at: { type: 'string' } });
      if (!parsed) return;
      const { values } = parsed;
      requireFlags(COMMANDS.tick, values, ['policy', 'state', 'at']);
      const policy = compileOrExit(values.policy!);
      if (!policy) return;
      const at = atFlag(values.at!);
      const snapshot = parseOrThrow(stateSnapshotSchema, readJson(values.state!, 'state'), 'state', values.state!);
      process.stdout.write(`${JSON.stringify(tick(policy, new InMemoryState(snapshot), at), null, 2)}\n`);
      return;
    }
    case 'schema':
      if (!parseFlags(COMMANDS.schema, rest, {})) return;
      process.stdout.write(`${JSON.stringify(policyJsonSchema(), null, 2)}\n`);
      return;
    case 'nodes': {
      const parsed = parseFlags(COMMANDS.nodes, rest, { json: { type: 'boolean' } });
      if (!parsed) return;
      if (parsed.values.json) {
        process.stdout.write(`${JSON.stringify(describeNodeKinds(defaultRegistry), null, 2)}\n`);
        return;
      }
      for (const spec of defaultRegistry.list()) process.stdout.write(`${spec.kind.padEnd(28)} ${spec.labels.en} / ${spec.labels.zh}\n`);
      return;
    }
    case 'demo':
      if (!parseFlags(COMMANDS.demo, rest, {})) return;
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
    case '-h':
      process.stdout.write(HELP);
      return;
    default: {
      const near = didYouMean(command, COMMAND_NAMES);
      throw new UsageError(
        near
          ? { en: `unknown command "${command}" (did you mean "${near}"?)`, zh: `未知命令 "${command}"（是否想用 "${near}"？）` }
          : { en: `unknown command "${command}"`, zh: '未知命令' },
        `\n\n${HELP}`,
      );
    }
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  if (e instanceof CliProblem) {
    process.stderr.write(`sluice: ${(e as Error).message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`sluice: internal error, please report it / 内部错误，请反馈: ${(e as Error).message}\n`);
    process.exitCode = 3;
  }
});

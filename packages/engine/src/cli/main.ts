#!/usr/bin/env -S npx tsx
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { compilePolicy } from '../compiler/compile.js';
import { decide, decideReference } from '../engine/decide.js';
import { tick } from '../engine/tick.js';
import { eventSchema, instant } from '../types/domain.js';
import { stateSnapshotSchema } from '../state/snapshot.js';
import { InMemoryState } from '../state/memory.js';
import { policyJsonSchema } from '../types/policy.js';
import { defaultRegistry } from '../nodes/registry.js';
import { describeNodeKinds } from '../nodes/catalog.js';
import { fieldPath } from '../compiler/compile.js';
import { runDemo } from './demo.js';
import type { CompileError } from '../compiler/types.js';

/** A problem the user can fix: printed without a stack trace, exit code 2 (1 is "policy has errors"). */
class UsageError extends Error {}

const HELP = `sluice — lead circulation policies / 线索流转策略

  sluice compile <policy.json>            print the compiled json-rules-engine rules, or the errors (exit 1)
  sluice decide --policy <p.json> --state <state.json> --event <event.json> [--at <iso>] [--reference]
                                          print the decision as JSON (--at defaults to the event's time)
  sluice tick --policy <p.json> --state <state.json> --at <iso>
                                          run a clock tick: every owned lead (or rep) the policy checks
  sluice schema                           print the policy document's JSON Schema
  sluice nodes [--json]                   list node kinds (en / zh); --json: schemas for the editor
  sluice demo                             replay a few leads through an example policy

  --at takes an instant with its UTC offset, e.g. 2026-03-02T10:00:00+08:00 or …Z
  --at 须为带时区偏移的时间，如 2026-03-02T10:00:00+08:00 或 …Z
`;

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${what} file "${path}" / 无法读取${whatZh(what)}文件 "${path}"`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${what} file "${path}" is not valid JSON: ${(e as Error).message} / ${whatZh(what)}文件 "${path}" 不是合法的 JSON`);
  }
}

function whatZh(what: string): string {
  return ({ policy: '策略', state: '状态', event: '事件' } as Record<string, string>)[what] ?? what;
}

function describeError(e: CompileError): string {
  const where = [e.nodeId && `node ${e.nodeId}`, e.edgeId && `edge ${e.edgeId}`, e.field && `field ${e.field}`].filter(Boolean).join(', ');
  return `  ✗ [${e.code}]${where ? ` ${where}:` : ''} ${e.message.en}\n      ${e.message.zh}`;
}

function compileOrExit(path: string) {
  const result = compilePolicy(readJson(path, 'policy'));
  if (!result.ok) {
    process.stderr.write(`${path}: ${result.errors.length} error(s) / 个错误\n${result.errors.map(describeError).join('\n')}\n`);
    process.exitCode = 1;
    return undefined;
  }
  return result.policy;
}

function parseOrThrow<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } } }, value: unknown, what: string, path: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => `  ✗ ${fieldPath(i.path) || '(root)'}: ${i.message}`);
  throw new UsageError(`${what} file "${path}" is invalid / ${whatZh(what)}文件无效:\n${lines.join('\n')}`);
}

/**
 * `--at` is an instant like any other: without an offset it would be read in this machine's zone,
 * and the same command would reclaim a lead on one host and keep it on another.
 */
function atFlag(value: string): string {
  const r = instant.safeParse(value);
  if (r.success) return r.data;
  if (instant.safeParse(`${value}Z`).success) {
    throw new UsageError(
      `--at "${value}" has no UTC offset: add one (Z or ±hh:mm, e.g. ${value}+08:00) so the time does not depend on this machine's time zone / ` +
        `--at "${value}" 缺少时区偏移：请加上 Z 或 ±hh:mm（如 ${value}+08:00），以免结果取决于本机时区`,
    );
  }
  const [en, zh = en] = r.error.issues[0]!.message.split(' / ');
  throw new UsageError(`--at "${value}" is not a valid instant: ${en} / --at "${value}" 不是合法的时间：${zh}`);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'compile': {
      const { positionals } = parseArgs({ args: rest, allowPositionals: true });
      if (positionals.length !== 1) throw new UsageError('usage: sluice compile <policy.json>');
      const policy = compileOrExit(positionals[0]!);
      if (policy) {
        const { key, kind, name, version, trigger, rules } = policy;
        process.stdout.write(JSON.stringify({ key, kind, name, version, trigger, rules }, null, 2) + '\n');
      }
      return;
    }
    case 'decide': {
      const { values } = parseArgs({
        args: rest,
        options: { policy: { type: 'string' }, state: { type: 'string' }, event: { type: 'string' }, at: { type: 'string' }, reference: { type: 'boolean' } },
      });
      if (!values.policy || !values.event) throw new UsageError('usage: sluice decide --policy <p.json> --state <state.json> --event <event.json> [--at <iso>]');
      const policy = compileOrExit(values.policy);
      if (!policy) return;
      const snapshot = values.state ? parseOrThrow(stateSnapshotSchema, readJson(values.state, 'state'), 'state', values.state) : stateSnapshotSchema.parse({});
      const event = parseOrThrow(eventSchema, readJson(values.event, 'event'), 'event', values.event);
      const at = values.at !== undefined ? atFlag(values.at) : event.at;
      const state = new InMemoryState(snapshot);
      const decision = values.reference ? await decideReference(policy, event, state, at) : decide(policy, event, state, at);
      process.stdout.write(JSON.stringify(decision, null, 2) + '\n');
      return;
    }
    case 'tick': {
      const { values } = parseArgs({ args: rest, options: { policy: { type: 'string' }, state: { type: 'string' }, at: { type: 'string' } } });
      if (!values.policy || !values.state || !values.at) throw new UsageError('usage: sluice tick --policy <p.json> --state <state.json> --at <iso time>');
      const policy = compileOrExit(values.policy);
      if (!policy) return;
      const at = atFlag(values.at);
      const snapshot = parseOrThrow(stateSnapshotSchema, readJson(values.state, 'state'), 'state', values.state);
      process.stdout.write(JSON.stringify(tick(policy, new InMemoryState(snapshot), at), null, 2) + '\n');
      return;
    }
    case 'schema':
      process.stdout.write(JSON.stringify(policyJsonSchema(), null, 2) + '\n');
      return;
    case 'nodes':
      if (rest.includes('--json')) {
        process.stdout.write(JSON.stringify(describeNodeKinds(defaultRegistry), null, 2) + '\n');
        return;
      }
      for (const spec of defaultRegistry.list()) process.stdout.write(`${spec.kind.padEnd(28)} ${spec.labels.en} / ${spec.labels.zh}\n`);
      return;
    case 'demo':
      process.stdout.write(runDemo());
      return;
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(HELP);
      return;
    default:
      throw new UsageError(`unknown command "${command}" / 未知命令\n\n${HELP}`);
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

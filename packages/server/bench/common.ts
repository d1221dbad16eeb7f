/**
 * What the server benchmark's targets share (server.bench.ts, poisoned.ts, scale*.ts): flags,
 * output, the figures' shape and the machine. The server child (children.ts), a fresh database per
 * lane (lanes.ts) and the load with its checks (load.ts) live beside it.
 */
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const flag = (name: string): string | undefined => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);

export const JSON_OUT = process.argv.includes('--json');
/** `--profile <dir>`: the server children write V8 CPU profiles (.cpuprofile) there. */
export const PROFILE_DIR = process.argv.includes('--profile') ? resolve(flag('--profile') ?? 'bench-profiles') : undefined;
/** `--only embedded,postgres,baseline,poisoned,simLoad` (poisoned-embedded, poisoned-postgres: one lane): run just these targets (default: all but simLoad). */
const ONLY = process.argv.includes('--only') ? new Set((flag('--only') ?? '').split(',')) : undefined;
export const wanted = (target: string) => !ONLY || ONLY.has(target);
/** Targets too long or too large for every run (simLoad): only when `--only` names them. */
export const named = (target: string) => ONLY?.has(target) === true;
/** `--warmup <s>` and `--seconds <s>`: warm-up and measured seconds per run (short ones to try the bench out). */
export const WARMUP_S = Number(flag('--warmup') ?? 2);
export const DURATION_S = Number(flag('--seconds') ?? 10);
/** `--rounds <n>`: clean/poisoned pairs of the poisoned target (2). */
export const ROUNDS = Number(flag('--rounds') ?? 2);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
export const POLICY = 's06-round-robin';
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';

export const log = (line: string) => {
  if (!JSON_OUT) process.stdout.write(line + '\n');
};
/** Correctness lines: on stdout with the table, on stderr with --json (stdout holds only the object). */
export const report = (line: string) => (JSON_OUT ? process.stderr : process.stdout).write(line + '\n');

export interface Figures {
  throughput: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Server process CPU ms per answered request (not PostgreSQL's own). */
  cpuMsPerRequest: number;
}

// --- report --------------------------------------------------------------------------------------

export function machine() {
  const c = cpus();
  return {
    cpus: c.length,
    cpuModel: c[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${type()} ${release()}`,
    node: process.version,
    loadavg1m: Number(loadavg()[0]!.toFixed(2)),
    connections: CONNECTIONS,
    seconds: DURATION_S,
    warmupSeconds: WARMUP_S,
    policy: POLICY,
  };
}

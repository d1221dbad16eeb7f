/**
 * `node --import tsx packages/simulator/bench/compareTime.ts <dir> [--seed 1] [--bootstrap 200] [--out report.json]`:
 * a server simulation of a dataset written by packages/server/bench/simData.ts, in one process and
 * without the server: the import the worker does, then simulate with the bench's two candidates,
 * printing CPU-seconds per stage (import, fit, each replay, compare), peak RSS and a digest of the
 * report (sha256 of its JSON) — the same inputs and seed must give the same digest on any build.
 * Bundle it (esbuild) to measure: tsx's keepNames slows hot paths.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { importHistory } from '../src/history/importHistory.js';
import { type SimulationProgress, simulate } from '../src/simulate/index.js';
import { BENCH_POLICIES } from './simHistory.js';

const args = process.argv.slice(2);
const dir = args[0];
if (!dir) throw new Error('usage: compareTime.ts <dir> [--seed 1] [--bootstrap 200] [--out report.json]');
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i < 0 ? undefined : args[i + 1];
};
const seed = Number(option('seed') ?? 1);
const bootstrap = option('bootstrap') === undefined ? undefined : Number(option('bootstrap'));

const cpuNow = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};
const stages: Record<string, number> = {};
let mark = cpuNow();
const close = (stage: string) => {
  const now = cpuNow();
  stages[stage] = Math.round((now - mark) * 100) / 100;
  mark = now;
};

const load0 = loadavg()[0]!;
const { mapping } = JSON.parse(readFileSync(join(dir, 'mapping.json'), 'utf8')) as { mapping: { timeZone?: string } };
const { history } = importHistory({ mapping, leads: readFileSync(join(dir, 'leads.csv')), activities: readFileSync(join(dir, 'activities.csv')) });
close('import');

let current = '';
const onProgress = (p: SimulationProgress) => {
  const stage = p.stage === 'replay' ? `replay${p.index}` : p.stage;
  if (stage !== current) {
    close(current || 'check');
    current = stage;
  }
};
const report = simulate({
  history,
  policies: BENCH_POLICIES,
  seed,
  calendars: [],
  onProgress,
  ...(mapping.timeZone ? { timeZone: mapping.timeZone } : {}),
  ...(bootstrap !== undefined ? { bootstrap } : {}),
});
close(current);
const json = JSON.stringify(report);
const out = option('out');
if (out) writeFileSync(out, json);
console.log(
  JSON.stringify({
    leads: history.leads.length,
    cpuSeconds: stages,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    load1: [Math.round(load0 * 10) / 10, Math.round(loadavg()[0]! * 10) / 10],
    digest: createHash('sha256').update(json).digest('hex').slice(0, 16),
  }),
);

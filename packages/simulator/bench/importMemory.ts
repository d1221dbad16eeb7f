/**
 * `node --expose-gc --import tsx packages/simulator/bench/importMemory.ts <dir> [history module]`:
 * the CSV import alone (issue #12) on a dataset written by packages/server/bench/simData.ts, printing
 * peak RSS, heap kept after a forced GC, and CPU-seconds. The optional module path lets a run of
 * another checkout's importer be interleaved with this one's in the same conditions; IMPORT_DIGEST=1
 * adds a digest of the result, to check that both give the same one.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = process.argv[2];
if (!dir) throw new Error('usage: importMemory.ts <dir> [history module]');
const modulePath = resolve(process.argv[3] ?? join(import.meta.dirname, '../src/history/importHistory.ts'));
const { importHistory } = (await import(pathToFileURL(modulePath).href)) as typeof import('../src/history/importHistory.js');
const { mapping } = JSON.parse(readFileSync(join(dir, 'mapping.json'), 'utf8')) as { mapping: unknown };
const leads = readFileSync(join(dir, 'leads.csv'));
const activities = readFileSync(join(dir, 'activities.csv'));
const gc = (globalThis as { gc?: () => void }).gc;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const result = importHistory({ mapping, leads, activities });
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
gc?.();
const mb = (n: number) => Math.round(n / 1024 / 1024);
console.log(
  JSON.stringify({
    module: modulePath,
    leads: result.history.leads.length,
    activities: result.history.activities.length,
    rejects: result.rejects.length,
    seconds: Math.round(seconds * 10) / 10,
    cpuSeconds: Math.round((cpu.user + cpu.system) / 1e5) / 10,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    heapAfterGcMB: mb(process.memoryUsage().heapUsed),
    load1: Math.round(loadavg()[0]! * 10) / 10,
    // Opt-in: the digest says two importers gave the same result, at the cost of a copy of it as JSON.
    ...(process.env.IMPORT_DIGEST ? { digest: createHash('sha256').update(JSON.stringify(result)).digest('hex').slice(0, 12) } : {}),
  }),
);

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRASHED, endOfChild, inputBytes, simulationEnv, simulationHeapMB, simulationIsolation, simulationNice, startTask } from '../src/simulation/spawn.js';

/**
 * A simulation runs in a child process of its own at a lower OS priority (issue #12: decisions
 * stay fast while it runs): every thread of it lowered, a cancel kills it, and the report comes
 * back whole over the channel.
 */

const EXPORTS = new URL('../../../examples/exports/', import.meta.url);
const POLICIES = new URL('../../../examples/policies/', import.meta.url);
const SLOW = { timeout: 120_000 };
/** A whole run at nice 10 waits for every busier process on a loaded machine. */
const SLOWER = { timeout: 300_000 };

function policy(name: string) {
  const doc = JSON.parse(readFileSync(new URL(`${name}.json`, POLICIES), 'utf8'));
  // Routed to the English export's teams (the examples route to team "ae").
  for (const node of doc.nodes) if (Array.isArray(node.data?.teams)) node.data.teams = ['Central', 'East', 'West'];
  return doc;
}

function task() {
  return {
    task: 'simulate' as const,
    files: { leads: readFileSync(new URL('en-crm-leads.csv', EXPORTS)), activities: readFileSync(new URL('en-crm-activities.csv', EXPORTS)) },
    mapping: JSON.parse(readFileSync(new URL('en-crm.mapping.json', EXPORTS), 'utf8')),
    candidates: [
      { label: 'round robin', policies: [policy('s06-round-robin')] },
      { label: 'weighted', policies: [policy('s07-weighted-round-robin')] },
    ],
    seed: 7,
    calendars: [],
  };
}

/** The nice value of every thread of a process (Linux: field 19 of /proc/<pid>/task/<tid>/stat). */
function niceOfThreads(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).map((tid) => Number(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]));
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('a simulation in a process of its own', () => {
  // The test run lowers its simulations less (vitest.config.ts): these tests see the server's default.
  const runPriority = process.env.SLUICE_SIMULATION_NICE;
  beforeAll(() => {
    delete process.env.SLUICE_SIMULATION_NICE;
  });
  afterAll(() => {
    if (runPriority !== undefined) process.env.SLUICE_SIMULATION_NICE = runPriority;
  });

  it('reads its priority and where it runs from the environment, ignoring values out of range', () => {
    expect(simulationNice({})).toBe(10);
    expect(simulationNice({ SLUICE_SIMULATION_NICE: '19' })).toBe(19);
    expect(simulationNice({ SLUICE_SIMULATION_NICE: '0' })).toBe(0);
    for (const bad of ['', ' ', '-1', '20', '3.5', 'high']) expect(simulationNice({ SLUICE_SIMULATION_NICE: bad }), bad).toBe(10);
    expect(simulationIsolation({})).toBe('process');
    expect(simulationIsolation({ SLUICE_SIMULATION_ISOLATION: 'thread' })).toBe('thread');
    expect(simulationIsolation({ SLUICE_SIMULATION_ISOLATION: 'fiber' })).toBe('process');
    expect(simulationHeapMB({})).toBe(1280);
    expect(simulationHeapMB({ SLUICE_SIMULATION_HEAP_MB: '4096' })).toBe(4096);
    for (const bad of ['', '255', '65537', '1500.5', 'lots']) expect(simulationHeapMB({ SLUICE_SIMULATION_HEAP_MB: bad }), bad).toBe(1280);
  });

  it('asks glibc for huge pages under its large arrays unless the operator set its malloc tunables', () => {
    const server = { PATH: '/usr/bin', SLUICE_SIMULATION_NICE: '5' };
    expect(simulationEnv(server)).toEqual({ ...server, GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' });
    // The server's own environment is not changed by it.
    expect(server).toEqual({ PATH: '/usr/bin', SLUICE_SIMULATION_NICE: '5' });
    const tuned = { PATH: '/usr/bin', GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0:glibc.malloc.arena_max=2' };
    expect(simulationEnv(tuned)).toEqual(tuned);
    expect(simulationEnv({ GLIBC_TUNABLES: '' })).toEqual({ GLIBC_TUNABLES: '' });
  });

  it('gives a bigger dataset a bigger heap, within the machine, unless the setting says otherwise', () => {
    const MB = 2 ** 20;
    const GB24 = 24 * 1024 * MB;
    expect(simulationHeapMB({}, 10 * MB, GB24)).toBe(1280 + 40);
    // A million leads' export (214 MB of CSV) gets the heap its import needs (it ran out of memory at 1280, and ran whole at 2136).
    expect(simulationHeapMB({}, 214 * MB, GB24)).toBe(1280 + 214 * 4);
    // Never more than three quarters of the machine, never less than the base.
    expect(simulationHeapMB({}, 8192 * MB, GB24)).toBe(18 * 1024);
    expect(simulationHeapMB({}, 214 * MB, 1024 * MB)).toBe(1280);
    expect(simulationHeapMB({ SLUICE_SIMULATION_HEAP_MB: '512' }, 214 * MB, GB24)).toBe(512);
    expect(inputBytes({ task: 'guess', files: { leads: new Uint8Array(3), activities: new Uint8Array(5) } })).toBe(8);
  });

  it('says a process that outgrew its heap ran out of memory, naming the limit and the setting', async () => {
    // A real V8 heap overflow, to learn how such a process ends.
    const child = spawn(process.execPath, ['--max-old-space-size=16', '-e', 'const a = []; for (;;) a.push(new Array(1e5).fill(1));'], { stdio: 'ignore' });
    const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
    const words = endOfChild(code, signal, 16);
    expect(words.en).toContain('ran out of memory (heap limit 16 MB)');
    expect(words.en).toContain('SLUICE_SIMULATION_HEAP_MB');
    expect(words.zh).toContain('内存不足（堆上限 16 MB）');
    expect(endOfChild(1, null, 16)).toEqual(CRASHED);
    expect(endOfChild(null, 'SIGKILL', 16)).toEqual(CRASHED);
  });

  it('runs at nice 10 in every thread, reports progress, and sends the whole report back', SLOWER, async () => {
    let niceDuringRun: number[] | undefined;
    const phases = new Set<string>();
    const running = startTask(task(), (p) => {
      phases.add(p.stage);
      if (niceDuringRun === undefined && process.platform === 'linux' && running.pid !== undefined) niceDuringRun = niceOfThreads(running.pid);
    });
    expect(running.pid).toBeGreaterThan(0);
    expect(running.pid).not.toBe(process.pid);
    const end = await running.done;
    expect(end.ok, JSON.stringify(end)).toBe(true);
    const report = (end as { value: { baseline: string; policies: Array<{ label?: string; policy?: string }> } }).value;
    expect(report.baseline).toBe('round robin');
    expect(report.policies.map((p) => p.label ?? p.policy)).toEqual(['round robin', 'weighted']);
    expect(phases.has('replay')).toBe(true);
    if (process.platform === 'linux') {
      expect(niceDuringRun?.length).toBeGreaterThan(1);
      expect(new Set(niceDuringRun)).toEqual(new Set([10]));
    }
    // Done: the process has exited on its own.
    await running.stop();
    expect(alive(running.pid!)).toBe(false);
  });

  it('is killed by a cancel: the process is gone and the run ends as not ok', SLOW, async () => {
    // Eight candidates: a run long enough to be still going when the cancel comes, however quick the
    // machine (with the bundled worker, two candidates were done within the second this test waited).
    const candidates = Array.from({ length: 8 }, (_, i) => ({
      label: `candidate ${i + 1}`,
      policies: [policy(i % 2 ? 's07-weighted-round-robin' : 's06-round-robin')],
    }));
    const running = startTask({ ...task(), candidates });
    // Wherever it is by then (starting, importing, replaying): a cancel does not wait for it.
    await new Promise((r) => setTimeout(r, 300));
    expect(alive(running.pid!)).toBe(true);
    await running.stop();
    expect(alive(running.pid!)).toBe(false);
    const end = await running.done;
    expect(end.ok).toBe(false);
  });

  it('stops when its server dies, without a word to it', SLOW, async () => {
    // A server (this script) starts a simulation and exits at once (the task keeps no process alive).
    const spawnTs = fileURLToPath(new URL('../src/simulation/spawn.ts', import.meta.url));
    const script = `
      import { startTask } from ${JSON.stringify(spawnTs)};
      let text = '';
      for await (const b of process.stdin) text += b;
      const input = JSON.parse(text);
      for (const k of Object.keys(input.files)) input.files[k] = Buffer.from(input.files[k], 'base64');
      const running = startTask(input);
      console.log('pid ' + running.pid);`;
    const t = task();
    const input = { ...t, files: { leads: t.files.leads.toString('base64'), activities: t.files.activities.toString('base64') } };
    const server = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
    server.stdin.end(JSON.stringify(input));
    let out = '';
    server.stdout.on('data', (b: Buffer) => (out += b.toString()));
    await new Promise((r) => server.on('exit', r));
    server.stdout.destroy();
    const pid = Number(/pid (\d+)/.exec(out)?.[1]);
    expect(pid).toBeGreaterThan(0);
    const deadline = Date.now() + 60_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(alive(pid)).toBe(false);
  });
});

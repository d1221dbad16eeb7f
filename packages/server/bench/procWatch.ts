/**
 * Watches a process and the processes it starts (a simulation job's child) from /proc (Linux):
 * peak resident set (VmHWM, the kernel's own high-water mark, so a peak between two samples still
 * counts) and CPU seconds, sampled twice a second. A child's last figures are the ones sampled
 * before it exited.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cpuSeconds } from './children.js';

export interface ProcFigures {
  pid: number;
  peakRssMB: number;
  cpuSeconds: number;
}

function peakKb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

/**
 * The main thread's (the decisions') time on a CPU and time runnable but waiting for one, in ms
 * (Linux /proc/<pid>/task/<pid>/schedstat): the wait is what a lower-priority simulation should
 * not add to, whatever else the machine runs.
 */
export function mainThreadTimes(pid: number): { cpuMs: number; waitMs: number } {
  try {
    const [run, wait] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').trim().split(' ').map(Number);
    return { cpuMs: run! / 1e6, waitMs: wait! / 1e6 };
  } catch {
    return { cpuMs: NaN, waitMs: NaN };
  }
}

const cmdline = (pid: number): string => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
};

/** Watches `pid` and those of its children whose command line matches `children` (the simulation's, not tsx's esbuild). */
export function watchProcess(pid: number, children = /simulation-worker|worker-source/): { stop(): { main: ProcFigures; children: ProcFigures[] } } {
  const seen = new Map<number, ProcFigures>();
  const sample = () => {
    for (const p of [pid, ...childrenOf(pid).filter((c) => children.test(cmdline(c)))]) {
      const kb = peakKb(p);
      const cpu = cpuSeconds(p);
      if (!Number.isFinite(kb) || !Number.isFinite(cpu)) continue;
      const was = seen.get(p);
      seen.set(p, { pid: p, peakRssMB: Math.max(was?.peakRssMB ?? 0, Math.round(kb / 1024)), cpuSeconds: cpu });
    }
  };
  sample();
  const timer = setInterval(sample, 500);
  return {
    stop: () => {
      sample();
      clearInterval(timer);
      const main = seen.get(pid) ?? { pid, peakRssMB: NaN, cpuSeconds: NaN };
      return { main, children: [...seen.values()].filter((p) => p.pid !== pid) };
    },
  };
}

/**
 * A decision load whose every answer is kept with the time it came back, so one run can be cut
 * into windows afterwards (before a simulation, during it, during its replay). autocannon gives one
 * summary per run, which is why the simLoad target has its own.
 *   closed loop — `clients` connections, each sending its next request when the last is answered
 *                 (throughput falls when the server slows: the latency hides part of the harm);
 *   open loop   — `rate` requests a second on a fixed schedule whatever the answers do; latency
 *                 counts from the scheduled send, so a stalled server shows its whole queue.
 */
import { performance } from 'node:perf_hooks';

export interface Sample {
  /** When the answer came back (ms, performance.now()). */
  at: number;
  ms: number;
  ok: boolean;
}

export interface LatencyFigures {
  /** Answers in the window. */
  count: number;
  errors: number;
  decisionsPerSec: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface DecideLoad {
  samples: Sample[];
  /** Requests sent (every one is awaited by stop(), so each has its sample). */
  sent(): number;
  stop(): Promise<void>;
}

let run = 0;

export function startDecideLoad(base: string, key: string, opts: { clients: number; rate?: number }): DecideLoad {
  const tag = `sl${++run}`;
  const samples: Sample[] = [];
  let n = 0;
  let stopped = false;
  const one = async (scheduled: number): Promise<void> => {
    const i = ++n;
    const at = new Date().toISOString();
    const lead = { id: `lead-${tag}-${i}`, createdAt: at, company: `Bench Co ${i}`, region: 'east', product: 'crm', employees: 50 + (i % 500) };
    let ok = false;
    try {
      const res = await fetch(`${base}/v1/decide`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ id: `ev-${tag}-${i}`, type: 'lead.created', at, lead }),
      });
      await res.arrayBuffer();
      ok = res.ok;
    } catch {
      ok = false;
    }
    const now = performance.now();
    samples.push({ at: now, ms: now - scheduled, ok });
  };
  const loops: Promise<void>[] = [];
  if (opts.rate) {
    const rate = opts.rate;
    const inFlight = new Set<Promise<void>>();
    loops.push(
      (async () => {
        const start = performance.now();
        for (let k = 0; !stopped; k++) {
          const due = start + (k * 1000) / rate;
          const wait = due - performance.now();
          // Behind schedule, still yield: a loop that never awaits a macrotask starves its own requests' I/O.
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          else await new Promise((r) => setImmediate(r));
          const p = one(due).finally(() => inFlight.delete(p));
          inFlight.add(p);
        }
        await Promise.all(inFlight);
      })(),
    );
  } else {
    for (let c = 0; c < opts.clients; c++)
      loops.push(
        (async () => {
          while (!stopped) await one(performance.now());
        })(),
      );
  }
  return {
    samples,
    sent: () => n,
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

const quantile = (sorted: number[], q: number): number => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
const ms = (x: number) => Math.round(x * 10) / 10;

/** The answers that came back in [from, to) (ms, performance.now()). */
export function window(samples: Sample[], from: number, to: number): LatencyFigures {
  const inside = samples.filter((s) => s.at >= from && s.at < to);
  const sorted = inside.map((s) => s.ms).sort((a, b) => a - b);
  const seconds = Math.max(0.001, (to - from) / 1000);
  return {
    count: inside.length,
    errors: inside.filter((s) => !s.ok).length,
    decisionsPerSec: Math.round((inside.filter((s) => s.ok).length / seconds) * 10) / 10,
    p50: ms(quantile(sorted, 0.5)),
    p90: ms(quantile(sorted, 0.9)),
    p99: ms(quantile(sorted, 0.99)),
    max: ms(sorted.at(-1) ?? NaN),
  };
}

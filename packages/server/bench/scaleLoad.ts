/**
 * The decision loads of the openLoop and tickStall targets: new leads for s06's round robin, each
 * answer kept with the time it came back (so a run can be cut into windows), and every refused or
 * failed answer counted by status (0: no answer, with the error), so a failed check says why.
 *   open loop   — `rate` requests a second on a fixed schedule; latency counts from the scheduled
 *                 send; after stop, answers still out are awaited DRAIN_MS, then abandoned;
 *   closed loop — `clients` connections, each sending its next request when the last is answered.
 */
import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { Sample } from './decideLoad.js';

/** After an open loop's schedule stops, answers still out are awaited this long, then abandoned (a server far past its capacity would take minutes to drain). */
export const DRAIN_MS = 20_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let runs = 0;

export interface ScaleLoad {
  samples: Sample[];
  /** Failed answers by status ('0 <error>' when none came). */
  failures: Map<string, number>;
  sent(): number;
  /** Stops sending; resolves with how many requests were abandoned unanswered (open loop only). */
  stop(): Promise<number>;
}

export function startScaleLoad(base: string, key: string, opts: { rate: number } | { clients: number }): ScaleLoad {
  const tag = `sc${++runs}`;
  const samples: Sample[] = [];
  const failures = new Map<string, number>();
  const abort = new AbortController();
  // One signal for every request out (thousands when the server falls behind): not a leak.
  setMaxListeners(0, abort.signal);
  const inFlight = new Set<Promise<void>>();
  let n = 0;
  let stopped = false;
  const one = async (scheduled: number): Promise<void> => {
    const i = ++n;
    const at = new Date().toISOString();
    const lead = { id: `lead-${tag}-${i}`, createdAt: at, company: `Scale Co ${tag} ${i}`, region: 'east', product: 'crm', employees: 50 + (i % 500) };
    let failure: string | undefined;
    try {
      const res = await fetch(`${base}/v1/decide`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ id: `ev-${tag}-${i}`, type: 'lead.created', at, lead }),
        signal: abort.signal,
      });
      const body = await res.text();
      if (!res.ok) failure = `${res.status} ${body.slice(0, 120)}`;
    } catch (e) {
      if (abort.signal.aborted) return; // abandoned at the drain deadline: no answer, no sample
      failure = `0 ${String((e as Error).cause ?? e).slice(0, 120)}`;
    }
    if (failure) failures.set(failure, (failures.get(failure) ?? 0) + 1);
    const now = performance.now();
    samples.push({ at: now, ms: now - scheduled, ok: failure === undefined });
  };
  const track = (p: Promise<void>) => {
    const q = p.finally(() => inFlight.delete(q));
    inFlight.add(q);
  };
  let loops: Promise<void>;
  if ('rate' in opts) {
    loops = (async () => {
      const start = performance.now();
      for (let k = 0; !stopped; k++) {
        const due = start + (k * 1000) / opts.rate;
        const wait = due - performance.now();
        // Behind schedule, still yield: a loop that never awaits would starve the requests it sends (and stop()).
        await (wait > 0 ? sleep(wait) : new Promise((r) => setImmediate(r)));
        track(one(due));
      }
    })();
  } else {
    loops = Promise.all(
      Array.from({ length: opts.clients }, async () => {
        while (!stopped) await one(performance.now());
      }),
    ).then(() => undefined);
  }
  return {
    samples,
    failures,
    sent: () => n,
    stop: async () => {
      stopped = true;
      await loops;
      if (await Promise.race([Promise.all(inFlight).then(() => true), sleep(DRAIN_MS).then(() => false)])) return 0;
      const left = inFlight.size;
      abort.abort();
      await Promise.all(inFlight);
      return left;
    },
  };
}

/** The failures as one short text for a check line. */
export const failuresText = (f: Map<string, number>): string =>
  f.size === 0
    ? ''
    : ` (failures: ${[...f]
        .map(([k, v]) => `${v}× ${k}`)
        .join('; ')
        .slice(0, 400)})`;

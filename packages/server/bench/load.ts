/** The bench's load (autocannon runs of POST /v1/decide) and the checks of what it stored. */
import autocannon from 'autocannon';
import { CONNECTIONS, type Figures } from './common.js';
import { benchReps, type Stored } from './lanes.js';

let sequence = 0;

/** A `POST /v1/decide` request for autocannon: `eventAt(n, at)` builds the n-th event, sent at `at`. */
export function decideRequest(
  key: string,
  eventAt: (n: number, at: string) => object,
  onResponse?: (status: number, body: string) => void,
): autocannon.Request {
  let n = 0;
  return {
    method: 'POST',
    path: '/v1/decide',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    setupRequest: (req) => ({ ...req, body: JSON.stringify(eventAt(++n, new Date().toISOString())) }),
    ...(onResponse ? { onResponse } : {}),
  };
}

/** One autocannon run; every request is a new lead.created with its own event and lead id. */
export function load(base: string, key: string, tag: string, seconds: number, connections = CONNECTIONS): Promise<autocannon.Result> {
  const run = ++sequence;
  return autocannon({
    url: base,
    connections,
    duration: seconds,
    requests: [
      decideRequest(key, (n, at) => {
        const lead = { id: `lead-${tag}-${run}-${n}`, createdAt: at, company: `Bench Co ${n}`, region: 'east', product: 'crm', employees: 50 + (n % 500) };
        return { id: `ev-${tag}-${run}-${n}`, type: 'lead.created', at, lead };
      }),
    ],
  });
}

/** Requests written to the socket (autocannon's requests.sent, missing from its types). */
export const sentOf = (runs: autocannon.Result[]): number => runs.reduce((s, x) => s + ((x.requests as { sent?: number }).sent ?? Infinity), 0);

export function figures(r: autocannon.Result): Omit<Figures, 'cpuMsPerRequest'> {
  return { throughput: Math.round(r['2xx'] / r.duration), p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max };
}

/**
 * Decisions stored = 2xx answers, plus the requests still in flight when autocannon stopped (the
 * server finishes them, the client no longer counts them: at most one per connection and run);
 * every new lead owned; active reps' shares within one; the inactive rep gets none.
 */
export function verdict(
  ok2xx: number,
  sent: number,
  { stored, owned }: Pick<Stored, 'stored' | 'owned'>,
  maxInFlight = 2 * CONNECTIONS,
): { check: string; checkOk: boolean } {
  const reps = benchReps();
  const active = reps.filter((r) => r.active !== false).map((r) => r.id as string);
  const shares = active.map((id) => owned.get(id) ?? 0);
  const inactiveOwned = reps.filter((r) => r.active === false).reduce((s, r) => s + (owned.get(r.id as string) ?? 0), 0);
  const totalOwned = [...owned.values()].reduce((a, b) => a + b, 0);
  const spread = Math.max(...shares) - Math.min(...shares);
  const inFlight = stored - ok2xx;
  const checkOk = inFlight >= 0 && inFlight <= maxInFlight && stored <= sent && totalOwned === stored && spread <= 1 && inactiveOwned === 0;
  return {
    checkOk,
    check: `${checkOk ? 'OK' : 'FAILED'}: decisions stored ${stored} = ${ok2xx} 2xx + ${inFlight} in flight at the stop (sent ${sent}); leads owned ${totalOwned}; round-robin shares ${Math.min(...shares)}–${Math.max(...shares)} over ${active.length} active reps (spread ${spread}), inactive rep ${inactiveOwned}`,
  };
}

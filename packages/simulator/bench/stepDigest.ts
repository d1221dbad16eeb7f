/**
 * The engine's step-stream digest over the bench history (packages/engine/bench/stepStream.ts):
 * every change, decision and lead as JSON, so an engine or replay change can show it left results
 * identical. Prints `{ events, digest, eventsPerCpuSec }`.
 *
 *   npx tsx packages/simulator/bench/stepDigest.ts [--leads 20000] [--in-place] [--replay-state]
 *
 * `--replay-state` runs the steps on the replay's own state (src/replay/state.ts) over the engine's:
 * the digest must be the engine state's.
 */
import type { InMemoryState } from '@sluice/engine';
import { runStream, streamOf } from '../../engine/bench/stepStream.js';
import { ReplayState } from '../src/replay/state.js';
import { BENCH_POLICIES, benchHistory } from './simHistory.js';

const args = process.argv.slice(2);
const i = args.indexOf('--leads');
const LEADS = i >= 0 ? Number(args[i + 1]) : 20_000;
const { history } = benchHistory(LEADS, Math.max(20, Math.round(LEADS / 5_000)), 1);
const closes = history.leads.flatMap((l) =>
  l.closedAt !== undefined && l.outcome !== 'open' ? [{ leadId: l.id, at: l.closedAt, won: l.outcome === 'won' }] : [],
);
// The historical owner arrives with each lead, as a CRM that assigned it reports it.
const leads = history.leads.map((l) => ({ id: l.id, createdAt: l.createdAt, attributes: { ...l.attributes, ownerId: l.ownerRepId, ownedSince: l.createdAt } }));
const events = streamOf(leads, history.activities, closes);
const snapshot = { timeZone: 'Asia/Shanghai', reps: history.reps, teams: history.teams, pools: [{ id: 'public' }] };
for (const { label, policies } of BENCH_POLICIES) {
  const numbers = new Map(history.leads.map((l, n) => [l.id, n]));
  const wrap = args.includes('--replay-state') ? (s: InMemoryState) => new ReplayState(s, (id) => numbers.get(id), numbers.size) : undefined;
  const r = runStream(policies, snapshot, events, true, false, args.includes('--in-place'), wrap);
  process.stdout.write(`${JSON.stringify({ label, events: r.events, digest: r.digest, eventsPerCpuSec: r.eventsPerCpuSec })}\n`);
}

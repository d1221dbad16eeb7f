/** Seeded draws for the model's tests: data drawn from known coefficients. */
import type { JsonValue } from '@sluice/engine';
import { uniformStream } from '../estimate/rng.js';
import type { History, HistoryActivity, HistoryLead } from '../types.js';
import type { LogisticData } from './logistic.js';

export function normals(seed: number, label: string): () => number {
  const u = uniformStream(seed, label);
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/** n rows of standard-normal columns, y ~ Bernoulli(σ(intercept + x·weights)). */
export function drawLogistic(seed: number, n: number, intercept: number, weights: readonly number[]): LogisticData {
  const z = normals(seed, 'x');
  const u = uniformStream(seed, 'y');
  const p = weights.length;
  const x = new Float64Array(n * p);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let eta = intercept;
    for (let j = 0; j < p; j++) {
      const v = z();
      x[i * p + j] = v;
      eta += v * weights[j]!;
    }
    y[i] = u() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
  }
  return { x, rows: n, columns: p, y };
}

export interface SyntheticHistory {
  history: History;
  /** The hidden P(won) each lead's outcome was drawn from. */
  truth: Map<string, number>;
}

const SOURCES = [
  ['referral', 1.2],
  ['search', 0.3],
  ['ads', -0.4],
  ['event', 0.6],
  ['cold', -1.0],
] as const;

/**
 * A history drawn from a known logistic model: source (category), visits (heavy-tailed number,
 * 10% missing), hasBudget (yes/no), calls within 24 h (early behaviour), plus columns a trainer must
 * drop: `stage` (leak by name), `tags` (filled after the outcome: "Closed won"/"Closed lost"),
 * `quality` (a near-copy of the outcome), `email` (one value per lead), `note` (empty), `region` (noise).
 * One lead in `openShare` is still open.
 */
export function syntheticHistory(seed: number, n: number, openShare = 0): SyntheticHistory {
  const u = uniformStream(seed, 'history');
  const z = normals(seed, 'history-normals');
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  const leads: HistoryLead[] = [];
  const activities: HistoryActivity[] = [];
  const truth = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const id = `L${String(i).padStart(5, '0')}`;
    const created = t0 + i * 3_600_000;
    const [source, sourceEffect] = SOURCES[Math.floor(u() * SOURCES.length)]!;
    const visits = Math.floor(Math.exp(1 + z()));
    const budget = u() < 0.4;
    const intent = z();
    const calls = Math.max(0, Math.round(1.5 + intent));
    const eta = -0.8 + sourceEffect + 0.5 * (Math.log1p(visits) - 1.3) + (budget ? 0.9 : 0) + 0.6 * intent;
    const p = 1 / (1 + Math.exp(-eta));
    const open = u() < openShare;
    const won = u() < p;
    truth.set(id, p);
    const attributes: Record<string, JsonValue> = {
      source,
      hasBudget: budget ? 'Yes' : 'No',
      region: ['north', 'south', 'east', 'west'][Math.floor(u() * 4)]!,
      stage: won ? 'signed' : 'dropped',
      quality: won ? (u() < 0.99 ? 'High' : 'Low') : u() < 0.99 ? 'Low' : 'High',
      email: `${id.toLowerCase()}@example.com`,
      constantly: 'same',
    };
    if (u() >= 0.1) attributes.visits = visits;
    if (!open) attributes.tags = won ? 'Closed won' : u() < 0.5 ? 'Closed lost' : 'Ringing';
    leads.push({ id, createdAt: new Date(created).toISOString(), attributes, outcome: open ? 'open' : won ? 'won' : 'lost' });
    for (let c = 0; c < calls; c++) activities.push({ leadId: id, at: new Date(created + (1 + c * 5) * 3_600_000).toISOString(), type: 'call' });
    // Late activities (after a week) follow the outcome: counting them would leak it.
    if (won) activities.push({ leadId: id, at: new Date(created + 200 * 3_600_000).toISOString(), type: 'visit' });
  }
  return { history: { leads, activities, stageChanges: [], reps: [], teams: [] }, truth };
}

/** Seeded draws for the model's tests: data drawn from known coefficients. */
import { uniformStream } from '../estimate/rng.js';
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

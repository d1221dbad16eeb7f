import type { Outcome } from './scenario.js';

/**
 * Outcomes in the compared shape. Normalised, and why:
 * - a stored decision's `decisionId` is the server's random UUID (step() makes none): dropped;
 * - the record of a claim, release or manual assignment: its `eventId` is `claim:<random UUID>`
 *   (or `release:` / `assign:`) on the server, whose routes take no event id, and the event's id in
 *   step(); `actor` (which API key or user acted), `managerId` and `note` are the server's audit
 *   fields beside the decision (step() has them in the event's data, not in its decision): all
 *   dropped; the rest (key, version 0, action, changes, summary) compared;
 * - a refused request is compared by status, code and its data (`reason`); its wording is the
 *   wire format's (the server's English title and Chinese detail), so `message` is left out;
 * - everything goes through a JSON round trip: what the server stores and answers is JSON, so a
 *   key whose value is undefined is absent there.
 */
export function normaliseOutcomes(outcomes: readonly Outcome[]): unknown[] {
  return JSON.parse(
    JSON.stringify(
      outcomes.map((o) => {
        if ('decisions' in o) return { ...o, decisions: o.decisions.map((d) => without(d, ['decisionId'])) };
        if ('manual' in o && o.manual.ok)
          return { ...o, manual: { ok: true, record: without(o.manual.record, ['decisionId', 'eventId', 'actor', 'managerId', 'note']) } };
        return o;
      }),
    ),
  );
}

const without = (o: unknown, keys: string[]) => Object.fromEntries(Object.entries(o as Record<string, unknown>).filter(([k]) => !keys.includes(k)));

/** One place the two sides disagree: where (a path into the compared shape) and each side's value. */
export interface Mismatch {
  path: string;
  server: unknown;
  step: unknown;
}

/** Every leaf where `server` and `step` differ (key order ignored), paths like `outcomes[3].decisions[0].actions[0].repId`. */
export function mismatches(server: unknown, stepSide: unknown, path = ''): Mismatch[] {
  if (Object.is(server, stepSide)) return [];
  const bothArrays = Array.isArray(server) && Array.isArray(stepSide);
  const bothObjects = isObject(server) && isObject(stepSide);
  if (bothArrays) {
    const out: Mismatch[] = [];
    for (let i = 0; i < Math.max(server.length, stepSide.length); i++) out.push(...mismatches(server[i], stepSide[i], `${path}[${i}]`));
    return out;
  }
  if (bothObjects) {
    const keys = [...new Set([...Object.keys(server), ...Object.keys(stepSide)])].sort();
    return keys.flatMap((k) => mismatches(server[k], stepSide[k], path ? `${path}.${k}` : k));
  }
  return [{ path, server, step: stepSide }];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Mismatches as lines a reader can scan in a failure message (values cut to stay readable). */
export function describeMismatches(list: readonly Mismatch[]): string {
  const short = (v: unknown) => {
    const s = v === undefined ? 'undefined' : JSON.stringify(v);
    return s.length > 160 ? `${s.slice(0, 157)}...` : s;
  };
  return list.map((m) => `  ${m.path}: server ${short(m.server)} vs step ${short(m.step)}`).join('\n');
}

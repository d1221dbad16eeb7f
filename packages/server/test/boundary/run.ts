import { appendFileSync } from 'node:fs';
import fc from 'fast-check';
import { send, urlOf, type Credentials, type Reply, type Request } from './client.js';
import { bodyFields, fieldName, valueAt, withValueAt, type Field, type Operation } from './openapi.js';
import { NOW, POLICY, type World } from './seed.js';
import type { Spec } from './specs.js';
import { ABSENT, fitsInUrl, probesFor, show, type Probe, type Schema } from './values.js';

/**
 * One operation's batch: its valid request first (it must succeed), then every boundary value of
 * every field, one field at a time. After a write was accepted, a canary decision checks that
 * what it stored does not break deciding; after the batch, PUT-like writes send their valid
 * request again.
 */

export interface Failure {
  op: string;
  field: string;
  probe: string;
  status: number;
  problem: string;
  excerpt: string;
  /** What to send again to read the server's log of it. */
  replay?: { op: Pick<Operation, 'method' | 'path'>; request: Request; credentials: Credentials };
  log?: string;
}

export interface Batch {
  requests: number;
  /** How the probes were answered, by status class: how far past validation they got. */
  answers: Record<string, number>;
  failures: Failure[];
}

/**
 * What is wrong with an answer, or undefined: no 5xx, no cut body, every 4xx a complete
 * problem+json (type, title, its status, a 422's field errors with path and message, Chinese).
 */
export function misbehaviour(r: Reply): string | undefined {
  if (r.cut) return `body cut after status ${r.status}: ${r.cut}`;
  if (r.status >= 500) return 'server error';
  if (r.status < 400) return undefined;
  if (!r.contentType.includes('application/problem+json')) return `4xx with content-type "${r.contentType}"`;
  const p = r.json;
  if (typeof p?.type !== 'string' || typeof p.title !== 'string' || p.status !== r.status) return 'problem without type, title or matching status';
  const errors: unknown = p.errors;
  if (r.status === 422 && (!Array.isArray(errors) || errors.length === 0)) return '422 without errors[]';
  if (Array.isArray(errors) && errors.some((e: { path?: unknown; message?: unknown }) => typeof e?.path !== 'string' || typeof e.message !== 'string'))
    return 'a field error without path or message';
  // Users read these in Chinese too (the project's rule for every error).
  if (typeof p.detailZh !== 'string' || (Array.isArray(errors) && errors.some((e: { messageZh?: unknown }) => typeof e?.messageZh !== 'string')))
    return 'problem without detailZh or messageZh';
  return undefined;
}

interface Planned {
  field: Field;
  variant: number;
  /** The field's value in that variant's valid request. */
  valid: unknown;
}

/** The request a variant makes (fresh ids each time), with one field replaced by a probe. */
async function build(w: World, spec: Spec, variant: number, field?: Field, probe?: Probe): Promise<Request> {
  const v = await spec.variants[variant]!(w);
  const req: Request = {
    path: { ...(v.path ?? {}) },
    query: { ...(v.query ?? {}) },
    ...(v.body !== undefined ? { body: v.body } : {}),
    ...(v.contentType ? { contentType: v.contentType } : {}),
  };
  if (!field || !probe) return req;
  const put = (where: Field['where'], path: Array<string | number>) => {
    if (where === 'body') {
      if (path.length === 0 && probe.value === ABSENT) delete req.body;
      else req.body = withValueAt(req.body, path, probe.value, probe.value === ABSENT);
      return;
    }
    const bag = where === 'path' ? req.path : req.query;
    if (probe.value === ABSENT) delete bag[String(path[0])];
    else bag[String(path[0])] = String(probe.value);
  };
  put(field.where, field.path);
  // The same value on the other side of a link (a key in the path and the body), so it gets past
  // the "they differ" check; not into a URL past Node's 16 KiB of headers (Node's own 431).
  for (const link of spec.linked ?? []) {
    if (field.where === 'path' && field.path[0] === link.path) put('body', [link.body]);
    if (field.where === 'body' && field.path.length === 1 && field.path[0] === link.body && fitsInUrl(probe.value)) put('path', [link.path]);
  }
  return req;
}

/** Every field of the operation, each with the variant it is tried in. */
async function plan(w: World, op: Operation, spec: Spec): Promise<Planned[]> {
  const samples = await Promise.all(spec.variants.map((v) => v(w)));
  const out = new Map<string, Planned>();
  const firstWith = (has: (s: (typeof samples)[number]) => boolean) => Math.max(0, samples.findIndex(has));
  for (const p of op.params) {
    const field: Field = { where: p.in, path: [p.name], schema: p.schema };
    const variant = firstWith((s) => (p.in === 'path' ? s.path : s.query)?.[p.name] !== undefined);
    out.set(fieldName(field), { field, variant, valid: (p.in === 'path' ? samples[variant]!.path : samples[variant]!.query)?.[p.name] });
  }
  if (op.body) {
    samples.forEach((s) => {
      for (const field of bodyFields(op.body as Schema, s.body)) {
        const name = fieldName(field);
        if (out.has(name)) continue;
        const exact = samples.findIndex((x) => valueAt(x.body, field.path) !== undefined);
        const parent = samples.findIndex((x) => field.path.length <= 1 || valueAt(x.body, field.path.slice(0, -1)) !== undefined);
        const variant = exact >= 0 ? exact : Math.max(0, parent);
        out.set(name, { field, variant, valid: valueAt(samples[variant]!.body, field.path) });
      }
    });
  }
  return [...out.values()];
}

/** Arrays this long are sent as the scratch tenant (see World.scratchKey), without a canary. */
const HEAVY = 1000;
/** Probes of a field whose name and schema another operation already tried with the whole table. */
const SAMPLE = 5;

/**
 * The whole table the first time a field (its name and schema) is met; a fixed-seed sample of it
 * afterwards: a bulk item's fields are the PUT body's, an event's lead is the decision's lead,
 * validated by the same schema.
 */
function sampleIfSeen(w: World, where: string, key: string, probes: Probe[]): Probe[] {
  if (!w.exhausted.has(key)) {
    w.exhausted.add(key);
    return probes;
  }
  if (probes.length <= SAMPLE) return probes;
  const seed = [...where].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) | 0, 7);
  return fc.sample(fc.shuffledSubarray(probes, { minLength: SAMPLE, maxLength: SAMPLE }), { seed, numRuns: 1 })[0]!;
}

/** Sends, moving the server clock past a throttle's Retry-After once so the probe is not lost to it. */
async function sendPatiently(w: World, op: Pick<Operation, 'method' | 'path'>, req: Request, credentials: Credentials): Promise<Reply> {
  const r = await send(w, op, req, credentials);
  if (r.status !== 429 || r.retryAfter === undefined || !Number.isFinite(r.retryAfter)) return r;
  w.clock.advance((r.retryAfter + 1) * 1000);
  return send(w, op, req, credentials);
}

const DECIDE = { method: 'POST', path: '/v1/decide' };

/** The decision that reads what an accepted write stored (see Spec.canary). */
function canary(w: World, kind: NonNullable<Spec['canary']>, sent: Request): Request | undefined {
  const event = { id: `bf-canary-${w.next()}`, at: NOW };
  if (kind === 'newLead') return { path: {}, query: {}, body: { ...event, type: 'lead.created', lead: { id: `bf-canary-L${w.next()}` } } };
  if (kind === 'draft')
    return {
      path: {},
      query: {},
      body: { ...event, type: 'lead.created', lead: { id: `bf-canary-L${w.next()}` }, dryRun: true, policyKey: POLICY, draft: true },
    };
  const body = sent.body as { lead?: { id?: unknown }; leadId?: unknown } | undefined;
  const leadId = typeof body?.lead?.id === 'string' ? body.lead.id : typeof body?.leadId === 'string' ? body.leadId : undefined;
  return leadId === undefined ? undefined : { path: {}, query: {}, body: { ...event, type: 'lead.updated', lead: { id: leadId } } };
}

export async function fuzzOperation(w: World, op: Operation, spec: Spec, concurrency = 4): Promise<Batch> {
  const credentials = spec.credentials ?? 'key';
  const failures: Failure[] = [];
  const answers: Record<string, number> = {};
  let requests = 0;
  const fail = (field: string, probe: string, r: Reply, problem: string, replay: Failure['replay']) =>
    failures.push({ op: op.id, field, probe, status: r.status, problem, excerpt: (r.cut ?? r.text).replace(/\s+/g, ' ').slice(0, 160), replay });

  await spec.setup?.(w);
  const baseline = await build(w, spec, 0);
  const first = await sendPatiently(spec.scratch ? { ...w, key: w.scratchKey } : w, op, baseline, credentials);
  requests++;
  if (first.status >= 300 || first.cut)
    fail('(valid request)', urlOf(op, baseline), first, 'the valid request did not succeed', { op, request: baseline, credentials });
  else spec.accepted?.(w, baseline, first);

  const jobs: Array<() => Promise<void>> = [];
  for (const { field, variant, valid } of await plan(w, op, spec)) {
    const name = fieldName(field);
    const last = String(field.path[field.path.length - 1] ?? 'body');
    const probes = sampleIfSeen(
      w,
      `${op.id} ${name}`,
      `${field.where} ${last} ${JSON.stringify(field.schema)}`,
      probesFor(field.schema, { where: field.where, name: last, valid }),
    );
    for (const probe of probes) {
      jobs.push(async () => {
        const label = `${probe.label} = ${show(probe.value)}`;
        const req = await build(w, spec, variant, field, probe);
        const heavy = Array.isArray(probe.value) && probe.value.length >= HEAVY;
        const r = heavy ? await send({ ...w, key: w.scratchKey }, op, req, credentials) : await sendPatiently(w, op, req, credentials);
        requests++;
        const kind = r.status < 300 ? '2xx' : String(r.status);
        answers[kind] = (answers[kind] ?? 0) + 1;
        // BF_TRACE=<file>: every probe and its answer, one line each, to see what got how far.
        if (process.env.BF_TRACE)
          appendFileSync(
            process.env.BF_TRACE,
            `${op.id} | ${name} | ${label} | ${r.status} ${r.status >= 400 ? `${r.json?.errors?.[0]?.path ?? r.json?.type ?? ''}` : ''}\n`,
          );
        const wrong = misbehaviour(r);
        if (wrong) fail(name, heavy ? `${label} (scratch tenant)` : label, r, wrong, { op, request: req, credentials });
        if (heavy || r.status >= 300 || r.cut || op.method === 'GET') return;
        spec.accepted?.(w, req, r);
        const check = spec.canary && canary(w, spec.canary, req);
        if (!check) return;
        const c = await send(w, DECIDE, check, 'key');
        requests++;
        if (c.status >= 500 || c.cut)
          fail(name, label, c, `accepted (${r.status}), then a canary POST /v1/decide ${(check.body as { type: string }).type} failed`, {
            op: DECIDE,
            request: check,
            credentials: 'key',
          });
      });
    }
  }
  // A canary must read the state its own probe left: one request at a time then.
  const lanes = spec.sequential || spec.canary === 'newLead' || spec.canary === 'draft' ? 1 : concurrency;
  let nextJob = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (nextJob < jobs.length) await jobs[nextJob++]!();
    }),
  );
  if (spec.restore) {
    const again = await build(w, spec, 0);
    const back = await send(w, op, again, credentials);
    requests++;
    if (back.status >= 300)
      fail('(valid request, again)', urlOf(op, again), back, 'the valid request failed after the batch', { op, request: again, credentials });
  }
  return { requests, answers, failures };
}

/** A failure on one line: what was sent where, what came back. */
export function describeFailure(f: Failure): string {
  const log = f.log ? ` | log: ${f.log}` : '';
  return `${f.op} | ${f.field} | ${f.probe} | ${f.status} ${f.problem} | ${f.excerpt}${log}`;
}

import type { PolicyDocument, PolicyTestCaseInput, PolicyTestRun, RoutingOverlap } from '@sluice/engine';
import { api, ApiError } from '../api/client.js';

/** POST /v1/policies/{key}/tests/run: a document not saved yet, else the draft (else live). */
export interface RunRequest {
  document?: PolicyDocument;
  version?: number | 'draft';
}

export type TestCase = PolicyTestCaseInput & { id: string };

const base = (key: string) => `/v1/policies/${encodeURIComponent(key)}`;

export const runTests = (key: string, body: RunRequest, signal?: AbortSignal) => api<PolicyTestRun>('POST', `${base(key)}/tests/run`, body, { signal });

/** "Save as test case" on a stored decision: the state it saw and what it did, appended to the draft. */
export const caseFromDecision = (decisionId: string, body: { name?: { en?: string; zh?: string }; addToDraft?: boolean }) =>
  api<{ case: TestCase }>('POST', `/v1/decisions/${encodeURIComponent(decisionId)}/test-case`, body).then((r) => r.case);

/** The same from a try-it dry run: the request the panel sent to /v1/decide, plus the case's name. */
export const caseFromPreview = (key: string, body: Record<string, unknown>) =>
  api<{ case: TestCase }>('POST', `${base(key)}/tests/from-preview`, body).then((r) => r.case);

/** A case that blocks publishing, as the 409 `tests-failing` problem lists it. */
export interface FailingCase {
  id: string;
  name: { en: string; zh: string };
  expectations: Array<{ path: string; expected: unknown; actual: unknown }>;
  /** Why a case could not run at all (it has no expectation results then). */
  error?: { en: string; zh: string };
}

/** The failing cases of a refused publish, or null when the error is anything else. */
export function failingCasesOf(e: unknown): FailingCase[] | null {
  if (!(e instanceof ApiError) || e.status !== 409 || e.code !== 'tests-failing') return null;
  const failing = (e.body as { failing?: unknown } | undefined)?.failing;
  return Array.isArray(failing) ? (failing as FailingCase[]) : [];
}

/** Another live routing policy a refused publish names: both would route the same lead on its `events` (the engine's type). */
export type { RoutingOverlap };

/** What refused a publish that "publish anyway" can override: failing cases, overlapping routing policies, or both. */
export interface PublishRefusal {
  failing: FailingCase[];
  overlaps: RoutingOverlap[];
}

/** The refusal of a publish (409 tests-failing or routing-overlap), or null when the error is anything else. */
export function publishRefusalOf(e: unknown): PublishRefusal | null {
  if (!(e instanceof ApiError) || e.status !== 409 || (e.code !== 'tests-failing' && e.code !== 'routing-overlap')) return null;
  const body = e.body as { failing?: unknown; overlaps?: unknown } | undefined;
  return {
    failing: Array.isArray(body?.failing) ? (body.failing as FailingCase[]) : [],
    overlaps: Array.isArray(body?.overlaps) ? (body.overlaps as RoutingOverlap[]) : [],
  };
}

/** A problem as one line in the reader's language, with each field error at its path. */
export function problemText(e: unknown, zh: boolean): string {
  if (!(e instanceof ApiError)) return String(e);
  const head = zh ? (e.detailZh ?? e.detail) : e.detail;
  const lines = e.errors.map((x) => `${x.path}: ${zh ? (x.messageZh ?? x.message) : x.message}`);
  return [head, ...lines].join('\n');
}

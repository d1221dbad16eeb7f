import { compilePolicy, runPolicyTests, type CalendarInput, type PolicyTestRun, type ScoreModelInput, type StateSnapshotInput } from '@sluice/engine';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/connect.js';
import { calendars, scoreModels } from '../../db/schema.js';
import { tenantSnapshot } from '../../state/tenantSnapshot.js';

/** What the tenant lends a test run: its state now (only for cases that ask for it) and its calendars. */
export interface TenantForTests {
  tenantState?: StateSnapshotInput;
  calendars: CalendarInput[];
  /** The tenant's published smart-score models: a case without its own scores with them, as decisions do. */
  models?: ScoreModelInput[];
}

/** A case's `given` says `tenant: "current"`: it starts from the tenant as it is now. */
function wantsTenant(c: unknown): boolean {
  return (c as { given?: { tenant?: unknown } } | null)?.given?.tenant === 'current';
}

/** Leads the cases' events name: the only leads of the tenant a run loads. */
function leadsNamed(cases: readonly unknown[]): string[] {
  const ids: string[] = [];
  for (const c of cases) {
    const when = (c as { when?: unknown } | null)?.when;
    if (!Array.isArray(when)) continue;
    for (const s of when) {
      const e = (s as { event?: { lead?: { id?: unknown }; leadId?: unknown } } | null)?.event;
      const id = e?.lead?.id ?? e?.leadId;
      if (typeof id === 'string') ids.push(id);
    }
  }
  return ids;
}

export function casesOf(document: unknown): unknown[] {
  const tests = (document as { tests?: unknown } | null)?.tests;
  return Array.isArray(tests) ? tests : [];
}

/**
 * What the tenant must lend these cases: its calendars always (a self-contained case names them
 * too), and the roster, pointers and named leads only when a case starts from the tenant as it is.
 */
export async function tenantForTests(database: Database, tenantId: string, cases: readonly unknown[], nowMs: number): Promise<TenantForTests> {
  if (cases.length === 0) return { calendars: [] };
  if (cases.some(wantsTenant)) {
    const tenantState = await tenantSnapshot(database, tenantId, leadsNamed(cases), nowMs);
    return { tenantState, calendars: (tenantState.calendars ?? []) as CalendarInput[], models: (tenantState.models ?? []) as ScoreModelInput[] };
  }
  const rows = await database.db.select({ data: calendars.data }).from(calendars).where(eq(calendars.tenantId, tenantId));
  const published = await database.db
    .select({ model: scoreModels.model })
    .from(scoreModels)
    .where(and(eq(scoreModels.tenantId, tenantId), eq(scoreModels.status, 'published')));
  return { calendars: rows.map((r) => r.data as CalendarInput), models: published.map((r) => r.model as ScoreModelInput) };
}

/** In memory, no database writes: the engine's runner over a compiling document. Null when it does not compile. */
export function runCases(document: unknown, cases: readonly unknown[], tenant: TenantForTests): PolicyTestRun | null {
  const compiled = compilePolicy(document);
  if (!compiled.ok) return null;
  return runPolicyTests(compiled.policy, cases, {
    calendars: tenant.calendars,
    ...(tenant.models ? { models: tenant.models } : {}),
    ...(tenant.tenantState ? { tenantState: tenant.tenantState } : {}),
  });
}

/** The draft save's verdict: pass or not, the counts, and which cases fail (the editor lists them). */
export function testsSummary(run: PolicyTestRun | null) {
  if (!run) return null;
  return { passed: run.passed, counts: run.counts, failing: run.cases.filter((c) => !c.passed).map((c) => ({ id: c.id, name: c.name })) };
}

/** The cases that block a publication, each with the expectations that failed (an erroring case: its error). */
export function failingCases(run: PolicyTestRun) {
  return run.cases
    .filter((c) => !c.passed)
    .map((c) => ({
      id: c.id,
      name: c.name,
      expectations: c.expectations.filter((e) => !e.passed).map((e) => ({ path: e.path, expected: e.expected, actual: e.actual })),
      ...(c.error ? { error: c.error.message } : {}),
    }));
}

import type { StateSnapshotInput } from '../state/snapshot.js';
import type { Labels } from '../types/decision.js';
import type { Given } from './schema.js';

/** Lists of records with an id: a case's own entry replaces the tenant's of the same id. */
const BY_ID = ['reps', 'teams', 'pools', 'leads', 'customers', 'calendars'] as const;
/** Lists of facts: a case's are added to the tenant's. */
const ADDED = ['ownership', 'penalties', 'activities', 'collaborators', 'overrides'] as const;
/** Maps: a case's keys win. */
const MERGED = ['pointers', 'reminders', 'assigned'] as const;

export class GivenError extends Error {
  constructor(readonly labels: Labels) {
    super(labels.en);
  }
}

/**
 * The state a case starts from: its own, or (`tenant: "current"`) the tenant's as the caller
 * supplied it with the case's records laid over it. Calendars the caller passes are added where
 * the state lacks one of that id (the tenant's calendars, for a case that brings its own roster);
 * models likewise by key (the tenant's published smart-score models).
 */
export function startingState(
  given: Given,
  tenantState: StateSnapshotInput | undefined,
  calendars: readonly { id: string }[] = [],
  models: readonly { key: string }[] = [],
): StateSnapshotInput {
  const { tenant, ...own } = given;
  let out: Record<string, unknown>;
  if (tenant === 'current') {
    if (!tenantState)
      throw new GivenError({
        en: 'the case starts from the current tenant, but no tenant state was supplied',
        zh: '该用例以当前租户为起点，但未提供租户状态',
      });
    out = overlay(structuredClone(tenantState) as Record<string, unknown>, own);
  } else {
    out = { ...own };
  }
  const have = new Set(((out.calendars as Array<{ id: string }> | undefined) ?? []).map((c) => c.id));
  const more = calendars.filter((c) => !have.has(c.id));
  if (more.length > 0) out.calendars = [...((out.calendars as unknown[] | undefined) ?? []), ...structuredClone(more)];
  const haveModel = new Set(((out.models as Array<{ key: string }> | undefined) ?? []).map((m) => m.key));
  const moreModels = models.filter((m) => !haveModel.has(m.key));
  if (moreModels.length > 0) out.models = [...((out.models as unknown[] | undefined) ?? []), ...structuredClone(moreModels)];
  if (out.timeZone === undefined) delete out.timeZone;
  return out as StateSnapshotInput;
}

function overlay(base: Record<string, unknown>, own: Omit<Given, 'tenant'>): Record<string, unknown> {
  const out = { ...base };
  if (own.timeZone !== undefined) out.timeZone = own.timeZone;
  for (const key of BY_ID) {
    const mine = own[key] as Array<{ id: string }>;
    if (mine.length === 0) continue;
    const replaced = new Set(mine.map((r) => r.id));
    out[key] = [...((base[key] as Array<{ id: string }> | undefined) ?? []).filter((r) => !replaced.has(r.id)), ...mine];
  }
  for (const key of ADDED) {
    const mine = own[key] as unknown[];
    if (mine.length > 0) out[key] = [...((base[key] as unknown[] | undefined) ?? []), ...mine];
  }
  for (const key of MERGED) {
    const mine = own[key] as Record<string, unknown>;
    if (Object.keys(mine).length > 0) out[key] = { ...((base[key] as Record<string, unknown> | undefined) ?? {}), ...mine };
  }
  // Models are named by key, not id: a case's model replaces the tenant's of the same key.
  const models = own.models ?? [];
  if (models.length > 0) {
    const replaced = new Set(models.map((m) => m.key));
    out.models = [...((base.models as Array<{ key: string }> | undefined) ?? []).filter((m) => !replaced.has(m.key)), ...models];
  }
  return out;
}

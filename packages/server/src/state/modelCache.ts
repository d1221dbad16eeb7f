/**
 * Published smart-score models by tenant (issue #15), held in memory at the tenant's model version
 * (model_versions, bumped by a trigger on every publication, rollback or new row): the decision's
 * own load sends the published models only when that version differs from the one held, so a
 * publication by any replica is seen by the very next decision, and a model is parsed once per
 * published version, never per decision. The same model object is handed to every decision until
 * then, so what the engine compiles from it (keyed by the object) is compiled once too.
 */
import { type ScoreModel, scoreModelSchema } from '@sluice/engine';

export interface HeldModels {
  version: string;
  models: ReadonlyMap<string, ScoreModel>;
}

const NONE: ReadonlyMap<string, ScoreModel> = new Map();
/** Bounded like the roster cache: a process serving many tenants keeps the ones it used last. */
const MAX_TENANTS = 500;
const held = new Map<string, HeldModels>();

export function heldModels(tenantId: string): HeldModels | undefined {
  return held.get(tenantId);
}

/**
 * The models a load answered with: the held ones when the load found their version current (the
 * entry read before the load), else those built from the rows sent, then held.
 */
export function modelsOf(tenantId: string, before: HeldModels | undefined, version: string, rows: unknown[] | null): ReadonlyMap<string, ScoreModel> {
  if (rows === null) {
    if (before?.version !== version) throw new Error(`model version ${version} of tenant ${tenantId} was neither sent nor held`);
    refresh(tenantId, before);
    return before.models;
  }
  const models = new Map<string, ScoreModel>();
  for (const row of rows) {
    // Stored only after the same schema accepted it: a row it refuses now is a schema change, and
    // leaving that one model unpublished (its nodes warn) beats failing every decision.
    const parsed = scoreModelSchema.safeParse(row);
    if (parsed.success) models.set(parsed.data.key, parsed.data);
    else console.error(`tenant ${tenantId}: a published score model no longer parses:`, parsed.error.issues.slice(0, 3));
  }
  const entry = { version, models: models.size === 0 ? NONE : models };
  refresh(tenantId, entry);
  return entry.models;
}

function refresh(tenantId: string, entry: HeldModels): void {
  held.delete(tenantId);
  if (held.size >= MAX_TENANTS) held.delete(held.keys().next().value!);
  held.set(tenantId, entry);
}

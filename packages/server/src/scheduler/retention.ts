import type { Database } from '../db/connect.js';
import { statement, transact } from '../state/sql.js';

/** How long a decision's inputs (what it read, for test cases) are kept by default: --decision-inputs-days. */
export const DECISION_INPUTS_DAYS = 90;
/** Rows per delete: one short transaction, so decisions waiting for the database go in between. */
export const PRUNE_CHUNK = 500;
/** Deletes per scheduler pass at most: a backlog (a lowered setting, a long outage) spreads over passes. */
export const PRUNE_CHUNKS_PER_PASS = 20;

/** Up to $2 of the oldest rows decided before $1, deleted; returns one row per row deleted. */
const PRUNE = statement(
  'sluice_prune_decision_inputs_v1',
  ['timestamptz', 'int'],
  `delete from decision_inputs d using (
     select tenant_id, event_id from decision_inputs where decided_at < $1 order by decided_at limit $2
   ) old where d.tenant_id = old.tenant_id and d.event_id = old.event_id
   returning 1 as gone`,
);

/**
 * Deletes the decision inputs decided before `beforeMs`, oldest first, `chunk` rows per
 * transaction, at most `maxChunks` transactions; returns how many went. Each scheduler pass calls
 * it, so the table holds about the set number of days. Replicas may prune at once: a row deleted
 * by another is simply not found.
 */
export async function pruneDecisionInputs(database: Database, beforeMs: number, chunk = PRUNE_CHUNK, maxChunks = PRUNE_CHUNKS_PER_PASS): Promise<number> {
  const before = new Date(beforeMs).toISOString();
  let deleted = 0;
  for (let i = 0; i < maxChunks; i++) {
    const gone = (await transact(database, undefined, (q) => q(PRUNE, [before, chunk], { commit: true }))).length;
    deleted += gone;
    if (gone < chunk) break;
    // As between a tick's chunks: requests that arrived meanwhile reach the database first.
    await new Promise((r) => setImmediate(r));
  }
  return deleted;
}

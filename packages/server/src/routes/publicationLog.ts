import type { Db } from '../db/connect.js';
import { iso } from '../http/responses.js';
import { userEmails } from './policies/store.js';

interface LogRow<O> {
  version: number;
  action: string;
  note: string;
  actor: string;
  at: string;
  override: O | null;
}

/**
 * A publication log as the API answers it (policies' and models' alike): a person by e-mail beside
 * the id. `A` is the actions the log holds: models publish and roll back; policies are also withdrawn.
 */
export async function publicationLog<O, A extends string = 'publish' | 'rollback'>(db: Db, tenantId: string, rows: ReadonlyArray<LogRow<O>>) {
  const emails = await userEmails(
    db,
    tenantId,
    rows.map((e) => e.actor),
  );
  return rows.map((e) => ({
    version: e.version,
    action: e.action as A,
    note: e.note,
    actor: e.actor,
    email: emails.get(e.actor) ?? null,
    at: iso(e.at),
    override: e.override ?? null,
  }));
}

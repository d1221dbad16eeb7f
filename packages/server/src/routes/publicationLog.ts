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

/** A publication log as the API answers it (policies' and models' alike): a person by e-mail beside the id. */
export async function publicationLog<O>(db: Db, tenantId: string, rows: ReadonlyArray<LogRow<O>>) {
  const emails = await userEmails(
    db,
    tenantId,
    rows.map((e) => e.actor),
  );
  return rows.map((e) => ({
    version: e.version,
    action: e.action as 'publish' | 'rollback',
    note: e.note,
    actor: e.actor,
    email: emails.get(e.actor) ?? null,
    at: iso(e.at),
    override: e.override ?? null,
  }));
}

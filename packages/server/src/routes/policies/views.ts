import { diffPolicies, isEmptyDiff, policyDocumentSchema, type PolicyDocument } from '@sluice/engine';
import type { Db } from '../../db/connect.js';
import { iso } from '../../http/responses.js';
import { withCalendarErrors } from './calendarRefs.js';
import { compileStatus } from './compile.js';
import { tenantLeadFields } from './leadFields.js';
import { withRosterWarnings } from './rosterWarnings.js';
import { findVersion, latestVersions, type PolicyRow, userEmails, type VersionRow } from './store.js';

/** A policy as `GET /v1/policies/{key}` and a draft save show it: summary, draft, compile result, live version. */
export async function detail(db: Db, row: PolicyRow) {
  const live = row.liveVersion === null ? undefined : await findVersion(db, row.tenantId, row.key, row.liveVersion);
  const latest = await latestVersions(db, row.tenantId, row.key);
  const emails = await userEmails(db, row.tenantId, actorsOf([row], live ? [live] : []));
  return {
    emails,
    summary: summary(row, live?.document, latest.get(row.key) ?? null, emails),
    draft: row.draft,
    compile: await withRosterWarnings(
      db,
      row.tenantId,
      row.draft,
      await withCalendarErrors(db, row.tenantId, row.draft, compileStatus(row.draft, await tenantLeadFields(db, row.tenantId))),
    ),
    live,
  };
}

/** The actors a view of these rows names, for one e-mail look-up. */
export function actorsOf(rows: PolicyRow[], versions: VersionRow[] = []): Array<string | null> {
  return [...rows.flatMap((r) => [r.changedBy, r.draftSavedBy]), ...versions.map((v) => v.publishedBy)];
}

/** Who did it, as the API shows it: the actor and, for a person, the e-mail. */
function by(actor: string, at: string, emails: Map<string, string>) {
  return { actor, email: emails.get(actor) ?? null, at: iso(at) };
}

export function summary(row: PolicyRow, liveDocument: unknown, latestVersion: number | null, emails: Map<string, string>) {
  const action = row.changeAction as 'save' | 'publish' | 'rollback' | 'withdraw' | null;
  return {
    key: row.key,
    kind: row.kind as PolicyDocument['kind'],
    name: row.name,
    liveVersion: row.liveVersion,
    latestVersion,
    liveEvents: row.liveEvents,
    draftStatus: draftStatus(row.draft, liveDocument),
    updatedAt: iso(row.updatedAt),
    // Rows last changed before who-changed-it was recorded say so (null) rather than guess.
    lastChange: row.changedBy && action ? { action, ...by(row.changedBy, row.updatedAt, emails), version: action === 'save' ? null : row.liveVersion } : null,
    draftSaved: row.draftSavedBy && row.draftSavedAt ? by(row.draftSavedBy, row.draftSavedAt, emails) : null,
  };
}

function draftStatus(draft: unknown, liveDocument: unknown): 'new' | 'unchanged' | 'changed' {
  if (liveDocument === undefined) return 'new';
  const a = policyDocumentSchema.safeParse(liveDocument);
  const b = policyDocumentSchema.safeParse(draft);
  if (!a.success || !b.success) return 'changed';
  return isEmptyDiff(diffPolicies(a.data, b.data)) ? 'unchanged' : 'changed';
}

type Emails = Map<string, string>;
export function versionView(v: VersionRow, row: PolicyRow, emails: Emails, withDocument: true): ReturnType<typeof versionFields> & { document: unknown };
export function versionView(v: VersionRow, row: PolicyRow, emails: Emails, withDocument: false): ReturnType<typeof versionFields>;
export function versionView(v: VersionRow, row: PolicyRow, emails: Emails, withDocument: boolean) {
  return withDocument ? { ...versionFields(v, row, emails), document: v.document } : versionFields(v, row, emails);
}

function versionFields(v: VersionRow, row: PolicyRow, emails: Emails) {
  return {
    version: v.version,
    note: v.note,
    publishedBy: v.publishedBy,
    publishedByEmail: emails.get(v.publishedBy) ?? null,
    publishedAt: iso(v.publishedAt),
    live: row.liveVersion === v.version,
    evidence: v.evidence ?? null,
    override: v.override ?? null,
  };
}

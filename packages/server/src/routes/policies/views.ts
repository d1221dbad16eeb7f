import { diffPolicies, isEmptyDiff, policyDocumentSchema, type PolicyDocument } from '@sluice/engine';
import type { Db } from '../../db/connect.js';
import { iso } from '../../http/responses.js';
import { withCalendarErrors } from './calendarRefs.js';
import { compileStatus } from './compile.js';
import { tenantLeadFields } from './leadFields.js';
import { findVersion, latestVersions, type PolicyRow, type VersionRow } from './store.js';

/** A policy as `GET /v1/policies/{key}` and a draft save show it: summary, draft, compile result, live version. */
export async function detail(db: Db, row: PolicyRow) {
  const live = row.liveVersion === null ? undefined : await findVersion(db, row.tenantId, row.key, row.liveVersion);
  const latest = await latestVersions(db, row.tenantId, row.key);
  return {
    summary: summary(row, live?.document, latest.get(row.key) ?? null),
    draft: row.draft,
    compile: await withCalendarErrors(db, row.tenantId, row.draft, compileStatus(row.draft, await tenantLeadFields(db, row.tenantId))),
    live,
  };
}

export function summary(row: PolicyRow, liveDocument: unknown, latestVersion: number | null) {
  return {
    key: row.key,
    kind: row.kind as PolicyDocument['kind'],
    name: row.name,
    liveVersion: row.liveVersion,
    latestVersion,
    liveEvents: row.liveEvents,
    draftStatus: draftStatus(row.draft, liveDocument),
    updatedAt: iso(row.updatedAt),
  };
}

function draftStatus(draft: unknown, liveDocument: unknown): 'new' | 'unchanged' | 'changed' {
  if (liveDocument === undefined) return 'new';
  const a = policyDocumentSchema.safeParse(liveDocument);
  const b = policyDocumentSchema.safeParse(draft);
  if (!a.success || !b.success) return 'changed';
  return isEmptyDiff(diffPolicies(a.data, b.data)) ? 'unchanged' : 'changed';
}

export function versionView(v: VersionRow, row: PolicyRow, withDocument: true): ReturnType<typeof versionFields> & { document: unknown };
export function versionView(v: VersionRow, row: PolicyRow, withDocument: false): ReturnType<typeof versionFields>;
export function versionView(v: VersionRow, row: PolicyRow, withDocument: boolean) {
  return withDocument ? { ...versionFields(v, row), document: v.document } : versionFields(v, row);
}

function versionFields(v: VersionRow, row: PolicyRow) {
  return { version: v.version, note: v.note, publishedBy: v.publishedBy, publishedAt: iso(v.publishedAt), live: row.liveVersion === v.version };
}

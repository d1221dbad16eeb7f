import type { PolicyKind } from '@sluice/engine';
import { api } from '../api/client.js';

/** A row of GET /v1/policies. */
export interface PolicySummary {
  key: string;
  kind: PolicyKind;
  name: string;
  liveVersion: number | null;
  latestVersion: number | null;
  liveEvents: string[];
  draftStatus: 'new' | 'unchanged' | 'changed';
  /** The last change of any kind. */
  updatedAt: string;
  /** That change and who made it; null when made before the server recorded it. */
  lastChange: (Actor & { action: 'save' | 'publish' | 'rollback' | 'withdraw'; version: number | null }) | null;
  /** The last draft save and who made it. */
  draftSaved: Actor | null;
}

/** Who acted and when: `user:<id>` or `key:<prefix>`, with the e-mail when a person acted. */
export interface Actor {
  actor: string;
  email: string | null;
  at: string;
}

/** An entry of GET /v1/policies/{key}/log. */
export interface LogEntry {
  /** The version published, rolled back to, or (a withdrawal) taken offline. */
  version: number;
  action: 'publish' | 'rollback' | 'withdraw';
  note: string;
  actor: string;
  email: string | null;
  at: string;
  /** A publish over failing test cases or overlapping routing policies: why, as the publisher said (issue 14). */
  override?: { reason: string; failing?: string[]; overlaps?: Array<{ key: string }> } | null;
}

/** A row of GET /v1/policies/{key}/versions. */
export interface VersionInfo {
  version: number;
  note: string;
  publishedBy: string;
  publishedByEmail: string | null;
  publishedAt: string;
  live: boolean;
  /** The simulation the publisher attached as evidence (S31), if any. */
  evidence?: { simulationId: string; label?: string } | null;
}

export const listPolicies = () => api<{ policies: PolicySummary[] }>('GET', '/v1/policies').then((r) => r.policies);
export const policyLog = (key: string) => api<{ entries: LogEntry[] }>('GET', `/v1/policies/${encodeURIComponent(key)}/log`).then((r) => r.entries);
export const policyVersions = (key: string) =>
  api<{ versions: VersionInfo[] }>('GET', `/v1/policies/${encodeURIComponent(key)}/versions`).then((r) => r.versions);
export const saveDraft = (doc: { key: string }) => api<{ compile: { ok: boolean } }>('PUT', `/v1/policies/${encodeURIComponent(doc.key)}/draft`, doc);

/** Who acted, as a person reads it: their e-mail, else the API key or actor id. */
export function actorText(e: { actor: string; email: string | null }): string {
  if (e.email) return e.email;
  return e.actor.replace(/^user:/, '').replace(/^key:/, '🔑 ');
}

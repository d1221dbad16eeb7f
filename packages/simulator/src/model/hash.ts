/**
 * The training data's fingerprint for provenance: sha256 over the training leads in a canonical
 * form (creation order, keys sorted, activities in time order), so the same rows give the same hash
 * whatever order or formatting the export had. @noble/hashes is pure JS: the simulator stays free of Node APIs.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { LabelledLead } from './rows.js';

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

export function trainingDataHash(rows: readonly LabelledLead[]): string {
  const lines = rows.map((r) =>
    canonical({
      id: r.lead.id,
      createdAt: r.lead.createdAt,
      outcome: r.lead.outcome,
      attributes: r.lead.attributes,
      activities: r.activities.map((a) => ({ at: a.at, type: a.type })),
    }),
  );
  return bytesToHex(sha256(utf8ToBytes(lines.join('\n'))));
}

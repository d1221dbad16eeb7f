import type { ColumnGuess } from './guess.js';
import { headerKey, ownName } from './synonyms.js';

/** Assigns roles to headers: exact names first for every role, then headers that contain a name. */
export function matchRoles(headers: string[], roles: Record<string, readonly string[]>): Map<string, ColumnGuess> {
  const out = new Map<string, ColumnGuess>();
  const taken = new Set<string>();
  const keys = headers.map(headerKey);
  const ownKeys = headers.map((h) => headerKey(ownName(h)));
  for (const pass of ['exact', 'contains'] as const)
    for (const [role, names] of Object.entries(roles)) {
      if (out.has(role)) continue;
      for (const name of names) {
        const i = keys.findIndex(
          (k, j) => !taken.has(headers[j]!) && (pass === 'exact' ? k === name || ownKeys[j] === name : name.length >= 2 && k.includes(name)),
        );
        if (i >= 0) {
          out.set(role, { column: headers[i]!, role: `columns.${role}`, confidence: pass === 'exact' ? 'high' : 'low' });
          taken.add(headers[i]!);
          break;
        }
      }
    }
  return out;
}

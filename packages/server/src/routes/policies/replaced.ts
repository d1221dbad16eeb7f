import { type FieldError, validationFailed } from '../../http/problem.js';
import type { PolicyRow } from './store.js';

/** A live policy a publication or rollback takes offline, with the version that was live. */
export interface Replaced {
  key: string;
  version: number;
}

/**
 * The live policies a publication or rollback of `key` replaces (its `withdraw` list), from the
 * rows it has locked with its own (`lockPolicies`, one statement in key order), so no other
 * publication, rollback or withdrawal of them runs meanwhile; each must be another policy of the
 * tenant with a live version. Every problem is named at its place in the list at once (422),
 * nothing is taken offline.
 */
export function replacedOf(key: string, keys: readonly string[], locked: ReadonlyMap<string, PolicyRow>): Replaced[] {
  if (keys.length === 0) return [];
  const errors: FieldError[] = [];
  keys.forEach((k, i) => {
    const path = `$.withdraw[${i}]`;
    const row = locked.get(k);
    if (k === key) errors.push({ path, message: 'a policy cannot replace itself', messageZh: '策略不能替代自身' });
    else if (!row) errors.push({ path, message: `no policy "${k}"`, messageZh: `没有策略“${k}”` });
    else if (row.liveVersion === null)
      errors.push({ path, message: `policy "${k}" is not live: nothing to withdraw`, messageZh: `策略“${k}”没有生效版本，无需下线` });
  });
  if (errors.length > 0) throw validationFailed(errors);
  return [...new Set(keys)].map((k) => ({ key: k, version: locked.get(k)!.liveVersion! }));
}

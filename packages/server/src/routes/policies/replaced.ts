import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/connect.js';
import { policies } from '../../db/schema.js';
import { type FieldError, validationFailed } from '../../http/problem.js';

/** A live policy a publication takes offline, with the version that was live. */
export interface Replaced {
  key: string;
  version: number;
}

/**
 * The live policies a publication of `key` replaces (its `withdraw` list), locked like the
 * published one so no other publication, rollback or withdrawal of them runs meanwhile; each must
 * be another policy of the tenant with a live version. Every problem is named at its place in the
 * list at once (422), nothing is taken offline.
 */
export async function lockReplaced(tx: Tx, tenantId: string, key: string, keys: readonly string[]): Promise<Replaced[]> {
  if (keys.length === 0) return [];
  const wanted = [...new Set(keys)].filter((k) => k !== key);
  // In key order: two publications replacing each other's policies take their locks in one order.
  const rows =
    wanted.length === 0
      ? []
      : await tx
          .select({ key: policies.key, liveVersion: policies.liveVersion })
          .from(policies)
          .where(and(eq(policies.tenantId, tenantId), inArray(policies.key, wanted)))
          .orderBy(policies.key)
          .for('update');
  const byKey = new Map(rows.map((r) => [r.key, r.liveVersion]));
  const errors: FieldError[] = [];
  keys.forEach((k, i) => {
    const path = `$.withdraw[${i}]`;
    if (k === key) errors.push({ path, message: 'a policy cannot replace itself', messageZh: '策略不能替代自身' });
    else if (!byKey.has(k)) errors.push({ path, message: `no policy "${k}"`, messageZh: `没有策略“${k}”` });
    else if (byKey.get(k) === null)
      errors.push({ path, message: `policy "${k}" is not live: nothing to withdraw`, messageZh: `策略“${k}”没有生效版本，无需下线` });
  });
  if (errors.length > 0) throw validationFailed(errors);
  return wanted.map((k) => ({ key: k, version: byKey.get(k)! }));
}

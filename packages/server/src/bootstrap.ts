import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from './db/connect.js';
import { tenants, users } from './db/schema.js';
import { hashPassword, oneTimePassword } from './auth/keys.js';

export const SYSTEM_TENANT = 'default';

/**
 * First start: a tenant and an admin whose one-time password is printed once and must be
 * changed at first login. There is never a default password. Replicas starting together on a
 * fresh PostgreSQL database may all find no tenant: the tenant's insert decides which one
 * bootstraps (the others wait for it on the key, then insert nothing and print nothing).
 */
export async function bootstrap(db: Db, nowIso: string): Promise<{ email: string; password: string } | undefined> {
  const [{ count }] = (await db.select({ count: sql<number>`count(*)::int` }).from(tenants)) as [{ count: number }];
  if (count > 0) return undefined;
  const password = oneTimePassword();
  const created = await db.transaction(async (tx) => {
    const inserted = await tx
      .insert(tenants)
      .values({ id: SYSTEM_TENANT, name: 'Default', createdAt: nowIso })
      .onConflictDoNothing()
      .returning({ id: tenants.id });
    if (inserted.length === 0) return false;
    await tx.insert(users).values({
      id: randomUUID(),
      tenantId: SYSTEM_TENANT,
      email: 'admin',
      role: 'admin',
      passwordHash: await hashPassword(password),
      mustChangePassword: true,
      createdAt: nowIso,
    });
    return true;
  });
  return created ? { email: 'admin', password } : undefined;
}

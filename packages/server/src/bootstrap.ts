import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from './db/connect.js';
import { tenants, users } from './db/schema.js';
import { hashPassword, oneTimePassword } from './auth/keys.js';

export const SYSTEM_TENANT = 'default';

/**
 * First start: a tenant and an admin whose one-time password is printed once and must be
 * changed at first login. There is never a default password.
 */
export async function bootstrap(db: Db, nowIso: string): Promise<{ email: string; password: string } | undefined> {
  const [{ count }] = (await db.select({ count: sql<number>`count(*)::int` }).from(tenants)) as [{ count: number }];
  if (count > 0) return undefined;
  const password = oneTimePassword();
  await db.transaction(async (tx) => {
    await tx.insert(tenants).values({ id: SYSTEM_TENANT, name: 'Default', createdAt: nowIso });
    await tx.insert(users).values({
      id: randomUUID(),
      tenantId: SYSTEM_TENANT,
      email: 'admin',
      role: 'admin',
      passwordHash: await hashPassword(password),
      mustChangePassword: true,
      createdAt: nowIso,
    });
  });
  return { email: 'admin', password };
}

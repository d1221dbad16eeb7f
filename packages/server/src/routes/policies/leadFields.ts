import { leadFieldRowSchema, rowToLeadField, type LeadField } from '@sluice/engine';
import { asc, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/connect.js';
import { leadFields } from '../../db/schema.js';

/**
 * The tenant's lead-field catalog as the compiler takes it, or undefined when the CRM has synced
 * none: then policies compile as before, with warnings for the fields the engine cannot vouch for.
 */
export async function tenantLeadFields(db: Db | Tx, tenantId: string): Promise<LeadField[] | undefined> {
  const rows = await db.select().from(leadFields).where(eq(leadFields.tenantId, tenantId)).orderBy(asc(leadFields.id));
  if (rows.length === 0) return undefined;
  // Rows were checked when synced; parsing again keeps a hand-edited row from reaching the compiler unchecked.
  return rows.flatMap((row) => {
    const parsed = leadFieldRowSchema.safeParse({ ...(row.data as object), id: row.id });
    return parsed.success ? [rowToLeadField(parsed.data)] : [];
  });
}

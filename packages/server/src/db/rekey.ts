import { MATCH_KEYS_VERSION, type CustomerNames } from '@sluice/engine';
import { eq, sql } from 'drizzle-orm';
import { customerMatchKeys } from '../routes/roster/matchKeys.js';
import type { Db } from './connect.js';
import { serverMeta } from './schema.js';

const VERSION_KEY = 'match_keys_version';
const CHUNK = 500;

interface Row {
  tenant_id: string;
  id: string;
  data: Record<string, unknown>;
  match_keys: string[];
  hash: string;
}

/**
 * `customers.match_keys` are built by the engine's company-name rules; rows written under older
 * rules would no longer meet the keys new leads look for. On start, when the rules' version
 * differs from the one stored in server_meta, every customer's keys are rebuilt (in chunks, in
 * key order, only rows whose keys change) and the version stored. Replicas starting together may
 * both rebuild: the result is the same. A row whose data changed meanwhile (a sync already on the
 * new rules) is left alone.
 */
export async function rekeyCustomers(db: Db): Promise<{ rebuilt: number; version: string } | undefined> {
  const [stored] = await db.select({ value: serverMeta.value }).from(serverMeta).where(eq(serverMeta.key, VERSION_KEY));
  if (stored?.value === MATCH_KEYS_VERSION) return undefined;
  let rebuilt = 0;
  let after: { tenant: string; id: string } | undefined;
  for (;;) {
    const page = rowsOf(
      await db.execute(sql`select tenant_id, id, data, match_keys, md5(data::text) as hash from customers
        ${after ? sql`where (tenant_id, id) > (${after.tenant}, ${after.id})` : sql``}
        order by tenant_id, id limit ${CHUNK}`),
    );
    if (page.length === 0) break;
    const changed = page
      .map((r) => ({ tenant_id: r.tenant_id, id: r.id, hash: r.hash, keys: customerMatchKeys(r.data as CustomerNames), old: r.match_keys }))
      .filter((r) => !sameKeys(r.keys, r.old))
      .map(({ old: _old, ...r }) => r);
    if (changed.length > 0) {
      await db.execute(sql`update customers c set match_keys = v.keys
        from jsonb_to_recordset(${JSON.stringify(changed)}::jsonb) as v(tenant_id text, id text, hash text, keys jsonb)
        where c.tenant_id = v.tenant_id and c.id = v.id and md5(c.data::text) = v.hash`);
      rebuilt += changed.length;
    }
    const last = page[page.length - 1]!;
    after = { tenant: last.tenant_id, id: last.id };
  }
  await db
    .insert(serverMeta)
    .values({ key: VERSION_KEY, value: MATCH_KEYS_VERSION })
    .onConflictDoUpdate({ target: serverMeta.key, set: { value: MATCH_KEYS_VERSION } });
  if (rebuilt > 0) {
    console.log(`sluice: rebuilt the match keys of ${rebuilt} customers for company-name rules ${MATCH_KEYS_VERSION} / 已按新的公司名规则（${MATCH_KEYS_VERSION}）重建 ${rebuilt} 个客户的匹配键`);
  }
  return { rebuilt, version: MATCH_KEYS_VERSION };
}

/** node-postgres answers `{ rows }`, PGlite the same; both parse jsonb columns. */
function rowsOf(result: unknown): Row[] {
  return ((result as { rows?: Row[] }).rows ?? (result as Row[])).map((r) => ({
    ...r,
    data: typeof r.data === 'string' ? (JSON.parse(r.data) as Record<string, unknown>) : r.data,
    match_keys: typeof r.match_keys === 'string' ? (JSON.parse(r.match_keys) as string[]) : r.match_keys,
  }));
}

function sameKeys(a: readonly string[], b: readonly string[] | null): boolean {
  return b !== null && a.length === b.length && a.every((k, i) => k === b[i]);
}

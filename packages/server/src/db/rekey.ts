import { MATCH_KEYS_VERSION, type CustomerNames, type Lead } from '@sluice/engine';
import { jsonValue, rowsOf } from './rows.js';
import { eq, sql } from 'drizzle-orm';
import { customerMatchKeys } from '../routes/roster/matchKeys.js';
import type { Db } from './connect.js';
import { leadKeyColumns } from './leadKeys.js';
import { serverMeta } from './schema.js';

const CHUNK = 500;

interface Row {
  tenant_id: string;
  id: string;
  data: Record<string, unknown>;
  keys: Record<string, string[] | string>;
  hash: string;
}

/** A table whose stored keys the engine's rules build: which columns, from what, under which version. */
interface Keyed {
  table: 'customers' | 'leads';
  /** The server_meta key holding the version the stored keys were built under. */
  versionKey: string;
  version: string;
  columns: readonly string[];
  keysOf(data: Record<string, unknown>): Record<string, string[]>;
  /** For the log line. */
  what: { en: string; zh: string };
}

const CUSTOMERS: Keyed = {
  table: 'customers',
  versionKey: 'match_keys_version',
  version: MATCH_KEYS_VERSION,
  columns: ['match_keys'],
  keysOf: (data) => ({ match_keys: customerMatchKeys(data as CustomerNames) }),
  what: { en: 'customers', zh: '客户' },
};

/** Lead keys are newer than customer keys (rows written before them have none): their own version. */
const LEADS: Keyed = {
  table: 'leads',
  versionKey: 'lead_match_keys_version',
  version: `${MATCH_KEYS_VERSION}+lead-keys-1`,
  columns: ['match_keys', 'find_keys'],
  keysOf: (data) => {
    const k = leadKeyColumns(data as Partial<Lead>);
    return { match_keys: k.matchKeys, find_keys: k.findKeys };
  },
  what: { en: 'leads', zh: '线索' },
};

/**
 * `customers.match_keys` and the leads' `match_keys` / `find_keys` are built by the engine's
 * company-name rules; rows written under older rules would no longer meet the keys new leads look
 * for. On start, when the rules' version differs from the one stored in server_meta, every row's
 * keys are rebuilt (in chunks, in key order, only rows whose keys change) and the version stored.
 * Replicas starting together may both rebuild: the result is the same. A row whose data changed
 * meanwhile (a sync already on the new rules) is left alone.
 */
export function rekeyCustomers(db: Db): Promise<{ rebuilt: number; version: string } | undefined> {
  return rekey(db, CUSTOMERS);
}

export function rekeyLeads(db: Db): Promise<{ rebuilt: number; version: string } | undefined> {
  return rekey(db, LEADS);
}

async function rekey(db: Db, spec: Keyed): Promise<{ rebuilt: number; version: string } | undefined> {
  const [stored] = await db.select({ value: serverMeta.value }).from(serverMeta).where(eq(serverMeta.key, spec.versionKey));
  if (stored?.value === spec.version) return undefined;
  const table = sql.raw(spec.table);
  const keysJson = sql.raw(`json_build_object(${spec.columns.map((c) => `'${c}', ${c}`).join(', ')})`);
  const sets = sql.raw(spec.columns.map((c) => `${c} = v.keys->'${c}'`).join(', '));
  let rebuilt = 0;
  let after: { tenant: string; id: string } | undefined;
  for (;;) {
    const page = pageRows(
      await db.execute(sql`select tenant_id, id, data, ${keysJson} as keys, md5(data::text) as hash from ${table}
        ${after ? sql`where (tenant_id, id) > (${after.tenant}, ${after.id})` : sql``}
        order by tenant_id, id limit ${CHUNK}`),
    );
    if (page.length === 0) break;
    const changed = page
      .map((r) => ({ tenant_id: r.tenant_id, id: r.id, hash: r.hash, keys: spec.keysOf(r.data), old: r.keys }))
      .filter((r) => spec.columns.some((c) => !sameKeys(r.keys[c]!, r.old[c])))
      .map(({ old: _old, ...r }) => r);
    if (changed.length > 0) {
      await db.execute(sql`update ${table} t set ${sets}
        from jsonb_to_recordset(${JSON.stringify(changed)}::jsonb) as v(tenant_id text, id text, hash text, keys jsonb)
        where t.tenant_id = v.tenant_id and t.id = v.id and md5(t.data::text) = v.hash`);
      rebuilt += changed.length;
    }
    const last = page[page.length - 1]!;
    after = { tenant: last.tenant_id, id: last.id };
  }
  await db
    .insert(serverMeta)
    .values({ key: spec.versionKey, value: spec.version })
    .onConflictDoUpdate({ target: serverMeta.key, set: { value: spec.version } });
  if (rebuilt > 0) {
    console.log(
      `sluice: rebuilt the match keys of ${rebuilt} ${spec.what.en} for company-name rules ${spec.version} / 已按新的公司名规则（${spec.version}）重建 ${rebuilt} 个${spec.what.zh}的匹配键`,
    );
  }
  return { rebuilt, version: spec.version };
}

/** The page's rows with their json columns as values. */
function pageRows(result: unknown): Row[] {
  return rowsOf<Row>(result).map((r) => ({ ...r, data: jsonValue(r.data), keys: jsonValue(r.keys) }));
}

function sameKeys(a: readonly string[], b: readonly string[] | string | null | undefined): boolean {
  const old = typeof b === 'string' ? (JSON.parse(b) as string[]) : b;
  return Array.isArray(old) && a.length === old.length && a.every((k, i) => k === old[i]);
}

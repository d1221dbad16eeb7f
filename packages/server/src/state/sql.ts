import type { PGlite, Transaction } from '@electric-sql/pglite';
import type pg from 'pg';
import type { Database } from '../db/connect.js';
import { executePrepared } from '../db/pgliteExecute.js';
import { PgliteThread, type ThreadTransaction } from '../db/pgliteThread.js';
import { isDatabaseUnavailable } from '../db/unavailable.js';

/** A statement of the decision path, prepared once per connection (PGlite: once per database). */
export interface Statement {
  name: string;
  /** Parameter types, in order: PGlite's PREPARE needs them. */
  types: string[];
  text: string;
}

export interface QueryOptions {
  /** The transaction's last statement: on PostgreSQL it goes with the COMMIT in one round trip. */
  commit?: boolean;
  /**
   * Run after a savepoint: if the statement fails, the transaction goes on as it was before it
   * (and commits nothing of it), so the caller may try another statement instead. The rollback
   * to the savepoint travels with the next statement.
   */
  retryable?: boolean;
}

export type Query = <R = Record<string, unknown>>(statement: Statement, params: unknown[], options?: QueryOptions) => Promise<R[]>;

const SAVEPOINT = 'savepoint sluice_retry; ';
const BACK_TO_SAVEPOINT = 'rollback to savepoint sluice_retry; ';

const registry: Statement[] = [];

/** Declares a hot-path statement; every declared statement is prepared on first use of a database. */
export function statement(name: string, types: string[], text: string): Statement {
  const s = { name, types, text };
  registry.push(s);
  return s;
}

/**
 * The decision path talks to the driver under drizzle: a decision is a few fixed statements, and
 * parsing and planning them every time costs more than running them. On PostgreSQL they are
 * named statements (prepared per pooled connection by node-postgres). PGlite's parameterised
 * query does parse + describe + bind + execute each time; instead each statement is PREPAREd once
 * and run by name with its parameters bound, in one exchange (db/pgliteExecute.ts).
 */
function clientOf(database: Database): PGlite | pg.Pool {
  return (database.db as unknown as { $client: PGlite | pg.Pool }).$client;
}

/**
 * Runs `fn` inside one transaction. On PostgreSQL `lockKey` (if given) is taken as a transaction
 * advisory lock: it serialises the holders of one key across every process sharing the database.
 * PGlite runs one transaction at a time in the one process that may open it, so no lock is needed
 * there. A statement run with `{ commit: true }` must be the transaction's last: on PostgreSQL it
 * goes with the COMMIT in one round trip.
 */
export async function transact<T>(database: Database, lockKey: string | undefined, fn: (q: Query) => Promise<T>): Promise<T> {
  if (database.kind === 'embedded') {
    const client = clientOf(database) as PGlite;
    await prepareAll(client);
    return client.transaction((tx) => fn(pgliteQuery(client, tx)));
  }
  const pool = clientOf(database) as pg.Pool;
  const client = await pool.connect();
  let broken = false;
  try {
    // Round trips are what a batch waits on while it holds the tenant's lock, so they are few:
    // BEGIN, the lock and the first statement go in one simple query, the last statement and
    // COMMIT in another (the statements PREPAREd once per connection, run with literals).
    // Generic plans: the statements are fixed and index-driven, so planning them per call (the
    // default for a prepared statement's first runs) is waste — a quarter of a lone decision's time.
    const lock = lockKey === undefined ? '' : `select pg_advisory_xact_lock(hashtext(${literal(lockKey)}));`;
    const prepares = preparesFor(client);
    // A connection whose PREPAREs may not all have run is not reused: it is dropped on any error.
    broken = prepares !== '';
    // What goes before the next statement, in its round trip: BEGIN at first, a rollback to the
    // savepoint after a retryable statement failed.
    let head: string | undefined = `${prepares}begin; set local plan_cache_mode = force_generic_plan; ${lock}`;
    let begun = false;
    let committed = false;
    const q: Query = async <R>(st: Statement, params: unknown[], options?: QueryOptions) => {
      if (committed) throw new Error(`statement ${st.name} after the transaction's last one`);
      const sql = `${head ?? ''}${options?.retryable ? SAVEPOINT : ''}execute ${st.name}(${params.map(literal).join(', ')});${options?.commit ? ' commit;' : ''}`;
      head = undefined;
      begun = true;
      committed = options?.commit === true;
      let result: pg.QueryResult | pg.QueryResult[];
      try {
        result = await client.query(sql);
      } catch (e) {
        committed = false;
        if (options?.retryable) head = BACK_TO_SAVEPOINT;
        throw e;
      }
      broken = false;
      return rowsOfLast<R>(result, options?.commit === true);
    };
    try {
      const result = await fn(q);
      // Nothing ran: nothing was begun.
      if (!committed && begun) await client.query(`${head ?? ''}commit`);
      return result;
    } catch (e) {
      if (begun) await client.query('rollback').catch(() => (broken = true));
      throw e;
    }
  } catch (e) {
    // A connection that saw the database go away is dropped, not handed to the next batch.
    broken ||= isDatabaseUnavailable(e);
    throw e;
  } finally {
    client.release(broken);
  }
}

/**
 * A statement the database refuses is logged with its text, and ours carry their parameters as
 * literals: a refused write would put the batch's whole payload (hundreds of kB of lead data) in
 * the database's log at every refusal — customer data in a log file, and on PGlite, which writes
 * its log a character at a time, two thirds of the cost of isolating the bad event. The error
 * itself is still logged. Only a superuser may change this (PGlite's user is one); elsewhere the
 * server's setting stands.
 */
const QUIET_STATEMENTS = `do $$ begin set log_min_error_statement = panic; exception when insufficient_privilege then null; end $$;`;

/**
 * No JIT for the decision path's statements. Their generic plans are costed for every branch, even
 * one a parameter switches off at run time (the candidate reps' leads when there are none: a scan of
 * the tenant's whole lead table on paper), so past about 100,000 stored leads the estimate crossed
 * `jit_above_cost` and PostgreSQL compiled the load to machine code on every call: 125–160 ms of a
 * load that runs in 1.5 ms (1,000,000 stored leads: 128 decisions/s instead of ~900).
 */
const NO_JIT = 'set jit = off;';

const preparedOn = new WeakMap<pg.PoolClient, number>();

/** PREPAREs for the statements this pooled connection has not seen yet (the pool reuses clients). */
function preparesFor(client: pg.PoolClient): string {
  const done = preparedOn.get(client) ?? 0;
  if (done === registry.length) return '';
  preparedOn.set(client, registry.length);
  const prepares = registry.slice(done).map((s) => `prepare ${s.name}(${s.types.join(', ')}) as ${s.text};`);
  // The literals rely on standard conforming strings (backslashes are plain characters).
  return [...(done === 0 ? ['set standard_conforming_strings = on;', NO_JIT, QUIET_STATEMENTS] : []), ...prepares, ''].join('\n');
}

/** A simple query of several statements answers with one result each: ours is the last before COMMIT. */
function rowsOfLast<R>(result: pg.QueryResult | pg.QueryResult[], commit: boolean): R[] {
  if (!Array.isArray(result)) return result.rows as R[];
  return result[result.length - (commit ? 2 : 1)]!.rows as R[];
}

/** One statement, one snapshot, writing nothing: dry runs. */
export async function once<R = Record<string, unknown>>(database: Database, s: Statement, params: unknown[]): Promise<R[]> {
  if (database.kind === 'embedded') {
    const client = clientOf(database) as PGlite;
    await prepareAll(client);
    return client.transaction((tx) => pgliteQuery(client, tx)<R>(s, params));
  }
  return transact(database, undefined, (q) => q<R>(s, params));
}

/**
 * A plan made for each execution, not one kept for good. PGlite runs no autovacuum, so its tables
 * are never analyzed and a cached generic plan is never invalidated: it stays the one made when
 * the tables were as small as at start-up. The load's match-key search was planned on an empty
 * `leads` table as a walk of the tenant's whole primary key (rows come in id order for its
 * LIMIT, no sort), and kept: at 3,200 leads that walk was half of the load's CPU. A custom plan
 * sees the tables' current size, and the search takes the GIN index. Planning each time costs
 * less than that (on the write statement too: measured in the README, session 11).
 */
const CUSTOM_PLANS = 'set plan_cache_mode = force_custom_plan;';

const prepared = new WeakMap<PGlite, { names: Set<string>; pending: Promise<void> }>();

/**
 * Prepares, outside any transaction, every declared statement this database has not seen; callers
 * arriving meanwhile wait for the same PREPARE. The literals of EXECUTE rely on standard
 * conforming strings (backslashes are plain characters), so that is set for the session too.
 */
async function prepareAll(client: PGlite): Promise<void> {
  let entry = prepared.get(client);
  if (!entry) prepared.set(client, (entry = { names: new Set(), pending: Promise.resolve() }));
  const { names } = entry;
  const todo = registry.filter((s) => !names.has(s.name));
  if (todo.length === 0) return entry.pending;
  for (const s of todo) names.add(s.name);
  const sql = [
    'set standard_conforming_strings = on;',
    CUSTOM_PLANS,
    QUIET_STATEMENTS,
    ...todo.map((s) => `prepare ${s.name}(${s.types.join(', ')}) as ${s.text};`),
  ].join('\n');
  const run = entry.pending
    .then(() => client.exec(sql))
    .then(
      () => undefined,
      (e: unknown) => {
        // Forget them, so the next caller tries again.
        for (const s of todo) names.delete(s.name);
        throw e;
      },
    );
  entry.pending = run.catch(() => undefined);
  return run;
}

/** `client`: the database (in process, or its thread: connect.ts); `tx`: the transaction it runs in. */
function pgliteQuery(client: PGlite, tx: Pick<Transaction, 'exec'>): Query {
  const execute =
    client instanceof PgliteThread
      ? (name: string, values: Array<string | null>, savepoint?: string) => (tx as unknown as ThreadTransaction).execute(name, values, savepoint)
      : (name: string, values: Array<string | null>, savepoint?: string) => executePrepared(client, name, values, savepoint);
  return async <R>(s: Statement, params: unknown[], options?: QueryOptions) => {
    const values = params.map(textOf);
    if (!options?.retryable) return (await execute(s.name, values)) as R[];
    try {
      return (await execute(s.name, values, SAVEPOINT)) as R[];
    } catch (e) {
      // In process, the rollback costs no round trip: it is done at once. Should it fail too (the
      // database gone), the statement's own error is the one that says why.
      await tx.exec(BACK_TO_SAVEPOINT).catch(() => undefined);
      throw e;
    }
  };
}

/**
 * A value as an SQL literal (standard_conforming_strings is on: only quotes need doubling).
 * Numbers and booleans go bare; everything else quoted, the statement's declared types cast it.
 */
export function literal(value: unknown): string {
  const text = textOf(value);
  if (text === null) return 'NULL';
  if (typeof value === 'number' || typeof value === 'boolean') return text;
  return `'${text.includes("'") ? text.replaceAll("'", "''") : text}'`;
}

/**
 * A parameter's value in PostgreSQL's text format, as its type's input function reads it: arrays
 * as array literals, objects as JSON; null for SQL NULL.
 */
export function textOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let text: string;
  if (Array.isArray(value)) text = `{${value.map((v) => `"${String(v).replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  // NUL cannot be in a Postgres text value at all (the body guard refuses it in input). The
  // includes() test first: a batch's write is a few hundred kB, most of it without one.
  return text.includes('\0') ? text.replaceAll('\0', '') : text;
}

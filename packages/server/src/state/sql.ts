import type { PGlite, Transaction } from '@electric-sql/pglite';
import type pg from 'pg';
import type { Database } from '../db/connect.js';

/** A parameterised statement: `name` lets PostgreSQL keep the plan per connection. */
export interface Statement {
  name: string;
  text: string;
}

export type Query = <R = Record<string, unknown>>(statement: Statement, params: unknown[]) => Promise<R[]>;

/**
 * The decision path talks to the driver directly, under drizzle: a decision is a handful of fixed
 * statements, and named prepared statements on PostgreSQL save parsing the big ones every time.
 */
function clientOf(database: Database): PGlite | pg.Pool {
  return (database.db as unknown as { $client: PGlite | pg.Pool }).$client;
}

/**
 * Runs `fn` inside one transaction. On PostgreSQL `lockKey` (if given) is taken as a transaction
 * advisory lock in the same round trip as BEGIN. PGlite is one connection whose transactions
 * already run one at a time, and only one process may open it, so no lock is needed there.
 */
export async function transact<T>(database: Database, lockKey: string | undefined, fn: (q: Query) => Promise<T>): Promise<T> {
  if (database.kind === 'embedded') {
    const client = clientOf(database) as PGlite;
    return client.transaction((tx: Transaction) => fn(pgliteQuery(tx)));
  }
  const pool = clientOf(database) as pg.Pool;
  const client = await pool.connect();
  let broken = false;
  try {
    // Simple-query protocol: BEGIN and the lock in one round trip (no parameters allowed there).
    await client.query(lockKey === undefined ? 'begin' : `begin; select pg_advisory_xact_lock(hashtext(${literal(lockKey)}))`);
    try {
      const result = await fn(pgQuery(client));
      await client.query('commit');
      return result;
    } catch (e) {
      await client.query('rollback').catch(() => {
        broken = true;
      });
      throw e;
    }
  } catch (e) {
    broken ||= isConnectionError(e);
    throw e;
  } finally {
    client.release(broken);
  }
}

/** One statement outside a transaction (its own snapshot): dry runs and reads. */
export async function once<R = Record<string, unknown>>(database: Database, statement: Statement, params: unknown[]): Promise<R[]> {
  if (database.kind === 'embedded') return pgliteQuery(clientOf(database) as PGlite)<R>(statement, params);
  return pgQuery(clientOf(database) as pg.Pool)<R>(statement, params);
}

function pgliteQuery(tx: Pick<Transaction, 'query'>): Query {
  return async <R>(statement: Statement, params: unknown[]) => (await tx.query<R>(statement.text, params)).rows;
}

function pgQuery(client: pg.Pool | pg.PoolClient): Query {
  return async <R>(statement: Statement, params: unknown[]) => {
    const r = await client.query({ name: statement.name, text: statement.text, values: params });
    return r.rows as R[];
  };
}

/** A SQL string literal; only ever used for the lock key (a tenant id). */
function literal(s: string): string {
  return `'${s.replace(/'/g, "''").replace(/\0/g, '')}'`;
}

function isConnectionError(e: unknown): boolean {
  const code = (e as { code?: string } | undefined)?.code;
  return code === 'ECONNRESET' || code === 'EPIPE' || code === '57P01';
}

/**
 * The embedded database in a thread of its own (issue #13: overlap instead of blocking). PGlite runs
 * Postgres in WebAssembly on the thread that calls it, so in process every statement stopped HTTP
 * parsing, validation and the engine for its whole length. `PgliteThread` has the part of PGlite's
 * interface that drizzle's pglite driver and state/sql.ts call — query, exec, transaction, close —
 * and forwards each call as a message to pgliteWorker.ts, which owns the PGlite instance.
 *
 * PGlite's own worker (`@electric-sql/pglite/worker`) is for browsers: it elects a leader among
 * tabs with `navigator.locks`, which Node 20 does not have.
 *
 * A transaction begins with its first statement's message (BEGIN travels with it) and ends with one
 * more message (COMMIT or ROLLBACK). From the bundle (dist/main.js) the thread's entry is
 * dist/pglite-worker.js beside it; from source (tests, tsx) it is pgliteWorker.ts through
 * pgliteWorker-source.mjs, since a thread does not inherit its parent's loader.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { QueryOptions, Results, Transaction } from '@electric-sql/pglite';
import { fromWireError, type ThreadReply, type ThreadRequest, type ThreadStart, type WireQueryOptions } from './threadProtocol.js';

const BUNDLED = new URL('./pglite-worker.js', import.meta.url);
const SOURCE = new URL('./pgliteWorker-source.mjs', import.meta.url);
const workerEntry = (): URL => (existsSync(fileURLToPath(BUNDLED)) ? BUNDLED : SOURCE);

/**
 * Where the embedded database runs: in the server's thread (the default), or in its own
 * (SLUICE_EMBEDDED_THREAD=worker). The thread cuts the main thread's CPU per decision (by a quarter to a half), but on
 * this 2-core machine under heavy load (load average 11–23) neither mode was consistently faster
 * end to end, so it stays opt-in until a quiet-machine run says otherwise.
 */
export function embeddedThread(env: NodeJS.ProcessEnv = process.env): 'worker' | 'main' {
  return env.SLUICE_EMBEDDED_THREAD === 'worker' ? 'worker' : 'main';
}

/** A request before it is numbered. */
type Unnumbered<R> = R extends ThreadRequest ? Omit<R, 'id'> : never;
type Request = Unnumbered<ThreadRequest>;

/** The same text as a closed PGlite's, so db/unavailable.ts knows it (503, one outage line). */
const CLOSED = 'PGlite is closed';

/** What the server's side does with a transaction: PGlite's `Transaction` minus listen and sql``. */
export type ThreadTransaction = Pick<Transaction, 'query' | 'exec' | 'rollback' | 'closed'> & {
  execute(name: string, values: Array<string | null>, savepoint?: string): Promise<Array<Record<string, unknown>>>;
};

export class PgliteThread {
  private nextId = 1;
  private nextTx = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  /** Why every request now fails: closed, or the thread stopped. */
  private gone: Error | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: ThreadReply) => {
      const waiting = this.pending.get(m.id);
      if (!waiting) return;
      this.pending.delete(m.id);
      if (this.pending.size === 0) worker.unref();
      if (m.ok) waiting.resolve(m.value);
      else waiting.reject(fromWireError(m.error));
    });
    const stopped = (why: string) => {
      // The database is gone for good (until a restart): 57P02 (crash shutdown) says "unavailable", answered 503.
      this.gone ??= Object.assign(new Error(`the embedded database's thread stopped: ${why}`), { code: '57P02' });
      for (const waiting of this.pending.values()) waiting.reject(this.gone);
      this.pending.clear();
    };
    worker.on('error', (e) => stopped(e.message));
    worker.on('exit', (code) => stopped(`exit code ${code}`));
  }

  /** Starts the thread and opens the data folder `pgDir` in it (created beforehand). */
  static async open(pgDir: string, startParams: string[]): Promise<PgliteThread> {
    const worker = new Worker(workerEntry(), { workerData: { pgDir, startParams } satisfies ThreadStart });
    const thread = new PgliteThread(worker);
    // Id 0 is the thread's answer to its start: ready, or why it could not open the folder.
    const ready = new Promise<unknown>((resolve, reject) => thread.pending.set(0, { resolve, reject }));
    try {
      await ready;
    } catch (e) {
      await worker.terminate();
      throw e;
    }
    return thread;
  }

  get closed(): boolean {
    return this.gone !== undefined;
  }

  query<T>(sql: string, params?: unknown[], options?: QueryOptions, tx?: number): Promise<Results<T>> {
    return this.send({ op: 'query', sql, params, options: wireOptions(options), tx }) as Promise<Results<T>>;
  }

  exec(sql: string, options?: QueryOptions, tx?: number): Promise<Array<Results>> {
    return this.send({ op: 'exec', sql, options: wireOptions(options), tx }) as Promise<Array<Results>>;
  }

  /** A PREPAREd statement with its parameters bound, run on the database's thread (pgliteExecute.ts). */
  execute(name: string, values: Array<string | null>, savepoint?: string, tx?: number): Promise<Array<Record<string, unknown>>> {
    return this.send({ op: 'execute', name, values, ...(savepoint ? { savepoint } : {}), tx }) as Promise<Array<Record<string, unknown>>>;
  }

  /**
   * Runs `fn` in one transaction on the database's thread: committed if it resolves, rolled back
   * if it throws or calls `rollback()`. Nothing is sent until its first statement.
   */
  async transaction<T>(fn: (tx: ThreadTransaction) => Promise<T>): Promise<T> {
    const id = this.nextTx++;
    let begun = false;
    let closed = false;
    const live = () => {
      if (closed) throw new Error('Transaction is closed');
      begun = true;
    };
    const tx: ThreadTransaction = {
      query: <R>(sql: string, params?: unknown[], options?: QueryOptions) => {
        live();
        return this.query<R>(sql, params, options, id);
      },
      exec: (sql: string, options?: QueryOptions) => {
        live();
        return this.exec(sql, options, id);
      },
      execute: (name: string, values: Array<string | null>, savepoint?: string) => {
        live();
        return this.execute(name, values, savepoint, id);
      },
      rollback: async () => {
        live();
        closed = true;
        await this.send({ op: 'end', tx: id, commit: false });
      },
      get closed() {
        return closed;
      },
    };
    let result: T;
    try {
      result = await fn(tx);
    } catch (e) {
      if (begun && !closed) {
        closed = true;
        // The statement's own error says why; a rollback that fails too (the database gone) adds nothing.
        await this.send({ op: 'end', tx: id, commit: false }).catch(() => undefined);
      }
      throw e;
    }
    if (begun && !closed) {
      closed = true;
      await this.send({ op: 'end', tx: id, commit: true });
    }
    return result;
  }

  /** Closes the database (PGlite waits for a transaction in progress), then ends the thread. */
  async close(): Promise<void> {
    if (this.gone) throw new Error(CLOSED);
    await this.send({ op: 'close' });
    this.gone = new Error(CLOSED);
    await this.worker.terminate();
  }

  private send(request: Request): Promise<unknown> {
    if (this.gone) return Promise.reject(this.gone.message === CLOSED ? new Error(CLOSED) : this.gone);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      // Referenced while an answer is awaited, so a script awaiting one does not exit under it; not otherwise.
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id } as ThreadRequest);
    });
  }
}

/**
 * Parsers cannot cross to the thread. The only ones drizzle passes keep a type's text as it is
 * (dates, intervals, numeric arrays): those go as type OIDs; any other is refused rather than lost.
 */
function wireOptions(options: QueryOptions | undefined): WireQueryOptions | undefined {
  if (!options) return undefined;
  const { rowMode, parsers, ...rest } = options;
  const unsupported = Object.keys(rest).filter((k) => (rest as Record<string, unknown>)[k] !== undefined);
  if (unsupported.length > 0) throw new Error(`the embedded database's thread does not take the query option(s) ${unsupported.join(', ')}`);
  const wire: WireQueryOptions = {};
  if (rowMode) wire.rowMode = rowMode;
  if (parsers) {
    const probe = '2026-01-01 00:00:00+00';
    const rawTypes = Object.entries(parsers).map(([oid, parse]) => {
      if (parse(probe, Number(oid)) !== probe) throw new Error(`the embedded database's thread keeps a type's text only (type ${oid} has another parser)`);
      return Number(oid);
    });
    if (rawTypes.length > 0) wire.rawTypes = rawTypes;
  }
  return wire;
}

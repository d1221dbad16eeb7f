/**
 * The embedded database's own thread: PGlite runs here, so the server's thread parses HTTP,
 * validates and runs the engine while SQL runs (issue #13). It answers pgliteThread.ts's requests
 * in the order they come, through PGlite's own locks: a transaction's statements run in order with
 * nothing interleaved, and a statement outside it waits for its end, exactly as in process.
 * Bundled as dist/pglite-worker.js for `pnpm start`; run from source through tsx by pgliteWorker-source.mjs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type QueryOptions, type Transaction } from '@electric-sql/pglite';
import { executePrepared } from './pgliteExecute.js';
import { type ThreadReply, type ThreadRequest, type ThreadStart, toWireError, type WireQueryOptions } from './threadProtocol.js';

const port = parentPort!;
const reply = (m: ThreadReply): void => port.postMessage(m);

/** A transaction's way out when the server's side asks for ROLLBACK: PGlite rolls back on a throw. */
const ROLLBACK = Symbol('rollback');

interface OpenTransaction {
  /** Its statements, one after another. */
  chain: Promise<unknown>;
  ready: Promise<Transaction>;
  end(commit: boolean): void;
  /** Settles once COMMIT or ROLLBACK has run. */
  finished: Promise<unknown>;
}

const open = new Map<number, OpenTransaction>();
const keepText = (value: string): string => value;
const parsersFor = new Map<string, Record<number, (value: string) => string>>();

function optionsOf(wire: WireQueryOptions | undefined): QueryOptions | undefined {
  if (!wire) return undefined;
  const options: QueryOptions = {};
  if (wire.rowMode) options.rowMode = wire.rowMode;
  if (wire.rawTypes?.length) {
    const key = wire.rawTypes.join(',');
    let parsers = parsersFor.get(key);
    if (!parsers) parsersFor.set(key, (parsers = Object.fromEntries(wire.rawTypes.map((oid) => [oid, keepText]))));
    options.parsers = parsers;
  }
  return options;
}

/** Opens transaction `id` (BEGIN waits for any other transaction) the first time one of its statements comes. */
function transactionOf(db: PGlite, id: number): OpenTransaction {
  const known = open.get(id);
  if (known) return known;
  let end!: (commit: boolean) => void;
  const ended = new Promise<boolean>((resolve) => (end = resolve));
  let started!: (tx: Transaction) => void;
  const finished = db.transaction(async (tx) => {
    started(tx);
    if (!(await ended)) throw ROLLBACK;
  });
  // BEGIN failing (the database closed) fails the statements waiting for it.
  const ready = new Promise<Transaction>((resolve, reject) => {
    started = resolve;
    finished.catch(reject);
  });
  const t: OpenTransaction = { chain: ready, ready, end, finished };
  open.set(id, t);
  return t;
}

/** `target`: the transaction the statement belongs to, or the database for one outside any. */
function run(db: PGlite, target: PGlite | Transaction, m: Extract<ThreadRequest, { op: 'query' | 'exec' | 'execute' }>): Promise<unknown> {
  if (m.op === 'execute') {
    const execute = () => executePrepared(db, m.name, m.values, m.savepoint);
    // Bound execution takes only the query lock: outside a transaction it waits for any in progress, as exec() does.
    return target === db ? db.transaction(execute) : execute();
  }
  return m.op === 'query' ? target.query(m.sql, m.params, optionsOf(m.options)) : target.exec(m.sql, optionsOf(m.options));
}

function answer(id: number, work: Promise<unknown>): Promise<unknown> {
  return work.then(
    (value) => reply({ id, ok: true, value }),
    (e: unknown) => reply({ id, ok: false, error: toWireError(e) }),
  );
}

function serve(db: PGlite, m: ThreadRequest): void {
  if (m.op === 'close') {
    void answer(m.id, db.close());
    return;
  }
  if (m.op === 'end') {
    const t = open.get(m.tx);
    if (!t) return void reply({ id: m.id, ok: true, value: undefined });
    open.delete(m.tx);
    const done = t.chain.then(() => {
      t.end(m.commit);
      return t.finished.catch((e: unknown) => {
        if (e !== ROLLBACK) throw e;
      });
    });
    void answer(m.id, done);
    return;
  }
  if (m.tx === undefined) {
    void answer(m.id, run(db, db, m));
    return;
  }
  const t = transactionOf(db, m.tx);
  const work = t.chain.then(() => t.ready).then((tx) => run(db, tx, m));
  // A failed statement does not stop the next one (a rollback to a savepoint follows it).
  t.chain = work.catch(() => undefined);
  void answer(m.id, work);
}

async function start(): Promise<void> {
  const { pgDir, startParams } = workerData as ThreadStart;
  let db: PGlite;
  try {
    db = await PGlite.create(pgDir, { startParams });
  } catch (e) {
    reply({ id: 0, ok: false, error: toWireError(e) });
    return;
  }
  port.on('message', (m: ThreadRequest) => serve(db, m));
  reply({ id: 0, ok: true, value: 'ready' });
}

void start();

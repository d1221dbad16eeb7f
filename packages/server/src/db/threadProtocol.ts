/**
 * The messages between the server's thread and the embedded database's thread (pgliteThread.ts,
 * pgliteWorker.ts). Only what the structured clone can carry crosses: no functions, so a query's
 * parsers travel as the type OIDs whose text is kept as it is (the only parsers drizzle passes).
 */

/** What the database's thread is started with (its workerData). */
export interface ThreadStart {
  /** The Postgres data folder (already created: embedded.ts createDataFolderIfMissing). */
  pgDir: string;
  startParams: string[];
}

export interface WireQueryOptions {
  rowMode?: 'object' | 'array';
  /** Type OIDs answered as the database's text instead of parsed. */
  rawTypes?: number[];
}

export type ThreadRequest =
  | { id: number; op: 'query'; sql: string; params?: unknown[]; options?: WireQueryOptions; tx?: number }
  | { id: number; op: 'exec'; sql: string; options?: WireQueryOptions; tx?: number }
  /** A PREPAREd statement run with its parameters bound (pgliteExecute.ts); `savepoint` runs just before. */
  | { id: number; op: 'execute'; name: string; values: Array<string | null>; savepoint?: string; tx?: number }
  /** Ends transaction `tx`: COMMIT, or ROLLBACK when `commit` is false. */
  | { id: number; op: 'end'; tx: number; commit: boolean }
  | { id: number; op: 'close' };

/** An error as data: its message and its own plain fields (SQLSTATE `code`, `detail`, …), its cause too. */
export interface WireError {
  name: string;
  message: string;
  fields: Record<string, string | number | boolean | null>;
  cause?: WireError;
}

export type ThreadReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: WireError }
  | { id: 0; ok: true; value: 'ready' }
  | { id: 0; ok: false; error: WireError };

export function toWireError(error: unknown, depth = 0): WireError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} };
  const fields: WireError['fields'] = {};
  for (const [key, value] of Object.entries(error)) {
    // PGlite also hangs the query's options (functions) and parameters (a batch's payload) on its errors: not sent.
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value as string | number | boolean | null;
  }
  const wire: WireError = { name: error.name, message: error.message, fields };
  if (error.cause !== undefined && depth < 4) wire.cause = toWireError(error.cause, depth + 1);
  return wire;
}

export function fromWireError(wire: WireError): Error {
  const error = new Error(wire.message, wire.cause ? { cause: fromWireError(wire.cause) } : undefined);
  error.name = wire.name;
  Object.assign(error, wire.fields);
  return error;
}

import { parse, type PGlite, protocol } from '@electric-sql/pglite';

/**
 * Runs a statement PREPAREd by name with its parameters bound. Before, it ran as `EXECUTE
 * name(literals)` in the simple protocol: a batch's payload (about 100 kB of JSON) was quoted in
 * JavaScript and lexed as an SQL string literal. Bound, its text goes as it is to the type's input
 * function. In PGlite's CPU per decision the two measured the same (README, session 11): the jsonb
 * parse is the cost either way. PGlite's own `query()` would parse and plan the text every time
 * and cross into WebAssembly five times (parse, describe, bind, execute, sync). Here the whole
 * exchange is one crossing. `savepoint`: an SQL command run just before, in the same crossing.
 *
 * The caller holds the transaction (PGlite's `transaction()`), so only the query lock is taken
 * here. The rows are parsed by the database's own parsers, as `exec()` would.
 */
export async function executePrepared(
  db: PGlite,
  name: string,
  values: ReadonlyArray<string | null>,
  savepoint?: string,
): Promise<Array<Record<string, unknown>>> {
  const parts = [
    ...(savepoint ? [protocol.serialize.query(savepoint)] : []),
    protocol.serialize.bind({ statement: name, values: [...values] }),
    protocol.serialize.describe({ type: 'P' }),
    protocol.serialize.execute({}),
    protocol.serialize.sync(),
  ];
  const messages = await db.runExclusive(() => db.execProtocolStream(concat(parts), { syncToFs: false }));
  const results = parse.parseResults(messages, db.parsers);
  return results[results.length - 1]!.rows as Array<Record<string, unknown>>;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

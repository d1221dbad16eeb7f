/**
 * Whether an error means "the database cannot serve now" (it is down, unreachable, restarting,
 * out of disk or connections, read-only) rather than "this request is wrong" or "the server has
 * a bug". Such a request is worth retrying elsewhere or later: it answers 503, and a batch that
 * fails this way is not split up to find a culprit, since every part would fail the same way.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return driverError(error) !== undefined;
}

/**
 * A short reason for the outage log line: the driver's own error, not a wrapper's (drizzle's
 * "Failed query: …" would put the SQL in the log).
 */
export function unavailableReason(error: unknown): string {
  const e = driverError(error) ?? (error as { code?: unknown; message?: unknown } | undefined);
  const code = typeof e?.code === 'string' ? `${e.code} ` : '';
  const message = typeof e?.message === 'string' ? e.message.split('\n')[0]!.slice(0, 200) : String(error);
  return `${code}${message}`;
}

/** The error, or one of its causes, that says the database is unavailable. */
function driverError(error: unknown): { code?: unknown; message?: unknown } | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (typeof e !== 'object') return undefined;
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && unavailableCode(code)) return e as { code?: unknown; message?: unknown };
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((m) => m.test(message))) return e as { code?: unknown; message?: unknown };
  }
  return undefined;
}

/** Socket errors of node-postgres (Node's errno codes) when the server is gone or unreachable. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'EAI_AGAIN',
  'ENOTCONN',
]);

/**
 * SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html): class 08
 * connection exception; 57P01–57P03 admin shutdown, crash shutdown, cannot connect now (starting
 * up or in recovery); class 53 insufficient resources (disk full, out of memory, too many
 * connections); 25006 read-only transaction (a standby, or default_transaction_read_only after a
 * failover); 58030 I/O error.
 */
function unavailableCode(code: string): boolean {
  if (SOCKET_CODES.has(code)) return true;
  if (!/^[0-9A-Z]{5}$/.test(code)) return false;
  return code.startsWith('08') || code.startsWith('53') || code === '57P01' || code === '57P02' || code === '57P03' || code === '25006' || code === '58030';
}

/**
 * Errors known by their text. node-postgres: a connection lost mid-query, a connect or pool
 * checkout that timed out (no code). PGlite: an instance closed (no code); a data folder that
 * turned read-only or lost its permissions, which PostgreSQL reports as 42501 — the code of a
 * missing GRANT too, which is a bug, so only the file error's own text counts. (A full disk is
 * 53100, "could not extend file …: No space left on device", caught by its code.)
 */
const UNAVAILABLE_MESSAGES: RegExp[] = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect$/,
  /^Client has encountered a connection error and is not queryable$/,
  /^Cannot use a pool after calling end on the pool$/,
  /^PGlite is closed$/,
  /^could not [a-z ]+ (file|directory) "[^"]*": (Read-only file system|Permission denied|No space left on device|Input\/output error|Disk quota exceeded)$/,
];

import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { withDirLock } from '../build.mjs';

/**
 * Fresh, empty, migrated databases for tests, copied from a template instead of made from scratch:
 * PGlite's initdb (a child process) and every migration cost about 5 CPU-seconds per database,
 * 10–40 s of wall time on a loaded machine, and the server, CLI and browser suites open one per
 * file and lane. The template itself is made by the server's own openDatabase, so what a test
 * gets is exactly what a first start leaves behind; opening the copy still runs the migrator and
 * the start-up rekeying, which find nothing to do. Tests of the first start itself (initdb,
 * migrating an empty folder) start the real server on an empty folder of their own.
 */

const SERVER = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Everything that decides what a freshly migrated database contains. */
function templateKey(): string {
  const hash = createHash('sha256');
  const visit = (path: string) => {
    if (statSync(path).isDirectory()) for (const name of readdirSync(path).sort()) visit(join(path, name));
    else hash.update(path).update(readFileSync(path));
  };
  visit(join(SERVER, 'drizzle'));
  visit(join(SERVER, 'src/db/embedded.ts'));
  visit(join(SERVER, 'node_modules/@electric-sql/pglite/package.json'));
  return hash.digest('hex').slice(0, 16);
}

/**
 * A migrated, empty embedded database folder, made once per machine for the current migrations
 * (kept in the temp folder; a changed migration or PGlite makes a new one).
 */
async function embeddedTemplate(): Promise<string> {
  const template = join(tmpdir(), `sluice-db-template-${templateKey()}`);
  if (existsSync(template)) return template;
  return withDirLock(`${template}.lock`, 5 * 60_000, async () => {
    if (existsSync(template)) return template;
    const partial = `${template}.${process.pid}.new`;
    rmSync(partial, { recursive: true, force: true });
    const { openDatabase } = await import('../src/db/connect.js');
    const database = await openDatabase({ dataDir: partial });
    await database.close();
    renameSync(partial, template);
    return template;
  });
}

/** A new temp folder (named `prefix…`) holding an empty, migrated embedded database of its own. */
export async function freshDataDir(prefix = 'sluice-test-'): Promise<string> {
  const template = await embeddedTemplate();
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(dataDir, { recursive: true });
  cpSync(join(template, 'pg'), join(dataDir, 'pg'), { recursive: true });
  return dataDir;
}

/** Set by the run's global setup: the name of a migrated, empty PostgreSQL database to copy. */
export const POSTGRES_TEMPLATE_ENV = 'SLUICE_TEST_PG_TEMPLATE';

/** One statement on the lane's server (the database of `url`), in a session of its own. */
export async function adminQuery(url: string, statement: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  // A session lost meanwhile fails the query below; it must not also be an unhandled 'error'.
  c.on('error', () => undefined);
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}

/**
 * For the run's global setup: a migrated, empty PostgreSQL database on the lane's server, which
 * each test's fresh database copies (`create database … template …`). Returns its removal.
 */
export async function preparePostgresTemplate(url: string): Promise<() => Promise<void>> {
  const name = `sluice_t_tpl_${randomBytes(6).toString('hex')}`;
  await adminQuery(url, `create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const drop = () => adminQuery(url, `drop database if exists ${name} with (force)`);
  try {
    // Closed before any copy: PostgreSQL copies only a template nobody is connected to.
    const { openDatabase } = await import('../src/db/connect.js');
    await (await openDatabase({ url: target.toString() })).close();
  } catch (e) {
    await drop();
    throw e;
  }
  process.env[POSTGRES_TEMPLATE_ENV] = name;
  return async () => {
    delete process.env[POSTGRES_TEMPLATE_ENV];
    await drop();
  };
}

import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { buildEditorIfStale, EDITOR_DIST } from '@sluice/server/build';
// A test helper shared between test folders (the server's and the CLI's tests copy the same template).
import { freshDataDir as freshServerDataDir } from '../../../server/test/dbTemplate.js';

/**
 * What every browser test file needs before its product starts, made as cheaply as possible:
 * - the editor build: made (when stale) once per test run, in the background while other test
 *   files run, instead of by the first browser test file — and not again by a later file when
 *   a source is saved mid-run;
 * - one Chromium for the whole run, which each file connects to (own contexts, own cookies);
 * - a fresh embedded database copied from a migrated empty one, instead of PGlite's initdb and
 *   every migration per file (about 5 s quiet, 25–40 s on a loaded machine; server/test/dbTemplate.ts).
 * Without the run's global setup (a script, the benchmark, a file run by other means) each
 * falls back to what a lone process does: build when stale, launch its own Chromium.
 */

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const CHROMIUM = '/usr/bin/chromium';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const E2E_DIR = join(ROOT, 'packages/editor/test/e2e');

/** Set by the run's global setup: a file that says "ok" (or why not) once the editor is built. */
const EDITOR_READY_ENV = 'SLUICE_E2E_EDITOR_READY';
/** Set by the run's global setup: the WebSocket address of the run's Chromium. */
const BROWSER_ENV = 'SLUICE_E2E_BROWSER';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The editor build to serve: SLUICE_EDITOR_DIST if set, else packages/editor/dist, built when stale (once per run). */
export async function editorReady(): Promise<string> {
  if (process.env.SLUICE_EDITOR_DIST) return process.env.SLUICE_EDITOR_DIST;
  const marker = process.env[EDITOR_READY_ENV];
  if (!marker) {
    await buildEditorIfStale({ quiet: true });
    return EDITOR_DIST;
  }
  const deadline = Date.now() + 10 * 60_000;
  while (!existsSync(marker)) {
    if (Date.now() > deadline) throw new Error(`the editor build of this test run did not finish within 10 minutes (${marker})`);
    await sleep(200);
  }
  const said = readFileSync(marker, 'utf8');
  if (said !== 'ok') throw new Error(`the editor could not be built for this test run: ${said}`);
  return EDITOR_DIST;
}

/** The run's Chromium when the global setup started one, else a new one owned by the caller. */
export async function browserForFile(): Promise<{ browser: Browser; shared: boolean }> {
  const ws = process.env[BROWSER_ENV];
  if (ws) {
    try {
      return { browser: await chromium.connect(ws, { timeout: 30_000 }), shared: true };
    } catch {
      // The run's browser is gone (crashed): this file still runs, on its own.
    }
  }
  return { browser: await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }), shared: false };
}

// ---- Embedded database from a template

/** A new temp folder holding an empty, migrated embedded database of its own. */
export function freshDataDir(): Promise<string> {
  return freshServerDataDir('sluice-e2e-');
}

// ---- The run's global setup

/**
 * Called by test/global-setup.ts with the run's test files. When browser tests are among them:
 * starts the editor build in the background and one Chromium for the run; returns the teardown.
 */
export function includesBrowserTests(files: readonly string[]): boolean {
  return files.some((f) => resolve(f).startsWith(`${E2E_DIR}/`));
}

export async function prepareBrowserTests(files: readonly string[]): Promise<() => Promise<void>> {
  if (!includesBrowserTests(files)) return async () => undefined;
  let building: Promise<void> = Promise.resolve();
  let marker: string | undefined;
  if (!process.env.SLUICE_EDITOR_DIST) {
    marker = join(tmpdir(), `sluice-e2e-editor-${process.pid}-${Date.now()}`);
    const done = marker;
    process.env[EDITOR_READY_ENV] = done;
    building = buildEditorIfStale({ quiet: true }).then(
      () => writeFileSync(done, 'ok'),
      (e: unknown) => writeFileSync(done, e instanceof Error ? e.message : String(e)),
    );
  }
  const server = await chromium.launchServer({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  process.env[BROWSER_ENV] = server.wsEndpoint();
  return async () => {
    await building;
    if (marker) rmSync(marker, { force: true });
    await server.close();
    delete process.env[EDITOR_READY_ENV];
    delete process.env[BROWSER_ENV];
  };
}

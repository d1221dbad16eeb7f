import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServerProcess, stopServerProcess, type ServerProcess } from './child.js';

/**
 * What an idle embedded server costs, started exactly as `pnpm start` starts it (build if stale,
 * then the built JavaScript): memory, not time, so the bound holds on a busy machine too. An
 * idle server measures about 230-260 MB; before the build and the smaller PGlite settings it
 * was about 420 MB after a restart and 920 MB after a first start.
 */
const IDLE_BOUND_MB = 350;
/** First-start peak: creating the database (initdb) in the server process itself peaked at ~940 MB. */
const PEAK_BOUND_MB = 450;

function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)![1]);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** The server's memory after a little use (as a load balancer and a first visitor would) and a few idle seconds. */
async function idleMemory({ base, child }: ServerProcess) {
  for (let i = 0; i < 5; i++) expect((await fetch(`${base}/health`)).status).toBe(200);
  expect((await fetch(`${base}/openapi.json`)).status).toBe(200);
  await new Promise((r) => setTimeout(r, 3_000));
  const samples = [];
  for (let i = 0; i < 4; i++) {
    samples.push(memoryOf(child.pid!));
    await new Promise((r) => setTimeout(r, 500));
  }
  return { rssMb: Math.max(...samples.map((s) => s.rssMb)), peakMb: samples.at(-1)!.peakMb };
}

describe('an idle embedded server (pnpm start)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sluice-memory-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it(`stays under ${IDLE_BOUND_MB} MB on a first start, with the database created outside the server process`, async () => {
    // What a first start killed while creating the database leaves: replaced, never opened.
    mkdirSync(join(dataDir, 'pg.new'), { recursive: true });
    writeFileSync(join(dataDir, 'pg.new', 'PG_VERSION'), 'half');
    const server = await startServerProcess({ dataDir }, 150_000);
    try {
      // The admin lines follow the "listening" line in the same callback, but may come in a later chunk.
      await expect.poll(() => server.output(), { timeout: 10_000 }).toContain('First start: an admin account was created.');
      // What to sign in with and what to set first, named where the editor has them.
      await expect.poll(() => server.output(), { timeout: 10_000 }).toContain('Administration → Tenant and time zone');
      expect(server.output()).toContain('  tenant / 租户: default\n');
      expect(existsSync(join(dataDir, 'pg', 'PG_VERSION'))).toBe(true);
      expect(existsSync(join(dataDir, 'pg.new'))).toBe(false);
      const { rssMb, peakMb } = await idleMemory(server);
      expect(rssMb).toBeLessThanOrEqual(IDLE_BOUND_MB);
      expect(peakMb).toBeLessThanOrEqual(PEAK_BOUND_MB);
    } finally {
      await stopServerProcess(server);
    }
    expect(await server.exited).toEqual({ code: 0, signal: null });
  }, 240_000);

  it(`stays under ${IDLE_BOUND_MB} MB after a restart on the same data`, async () => {
    const server = await startServerProcess({ dataDir }, 150_000);
    try {
      expect(server.output()).not.toContain('First start');
      const { rssMb } = await idleMemory(server);
      expect(rssMb).toBeLessThanOrEqual(IDLE_BOUND_MB);
    } finally {
      await stopServerProcess(server);
    }
  }, 240_000);
});

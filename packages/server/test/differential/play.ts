import { InMemoryState } from '@sluice/engine';
import { expect } from 'vitest';
import { describeMismatches, mismatches, normaliseOutcomes, type Mismatch } from './compare.js';
import { playOnEngine } from './engineSide.js';
import { KNOWN_DIFFERENCES, unexplained } from './knownDifferences.js';
import { fromDatabase, fromMemory } from './normalise.js';
import type { Loaded } from './scenario.js';
import { playOnServer, type ServerUnderTest } from './serverSide.js';

/** One scenario on both sides: every place their decisions or final states differ. */
export async function differences(name: string, loaded: Loaded, server: ServerUnderTest): Promise<{ found: Mismatch[]; decided: number }> {
  const engine = playOnEngine(loaded);
  const initial = fromMemory(new InMemoryState(structuredClone(loaded.snapshot)), loaded.snapshot);
  const played = await playOnServer(loaded, server, async (tenantId) => {
    // The harness's own check: the seeded rows read back as the state step() starts from.
    const seeded = await fromDatabase(server.database, tenantId);
    const off = mismatches(seeded, initial, 'seeded');
    expect(off, `${name}: seeding is not faithful\n${describeMismatches(off)}`).toEqual([]);
  });
  // Not vacuous: every event came to something on both sides.
  expect(played.outcomes).toHaveLength(loaded.raw.length);
  expect(engine.outcomes).toHaveLength(loaded.raw.length);
  return {
    found: [
      ...mismatches(normaliseOutcomes(played.outcomes), normaliseOutcomes(engine.outcomes), 'outcomes'),
      ...mismatches(await fromDatabase(server.database, played.tenantId), fromMemory(engine.state, loaded.snapshot, engine.applied), 'state'),
    ],
    decided: engine.outcomes.filter((o) => ('decisions' in o && o.decisions.length > 0) || 'manual' in o).length,
  };
}

/** The scenario's differences must be exactly its known ones (none, for most). */
export async function expectOneSemantics(name: string, loaded: Loaded, server: ServerUnderTest): Promise<void> {
  const { found, decided } = await differences(name, loaded, server);
  const { fresh, gone } = unexplained(found, KNOWN_DIFFERENCES[name]);
  expect(
    fresh.map((m) => m.path),
    `${name}: server and step() differ\n${describeMismatches(fresh)}`,
  ).toEqual([]);
  expect(gone, `${name}: these known differences are gone: remove them from KNOWN_DIFFERENCES`).toEqual([]);
  expect(decided, `${name}: nothing was decided`).toBeGreaterThan(0);
}

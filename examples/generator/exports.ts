/**
 * The example CRM exports of issue #12 (examples/exports/), made from fixed seeds of the synthetic
 * world so anyone can check them against its hidden truth. `npx tsx examples/generator/exports.ts` rewrites examples/exports/; the test checks
 * the committed files are exactly what this makes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PolicyDocument } from '@sluice/engine';
import { generateWorld, historyUnderPolicy } from '../../packages/simulator/src/world/index.js';
import { chineseCrmFiles, type ExportFile, englishCrmFiles } from './crm-files.js';

export const EXPORTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'exports');

/** The policy that made both histories: every new lead to the next rep in turn. */
export const EXAMPLE_HISTORY_POLICY: PolicyDocument = {
  key: 'example-round-robin',
  kind: 'routing',
  name: 'Round robin across all reps / 全员轮流分配',
  description: 'The policy the example exports were recorded under. / 示例导出数据所依据的分配策略。',
  version: 0,
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { events: ['lead.created'] } },
    { id: 'rr', type: 'assign.roundRobin', position: { x: 0, y: 120 }, data: {} },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'rr' }],
};

/** Fixed seeds and sizes: about 500 leads each. */
export const EN_WORLD = { seed: 2026, regime: 'b2b', locale: 'en', reps: 21, teams: 3, days: 180, start: '2026-01-05' } as const;
export const ZH_WORLD = { seed: 2027, regime: 'b2c', locale: 'zh', reps: 4, teams: 2, days: 4, start: '2026-03-02' } as const;

export type { ExportFile };

/** Both example exports, bytes as they are written to examples/exports/. */
export function buildExports(): ExportFile[] {
  const en = generateWorld(EN_WORLD);
  const zh = generateWorld(ZH_WORLD);
  const enHistory = historyUnderPolicy({ world: en, policies: [EXAMPLE_HISTORY_POLICY], seed: EN_WORLD.seed }).history;
  const zhHistory = historyUnderPolicy({ world: zh, policies: [EXAMPLE_HISTORY_POLICY], seed: ZH_WORLD.seed }).history;
  return [...englishCrmFiles(en, enHistory), ...chineseCrmFiles(zh, zhHistory)];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  mkdirSync(EXPORTS_DIR, { recursive: true });
  for (const file of buildExports()) {
    writeFileSync(join(EXPORTS_DIR, file.name), file.bytes);
    process.stdout.write(`${file.name}  ${file.bytes.length} bytes\n`);
  }
}

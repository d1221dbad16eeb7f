/**
 * `tsx packages/server/bench/simData.ts <leads> <dir>`: the simLoad target's dataset, an English
 * CRM export (leads.csv, activities.csv, mapping.json) of the simulator bench's history
 * (packages/simulator/bench/simHistory.ts: a B2C world, about 5 events a lead) written by the
 * example export generator (examples/generator). Run as a child process of its own so the
 * gigabyte a million-lead world takes is given back before the measured load starts; files already
 * there (same leads count) are kept, so a rerun skips the minute of generating.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EN_MAPPING, englishCrmFiles } from '../../../examples/generator/crm-files.js';
import { benchHistory } from '../../simulator/bench/simHistory.js';

const SIM_FILES = ['leads.csv', 'activities.csv', 'mapping.json'] as const;

function main(): void {
  const leads = Number(process.argv[2]);
  const dir = process.argv[3];
  if (!Number.isSafeInteger(leads) || leads < 1 || !dir) throw new Error('usage: simData.ts <leads> <dir>');
  if (SIM_FILES.every((f) => existsSync(join(dir, f)))) return;
  mkdirSync(dir, { recursive: true });
  const reps = Math.max(20, Math.round(leads / 5_000));
  const { world, history } = benchHistory(leads, reps, 1);
  const [leadsFile, activitiesFile] = englishCrmFiles(world, history);
  // The export's dates are written in the world's zone: the mapping reads them in the same one.
  const mapping = { ...EN_MAPPING, timeZone: world.timeZone };
  writeFileSync(join(dir, 'leads.csv'), leadsFile!.bytes);
  writeFileSync(join(dir, 'activities.csv'), activitiesFile!.bytes);
  // Written last: its presence says the other two are complete.
  writeFileSync(join(dir, 'mapping.json'), JSON.stringify({ mapping, teams: world.teams.map((t) => t.id), leads: history.leads.length }));
}

main();

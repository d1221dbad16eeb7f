/**
 * The committed marketing exports (examples/exports/marketing-*): fixed seeds and sizes.
 * `npx tsx examples/generator/marketing-files.ts` rewrites them; marketing.test.ts checks the
 * committed bytes are exactly what this makes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXPORTS_DIR } from './exports.js';
import { generateMarketingLeads, type MarketingLeads } from './marketing.js';

export const MARKETING_EN = { seed: 2026, n: 5000, badRows: true } as const;
export const MARKETING_ZH = { seed: 2027, n: 2000, badRows: false } as const;

export const marketingEn = (): MarketingLeads => generateMarketingLeads(MARKETING_EN.seed, MARKETING_EN.n, { lang: 'en', badRows: MARKETING_EN.badRows });
export const marketingZh = (): MarketingLeads => generateMarketingLeads(MARKETING_ZH.seed, MARKETING_ZH.n, { lang: 'zh', badRows: MARKETING_ZH.badRows });

/** File name → text (all UTF-8). */
export function marketingFiles(en = marketingEn(), zh = marketingZh()): Record<string, string> {
  const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
  return {
    'marketing-leads.csv': en.csv,
    'marketing-activities.csv': en.activitiesCsv,
    'marketing.mapping.json': json(en.mapping),
    'marketing-leads-zh.csv': zh.csv,
    'marketing-activities-zh.csv': zh.activitiesCsv,
    'marketing-zh.mapping.json': json(zh.mapping),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const [name, content] of Object.entries(marketingFiles())) {
    writeFileSync(join(EXPORTS_DIR, name), content);
    process.stdout.write(`${name}  ${Buffer.byteLength(content)} bytes\n`);
  }
}

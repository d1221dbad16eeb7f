import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importHistory } from '../../packages/simulator/src/history/index.js';
import { parseMapping } from '../../packages/simulator/src/history/mapping.js';
import type { HistoryLead } from '../../packages/simulator/src/types.js';
import { examplePolicy } from '../index.js';
import { EXPORTS_DIR } from './exports.js';
import { generateMarketingLeads } from './marketing.js';
import { marketingEn, marketingFiles, marketingZh } from './marketing-files.js';
import { MARKETING_LEAKING_ATTRIBUTES } from './marketing-mapping.js';

const en = marketingEn();
const zh = marketingZh();
const enImport = importHistory({ mapping: en.mapping, leads: en.csv, activities: en.activitiesCsv });
const zhImport = importHistory({ mapping: zh.mapping, leads: zh.csv, activities: zh.activitiesCsv });

const wonRate = (leads: readonly HistoryLead[]) => leads.filter((l) => l.outcome === 'won').length / leads.length;
const share = (leads: readonly HistoryLead[], test: (l: HistoryLead) => boolean) => leads.filter(test).length / leads.length;
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('marketing lead export (issue #15)', () => {
  it('the committed files are exactly what the generator makes with the same seeds (rerun marketing-files.ts after a change)', () => {
    for (const [name, text] of Object.entries(marketingFiles(en, zh))) {
      const onDisk = readFileSync(join(EXPORTS_DIR, name));
      expect(Buffer.compare(onDisk, Buffer.from(text, 'utf8')), name).toBe(0);
    }
  });

  it('is deterministic per seed, and another seed gives other leads', () => {
    const a = generateMarketingLeads(7, 50);
    const b = generateMarketingLeads(7, 50);
    const c = generateMarketingLeads(8, 50);
    expect(b.csv).toBe(a.csv);
    expect(b.activitiesCsv).toBe(a.activitiesCsv);
    expect([...b.truth]).toEqual([...a.truth]);
    expect(c.csv).not.toBe(a.csv);
  });

  it('writes the English export like a marketing tool: its headers, 2026-03-14 09:12 times, 0/1 and "60,000" amounts', () => {
    const lines = en.csv.split('\n');
    expect(en.csv).not.toContain('\r');
    expect(lines[0]).toBe(
      'Prospect ID,Lead Number,Created At,Lead Origin,Lead Source,Do Not Email,TotalVisits,Total Time Spent on Website,Page Views Per Visit,Last Activity,Country,Specialization,What is your current occupation,City,Tags,Lead Quality,Last Notable Activity,Converted,Converted At,Amount',
    );
    expect(lines[1]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12},580001,2025-11-0\d \d{2}:\d{2},/);
    expect(en.csv).toMatch(/,1,20\d\d-\d\d-\d\d \d\d:\d\d,"\d{2,3},\d{3}"\n/);
    expect(en.csv).toMatch(/,0,,\n/);
    expect(en.csv).toContain(',Select,');
    expect(en.csv).toContain(',Google,');
    expect(en.csv).toContain(',google,');
    expect(en.activitiesCsv.split('\n')[0]).toBe('Prospect ID,Activity,Activity Date');
  });

  it('writes the Chinese export with Chinese headers and values, a BOM, CRLF, 2026/3/4 9:05 times and ¥ amounts', () => {
    expect(
      zh.csv.startsWith('\uFEFF线索ID,线索编号,创建时间,线索来源类型,来源渠道,拒收邮件,访问次数,停留时长,每次访问页数,最近活动,国家,专业方向,职业,城市,'),
    ).toBe(true);
    expect(zh.csv.replaceAll('\r\n', '')).not.toContain('\n');
    expect(zh.csv).toMatch(/,是,20\d\d\/\d{1,2}\/\d{1,2} \d{1,2}:\d\d,"¥\d{1,2},\d{3}"\r\n/);
    for (const value of [',转介绍,', ',在职人士,', ',请选择,', ',已发短信,']) expect(zh.csv).toContain(value);
    expect(zh.activitiesCsv.split('\r\n')[0]).toBe('\uFEFF线索ID,活动类型,活动时间');
  });

  it('its mappings are valid mapping files', () => {
    for (const m of [en.mapping, zh.mapping]) expect(parseMapping(m)).toMatchObject({ ok: true });
  });

  it('English: the mapping reads every row except the three deliberately bad ones, each named by row and column', () => {
    expect(en.badRows).toBe(3);
    expect(enImport.rejects.map((r) => [r.file, r.column, r.code])).toEqual([
      ['leads', 'Prospect ID', 'duplicate-id'],
      ['leads', 'Created At', 'bad-date'],
      ['leads', 'TotalVisits', 'bad-number'],
    ]);
    expect(enImport.rejects.every((r) => (r.row ?? 0) > 1000)).toBe(true);
    expect(enImport.history.leads).toHaveLength(5000);
    expect(enImport.history.activities.length).toBe(en.activitiesCsv.trim().split('\n').length - 1);
  });

  it('Chinese: the mapping reads every row of both files', () => {
    expect(zhImport.rejects).toEqual([]);
    expect(zhImport.history.leads).toHaveLength(2000);
    expect(zhImport.history.activities.length).toBe(zh.activitiesCsv.trim().split('\r\n').length - 1);
  });

  it('converts 33–42% of leads, every outcome closed, with amounts on conversions only', () => {
    for (const { history } of [enImport, zhImport]) {
      expect(wonRate(history.leads)).toBeGreaterThan(0.33);
      expect(wonRate(history.leads)).toBeLessThan(0.42);
      expect(history.leads.every((l) => l.outcome !== 'open')).toBe(true);
      for (const l of history.leads) {
        expect(l.closedAt !== undefined, l.id).toBe(l.outcome === 'won');
        expect((l.amount ?? 0) >= 5000, l.id).toBe(l.outcome === 'won');
      }
    }
  });

  it('has missing values as real exports do: blanks and the untouched "Select" drop-down', () => {
    const leads = enImport.history.leads;
    expect(share(leads, (l) => l.attributes.specialization === 'Select')).toBeGreaterThan(0.15);
    expect(share(leads, (l) => l.attributes.city === 'Select')).toBeGreaterThan(0.15);
    expect(share(leads, (l) => l.attributes.occupation === undefined)).toBeGreaterThan(0.2);
    expect(share(leads, (l) => l.attributes.country === undefined)).toBeGreaterThan(0.2);
    expect(share(leads, (l) => l.attributes.totalVisits === undefined)).toBeGreaterThan(0.005);
    expect(leads.every((l) => l.attributes.totalVisits === undefined || typeof l.attributes.totalVisits === 'number')).toBe(true);
    expect(leads.every((l) => typeof l.attributes.doNotEmail === 'boolean')).toBe(true);
  });

  it('truth: a probability for every lead, calibrated against the outcomes, and ranking them well', () => {
    for (const [gen, { history }] of [
      [en, enImport],
      [zh, zhImport],
    ] as const) {
      const p = history.leads.map((l) => gen.truth.get(l.id));
      expect(p.every((x) => x !== undefined && x > 0 && x < 1)).toBe(true);
      expect(Math.abs(mean(p as number[]) - wonRate(history.leads))).toBeLessThan(0.02);
      // Leads the truth puts in its top fifth convert far more often than those in its bottom fifth.
      const ranked = [...history.leads].sort((a, b) => gen.truth.get(a.id)! - gen.truth.get(b.id)!);
      const fifth = Math.floor(ranked.length / 5);
      expect(wonRate(ranked.slice(-fifth))).toBeGreaterThan(0.7);
      expect(wonRate(ranked.slice(0, fifth))).toBeLessThan(0.12);
    }
  });

  it('drifts over time: the newer half of the period converts better', () => {
    const leads = enImport.history.leads;
    const half = Math.floor(leads.length / 2);
    const truthOf = (ls: readonly HistoryLead[]) => mean(ls.map((l) => en.truth.get(l.id)!));
    expect(truthOf(leads.slice(half)) - truthOf(leads.slice(0, half))).toBeGreaterThan(0.015);
  });

  it('leaks through Tags, Lead Quality and Last Notable Activity, which sales fills in after the outcome', () => {
    expect([...MARKETING_LEAKING_ATTRIBUTES]).toEqual(['tags', 'leadQuality', 'lastNotableActivity']);
    const won = enImport.history.leads.filter((l) => l.outcome === 'won');
    const lost = enImport.history.leads.filter((l) => l.outcome === 'lost');
    const closing = (l: HistoryLead) => ['Will revert after reading the email', 'Closed by Horizzon'].includes(String(l.attributes.tags));
    expect(share(won, closing)).toBeGreaterThan(0.55);
    expect(share(lost, closing)).toBeLessThan(0.08);
    expect(share(lost, (l) => l.attributes.tags === 'Ringing')).toBeGreaterThan(0.15);
    expect(share(won, (l) => l.attributes.lastNotableActivity === 'SMS Sent')).toBeGreaterThan(0.35);
    expect(share(lost, (l) => l.attributes.leadQuality === 'Worst')).toBeGreaterThan(0.04);
    expect(share(won, (l) => l.attributes.leadQuality === 'Worst')).toBe(0);
  });

  it('early activities carry the intent no column shows: leads with three or more touches convert more than those with none', () => {
    const touches = new Map<string, number>();
    for (const a of enImport.history.activities) touches.set(a.leadId, (touches.get(a.leadId) ?? 0) + 1);
    const leads = enImport.history.leads;
    const many = leads.filter((l) => (touches.get(l.id) ?? 0) >= 3);
    const none = leads.filter((l) => !touches.has(l.id));
    expect(many.length).toBeGreaterThan(300);
    expect(wonRate(many) - wonRate(none)).toBeGreaterThan(0.08);
    const kinds = new Set(enImport.history.activities.map((a) => a.type));
    expect([...kinds].sort()).toEqual(['call', 'chat', 'emailClicked', 'emailOpened', 'form', 'pageVisit']);
  });

  it('comes with the hand-made points table examples/policies/marketing-points.json', () => {
    expect(en.pointsPolicy).toEqual(examplePolicy('marketing-points'));
    expect(en.pointsPolicy.nodes.map((n) => n.type)).toEqual(['trigger', 'score', 'grade']);
  });

  it('refuses sizes and options it cannot make, saying which', () => {
    expect(() => generateMarketingLeads(1, 0)).toThrow(/n must be a whole number ≥ 1, got 0/);
    expect(() => generateMarketingLeads(1, 10, { start: 'soon' })).toThrow(/start "soon" is not a date/);
    expect(() => generateMarketingLeads(1, 10, { lang: 'zh', badRows: true })).toThrow(/English export only/);
  });
});

/**
 * The mapping guess on the committed example exports, as a user who has never seen them would
 * use it: guess from the files alone, import with the guess, and get the same outcomes as the
 * hand-written mapping (and, for the CRM exports, as many won leads as the file has won rows).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { guessMappingsFromFiles, type History, importHistory } from '@sluice/simulator/history';
import { describe, expect, it } from 'vitest';
import { ROOT } from './cliRunner.js';

const EXPORTS = join(ROOT, 'examples/exports');
const file = (name: string) => readFileSync(join(EXPORTS, name));
const json = (name: string) => JSON.parse(readFileSync(join(EXPORTS, name), 'utf8')) as Record<string, unknown>;

/** The guessed mapping of the leads and activities files, merged the way `sluice mapping` does. */
function guessed(leads: Uint8Array, activities: Uint8Array) {
  const [l, a] = guessMappingsFromFiles([{ content: leads }, { content: activities }]);
  return { mapping: { version: 1, timeZone: l!.mapping.timeZone, leads: l!.mapping.leads, activities: a!.mapping.activities }, leads: l!, activities: a! };
}

const wins = (h: History) => h.leads.filter((lead) => lead.outcome === 'won').length;

describe('guessing the marketing exports', () => {
  for (const [style, leadsFile, activitiesFile, mappingFile] of [
    ['en', 'marketing-leads.csv', 'marketing-activities.csv', 'marketing.mapping.json'],
    ['zh', 'marketing-leads-zh.csv', 'marketing-activities-zh.csv', 'marketing-zh.mapping.json'],
  ] as const) {
    it(`${style}: the id is the column the activities refer to, the converted flag is the outcome, and wins match the hand-written mapping`, () => {
      const leads = file(leadsFile);
      const activities = file(activitiesFile);
      const g = guessed(leads, activities);
      const hand = json(mappingFile) as { leads: { columns: Record<string, string> }; activities: { columns: Record<string, string> } };
      const columns = (g.mapping.leads as { columns: Record<string, string> }).columns;
      expect(columns.id).toBe(hand.leads.columns.id);
      expect(columns.outcome).toBe(hand.leads.columns.outcome);
      expect(columns.closedAt).toBe(hand.leads.columns.closedAt);
      expect(columns.amount).toBe(hand.leads.columns.amount);
      expect((g.mapping.activities as { columns: Record<string, string> }).columns.leadId).toBe(hand.activities.columns.leadId);

      const mine = importHistory({ mapping: g.mapping, leads, activities });
      const theirs = importHistory({ mapping: hand, leads, activities });
      expect(wins(mine.history)).toBeGreaterThan(50);
      expect(wins(mine.history)).toBe(wins(theirs.history));
      expect(mine.history.leads.length).toBe(theirs.history.leads.length);
      expect(mine.history.activities.length).toBe(theirs.history.activities.length);
      expect(mine.rejects.filter((r) => r.file === 'activities')).toEqual([]);
    }, 60_000);
  }

  it('zh: Chinese headers become readable English attribute keys', () => {
    const g = guessed(file('marketing-leads-zh.csv'), file('marketing-activities-zh.csv'));
    const attributes = (g.mapping.leads as { attributes: Record<string, unknown> }).attributes;
    expect(Object.keys(attributes).sort()).toEqual(
      [
        'city',
        'country',
        'doNotEmail',
        'lastActivity',
        'lastNotableActivity',
        'leadNumber',
        'leadQuality',
        'leadSourceType',
        'occupation',
        'pagesPerVisit',
        'source',
        'specialization',
        'tags',
        'timeOnSite',
        'visits',
      ].sort(),
    );
    expect(attributes.visits).toEqual({ column: '访问次数', type: 'number' });
    expect(attributes.leadSourceType).toBe('线索来源类型');
  });
});

describe('guessing the CRM exports', () => {
  for (const [style, encoding, won] of [
    ['en', 'utf-8', 'Closed Won'],
    ['zh', 'gb18030', '赢单'],
  ] as const)
    it(`${style} (${encoding}): as many won leads as the file has "${won}" rows`, () => {
      const leads = file(`${style}-crm-leads.csv`);
      const activities = file(`${style}-crm-activities.csv`);
      const expected = new TextDecoder(encoding)
        .decode(leads)
        .split(/\r?\n/)
        .filter((line) => line.includes(`,${won},`)).length;
      const r = importHistory({ mapping: guessed(leads, activities).mapping, leads, activities });
      expect(r.rejects).toEqual([]);
      expect(expected).toBeGreaterThan(10);
      expect(wins(r.history)).toBe(expected);
    });
});

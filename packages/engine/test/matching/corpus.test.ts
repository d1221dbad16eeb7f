import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLES_DIR } from '@sluice/examples';
import { describe, expect, it } from 'vitest';
import { customerMatches, leadKeys, matchKeys, type CustomerNames } from '../../src/matching/keys.js';

interface Corpus {
  groups: Array<{ note: string; names: string[] }>;
  mustNotMatch: Array<{ a: string; b: string; why: string }>;
  aliasCases: Array<{ customer: CustomerNames; match: string[]; noMatch: string[] }>;
}

const corpus = JSON.parse(readFileSync(join(EXAMPLES_DIR, 'companies', 'names.json'), 'utf8')) as Corpus;

/**
 * Whether a lead written `lead` is recognised as `customer`. Asked two ways that must agree: the
 * stored keys overlap (what the server's GIN index and InMemoryState find), and the engine can
 * name the match (what the explanation shows).
 */
function meets(lead: string, customer: CustomerNames): boolean {
  const stored = new Set(matchKeys({ customer }));
  const found = matchKeys({ lead: { company: lead } }).some((k) => stored.has(k));
  const named = customerMatches(customer, leadKeys({ company: lead })).length > 0;
  if (found !== named)
    throw new Error(`index and explanation disagree on lead "${lead}" × customer ${JSON.stringify(customer)}: found ${found}, named ${named}`);
  return found;
}

describe('company-name corpus (examples/companies/names.json)', () => {
  it('holds at least 60 names covering the shapes the issue lists', () => {
    const names = new Set([...corpus.groups.flatMap((g) => g.names), ...corpus.mustNotMatch.flatMap((p) => [p.a, p.b])]);
    expect(names.size).toBeGreaterThanOrEqual(60);
    const all = [...names].join('\n');
    for (const shape of [
      '有限公司',
      '股份有限公司',
      '有限责任公司',
      '集团',
      '分公司',
      '分行',
      '（上海）',
      '【',
      'Ｃｏ',
      ' ',
      'Co., Ltd.',
      '(Shanghai)',
      '银行',
      '医院',
      '大学',
    ]) {
      expect(all, `a name containing ${shape}`).toContain(shape);
    }
  });

  it('every two names of a group match, in both directions', () => {
    const missed: string[] = [];
    for (const g of corpus.groups) {
      for (const a of g.names) for (const b of g.names) if (a !== b && !meets(a, { company: b })) missed.push(`${a} → ${b}`);
    }
    expect(missed).toEqual([]);
  });

  it('names of different groups never match', () => {
    const wrong: string[] = [];
    corpus.groups.forEach((g, i) => {
      corpus.groups.forEach((h, j) => {
        if (i === j) return;
        for (const a of g.names) for (const b of h.names) if (meets(a, { company: b })) wrong.push(`${a} → ${b}`);
      });
    });
    expect(wrong).toEqual([]);
  });

  it('no must-not pair matches, in either direction', () => {
    const wrong = corpus.mustNotMatch.filter((p) => meets(p.a, { company: p.b }) || meets(p.b, { company: p.a })).map((p) => `${p.a} × ${p.b} (${p.why})`);
    expect(wrong).toEqual([]);
    expect(corpus.mustNotMatch.length).toBeGreaterThanOrEqual(15);
  });

  it('aliases match like the company name, and no more', () => {
    for (const c of corpus.aliasCases) {
      expect(
        c.match.filter((lead) => !meets(lead, c.customer)),
        `must find ${c.customer.company}`,
      ).toEqual([]);
      expect(
        c.noMatch.filter((lead) => meets(lead, c.customer)),
        `must not find ${c.customer.company}`,
      ).toEqual([]);
    }
  });
});

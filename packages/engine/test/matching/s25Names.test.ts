import { describe, expect, it } from 'vitest';
import type { Decision } from '../../src/index.js';
import { assignedTo, compiledExample, event, stateFrom, step, visit } from '../scenarios/harness.js';

// S25 (one customer, one owner) with the names real leads arrive with: the customer is registered
// "<region><brand><trade>有限公司", the lead says "<brand><trade>（<region>）有限公司" or just the brand.
const policy = compiledExample('s25-existing-owner');

const customers = [
  { id: 'C-17', company: '上海阿克米信息科技有限公司', aliases: ['阿克米科技'], ownerId: 'ae-4' },
  { id: 'C-20', company: '星河网络科技有限公司', ownerId: 'ae-1' },
  { id: 'C-21', company: '星河', ownerId: 'ae-2' },
  { id: 'C-30', company: '上海银行股份有限公司', ownerId: 'ae-1' },
];

async function run(companies: string[]): Promise<Decision[]> {
  const state = stateFrom('s25-customers', (s) => ({ ...s, customers }));
  const out: Decision[] = [];
  for (const [i, company] of companies.entries()) {
    const at = `2026-03-02T0${1 + i}:00:00Z`;
    out.push(await step(policy, state, event({ id: `n-${i}`, type: 'lead.created', at, lead: { id: `L-N${i}`, createdAt: at, company } })));
  }
  return out;
}

describe('S25: one company, many names', () => {
  it("the bracket-region lead, the bare brand and an alias all reach the customer's owner", async () => {
    const d = await run(['阿克米信息科技（上海）有限公司', '阿克米', '阿克米科技有限公司']);
    expect(d.map((x) => assignedTo(x).join())).toEqual(['ae-4', 'ae-4', 'ae-4']);
    expect(d.map((x) => visit(x, 'existing').note)).toEqual([
      { en: "customer C-17 matched by company name '阿克米信息科技' is owned by ae-4", zh: '客户 C-17（按公司名“阿克米信息科技”匹配）的负责人是 ae-4' },
      { en: "customer C-17 matched by short name '阿克米' is owned by ae-4", zh: '客户 C-17（按简称“阿克米”匹配）的负责人是 ae-4' },
      {
        en: "customer C-17 matched by company name '阿克米科技' (alias '阿克米科技') is owned by ae-4",
        zh: '客户 C-17（按公司名“阿克米科技”（别名“阿克米科技”）匹配）的负责人是 ae-4',
      },
    ]);
    expect(visit(d[1]!, 'existing').detail).toMatchObject({
      keys: { company: '阿克米', companyBrand: '阿克米' },
      customers: [{ id: 'C-17', matchedBy: ['company'], matches: [{ key: 'company', value: '阿克米', short: true }] }],
    });
  });

  it("a bank named by its city is not another city's bank", async () => {
    const [d] = await run(['北京银行股份有限公司']);
    expect(visit(d!, 'existing')).toMatchObject({ result: 'unmatched', detail: { keys: { company: '北京银行', companyBrand: null }, customers: [] } });
    expect(assignedTo(d!)).toEqual(['ae-1']);
    expect(visit(d!, 'aeRR').result).toBe('assigned');
  });

  it('a full-name match outranks a short-name one, whatever the order of the customers', async () => {
    const [d] = await run(['星河']);
    const v = visit(d!, 'existing');
    expect(assignedTo(d!)).toEqual(['ae-2']);
    expect(v.detail).toMatchObject({
      customers: [
        { id: 'C-21', matches: [{ key: 'company', value: '星河' }] },
        { id: 'C-20', matches: [{ key: 'company', value: '星河', short: true }] },
      ],
      conflict: true,
      customerId: 'C-21',
    });
    expect(v.note?.en).toBe(
      "customer C-21 matched by company name '星河' is owned by ae-2; matches point to different owners: C-21 → ae-2 (company name '星河'), C-20 → ae-1 (short name '星河'); a full name, e-mail domain or phone match outranks a short-name match (despite: full)",
    );
    expect(v.note?.zh).toContain('全称、邮箱域名或电话匹配优先于简称匹配');
  });
});

import { describe, expect, it } from 'vitest';
import { InMemoryState, MATCH_KEYS_VERSION, matchKeys } from '../../src/index.js';
import { companyName } from '../../src/matching/company.js';
import { customerMatches, leadKeys, matchText } from '../../src/matching/keys.js';

describe('companyName: the full name and the brand (字号)', () => {
  it.each([
    ['上海阿克米信息科技有限公司', { name: '阿克米信息科技', brand: '阿克米' }],
    ['阿克米信息科技（上海）有限公司', { name: '阿克米信息科技', brand: '阿克米' }],
    ['阿克米上海信息科技有限公司', { name: '阿克米信息科技', brand: '阿克米' }],
    ['浙江省杭州市阿克米网络科技有限公司', { name: '阿克米网络科技', brand: '阿克米' }],
    ['阿克米信息科技有限公司北京分公司', { name: '阿克米信息科技', brand: '阿克米' }],
    ['阿克米', { name: '阿克米', brand: '阿克米' }],
    ['Shanghai Acme Trading Co., Ltd.', { name: 'acmetrading', brand: 'acme' }],
    // A group has no short name: its members meet it only through includeParent / family.
    ['德尔塔控股集团有限公司', { name: '德尔塔' }],
    ['Acme Holdings Group Limited', { name: 'acme' }],
    // The region is the identity: institutions, and a region with nothing but trade words after it.
    ['上海银行股份有限公司', { name: '上海银行' }],
    ['中国银行股份有限公司上海市分行', { name: '中国银行' }],
    ['Bank of Shanghai Co., Ltd.', { name: 'bankofshanghai' }],
    ['南京医药股份有限公司', { name: '南京医药' }],
    ['上海', { name: '上海' }],
  ])('%s', (input, expected) => {
    expect(companyName(input)).toEqual(expected);
  });

  it('nothing usable → undefined', () => {
    expect(companyName('有限公司')).toBeUndefined();
    expect(companyName('集团股份有限公司')).toBeUndefined();
    expect(companyName('（上海）')).toBeUndefined();
    expect(companyName(' ')).toBeUndefined();
  });
});

describe('matchKeys: one definition for stored customer keys and lead keys', () => {
  it('a customer is found by its names, aliases, domains and phones', () => {
    expect(
      matchKeys({
        customer: { company: '上海阿克米信息科技有限公司', aliases: ['阿克米', 'ACME China'], emailDomains: ['www.acme.cn'], phones: ['021-61234567'] },
      }),
    ).toEqual(['c:阿克米信息科技', 'b:阿克米', 'c:阿克米', 's:阿克米', 'c:acme', 's:acme', 'd:acme.cn', 'p:2161234567']);
    // Rows stored before aliases existed still give keys.
    expect(matchKeys({ customer: { company: '上海银行' } })).toEqual(['c:上海银行']);
  });

  it('a lead looks for its full name, its brand, domain, phone and parent', () => {
    expect(
      matchKeys({ lead: { company: '阿克米信息科技（上海）有限公司', email: 'li@acme.cn', phone: '+86 21 6123 4567', parentCompany: '德尔塔集团' } }),
    ).toEqual(['c:阿克米信息科技', 's:阿克米', 'd:acme.cn', 'p:2161234567', 'c:德尔塔']);
    expect(matchKeys({ lead: { company: '阿克米' } })).toEqual(['c:阿克米', 'b:阿克米']);
    expect(matchKeys({ lead: undefined })).toEqual([]);
  });

  it('the version is a non-empty constant the server stores', () => {
    expect(MATCH_KEYS_VERSION).toBe('company-keys-2');
  });
});

describe('customerMatches: which key matched, strongest first', () => {
  const customer = { company: '上海阿克米信息科技有限公司', aliases: ['阿克米科技'], emailDomains: ['acme.cn'], phones: [] };

  it('full name before short name; the registered name before an alias', () => {
    expect(customerMatches(customer, leadKeys({ company: '阿克米', email: 'wang@acme.cn' }))).toEqual([
      { key: 'emailDomain', value: 'acme.cn' },
      { key: 'company', value: '阿克米', short: true },
    ]);
    expect(customerMatches(customer, leadKeys({ company: '阿克米科技' }))).toEqual([{ key: 'company', value: '阿克米科技', alias: '阿克米科技' }]);
    expect(customerMatches(customer, leadKeys({ company: '阿克米贸易' }))).toEqual([]);
  });

  it('says so in both languages', () => {
    expect(matchText({ key: 'company', value: '阿克米', alias: '阿克米科技' })).toEqual({
      en: "company name '阿克米' (alias '阿克米科技')",
      zh: '公司名“阿克米”（别名“阿克米科技”）',
    });
    expect(matchText({ key: 'parentCompany', value: '德尔塔', short: true })).toEqual({ en: "parent company's short name '德尔塔'", zh: '母公司简称“德尔塔”' });
    expect(matchText({ key: 'phone', value: '2161234567' })).toEqual({ en: 'phone', zh: '电话' });
  });

  it('InMemoryState finds customers and leads by the same keys', () => {
    const state = InMemoryState.from({
      timeZone: 'Asia/Shanghai',
      customers: [
        { id: 'C0', ...customer },
        { id: 'C1', company: '阿克米贸易有限公司' },
      ],
      leads: [
        { id: 'L1', company: '阿克米（上海）有限公司' },
        { id: 'L2', company: '北京阿克米贸易有限公司' },
        { id: 'L3', company: '阿克米科技', parentCompany: '上海阿克米信息科技有限公司' },
      ],
    });
    expect(state.findCustomers(leadKeys({ company: '阿克米信息科技（北京）有限公司' })).map((c) => c.company)).toEqual(['上海阿克米信息科技有限公司']);
    expect(state.findCustomers(leadKeys({ company: '阿克米' })).map((c) => c.company)).toEqual(['上海阿克米信息科技有限公司', '阿克米贸易有限公司']);
    expect(state.findLeads(leadKeys({ company: '阿克米信息科技' })).map((l) => l.id)).toEqual(['L1']);
    expect(state.findLeads(leadKeys({ company: '阿克米信息科技' }), true).map((l) => l.id)).toEqual(['L1', 'L3']);
  });
});

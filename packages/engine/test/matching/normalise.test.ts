import { describe, expect, it } from 'vitest';
import { emailDomain, normaliseCompany, normaliseDomain, normalisePhone } from '../../src/matching/normalise.js';

describe('normaliseCompany', () => {
  it.each([
    ['ACME Co., Ltd.', 'acme'],
    ['acme', 'acme'],
    ['Acme, Inc', 'acme'],
    ['The ACME Corporation', 'acme'],
    ['ACME (China) Co., Ltd.', 'acme'],
    ['ACME CO.,LTD', 'acme'],
    ['Acme Holdings Group Limited', 'acme'],
    ['Johnson & Johnson', 'johnsonandjohnson'],
    ['Johnson and Johnson Inc.', 'johnsonandjohnson'],
    ['Siemens AG', 'siemens'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseCompany(input)).toBe(expected);
  });

  it('Chinese legal forms and bracketed or trailing regions', () => {
    expect(normaliseCompany('阿克米（上海）有限公司')).toBe('阿克米');
    expect(normaliseCompany('阿克米有限公司')).toBe('阿克米');
    expect(normaliseCompany('阿克米上海有限公司')).toBe('阿克米');
    expect(normaliseCompany('阿克米(上海)有限公司')).toBe('阿克米');
    expect(normaliseCompany('阿克米【深圳】分公司')).toBe('阿克米');
    expect(normaliseCompany('阿克米集团股份有限公司')).toBe('阿克米');
    expect(normaliseCompany('阿克米科技有限责任公司')).toBe('阿克米科技');
    expect(normaliseCompany('阿克米北京市分公司')).toBe('阿克米');
  });

  it('full-width letters, digits, spaces and brackets fold to half width', () => {
    expect(normaliseCompany('ＡＣＭＥ　Ｃｏ．，Ｌｔｄ．')).toBe('acme');
    expect(normaliseCompany('阿克米３６０（上海）有限公司')).toBe('阿克米360');
    expect(normaliseCompany('ＡＣＭＥ')).toBe(normaliseCompany('acme'));
  });

  it('keeps what identifies the company', () => {
    // A region at the start is part of the name: two different banks.
    expect(normaliseCompany('上海银行股份有限公司')).toBe('上海银行');
    expect(normaliseCompany('北京银行股份有限公司')).toBe('北京银行');
    // Too little brand left after the region: keep the region.
    expect(normaliseCompany('新上海有限公司')).toBe('新上海');
    // A bare legal word is a name, not nothing.
    expect(normaliseCompany('Group')).toBe('group');
    expect(normaliseCompany('Acme Co')).toBe('acme');
  });

  it('nothing usable → undefined', () => {
    expect(normaliseCompany(undefined)).toBeUndefined();
    expect(normaliseCompany('')).toBeUndefined();
    expect(normaliseCompany(' ., ')).toBeUndefined();
    expect(normaliseCompany('（上海）')).toBeUndefined();
  });
});

describe('emailDomain / normaliseDomain', () => {
  it('company domains, lower-cased, reduced to the registrable domain', () => {
    expect(emailDomain('Wang.Fang@ACME.com')).toBe('acme.com');
    expect(emailDomain('wang@sales.acme.com.cn')).toBe('acme.com.cn');
    expect(emailDomain('wang@acme.com.cn')).toBe('acme.com.cn');
    expect(emailDomain('王芳 <wang@acme.cn>')).toBe('acme.cn');
    expect(emailDomain('ｗａｎｇ＠ａｃｍｅ．ｃｎ')).toBe('acme.cn');
    expect(emailDomain('mailto:li@www.acme.co.uk')).toBe('acme.co.uk');
  });

  it('free-mail domains are ignored', () => {
    for (const e of ['a@gmail.com', 'b@QQ.com', 'c@163.com', 'd@vip.qq.com', 'e@foxmail.com', 'f@mail.163.com', 'g@outlook.com']) {
      expect(emailDomain(e)).toBeUndefined();
    }
  });

  it('not an e-mail → undefined', () => {
    expect(emailDomain('wang')).toBeUndefined();
    expect(emailDomain('wang@acme')).toBeUndefined();
    expect(emailDomain(null)).toBeUndefined();
  });

  it('a customer domain typed any way', () => {
    expect(normaliseDomain('acme.com')).toBe('acme.com');
    expect(normaliseDomain('@acme.com')).toBe('acme.com');
    expect(normaliseDomain('https://www.ACME.com/contact?x=1')).toBe('acme.com');
    expect(normaliseDomain('gmail.com')).toBeUndefined();
  });
});

describe('normalisePhone', () => {
  it('+86 and 0086 prefixes, spaces and dashes', () => {
    expect(normalisePhone('+86 138 0013 8000')).toBe('13800138000');
    expect(normalisePhone('138-0013-8000')).toBe('13800138000');
    expect(normalisePhone('0086 13800138000')).toBe('13800138000');
    expect(normalisePhone('8613800138000')).toBe('13800138000');
    expect(normalisePhone('+86-138 0013 8000')).toBe('13800138000');
    expect(normalisePhone('（＋８６）１３８００１３８０００')).toBe('13800138000');
  });

  it('landlines meet with and without the country code and trunk 0', () => {
    expect(normalisePhone('021-61234567')).toBe('2161234567');
    expect(normalisePhone('+86 21 6123 4567')).toBe('2161234567');
    expect(normalisePhone('+86 (0)21 6123 4567')).toBe('2161234567');
    expect(normalisePhone('(021) 6123-4567 转 8001')).toBe('2161234567');
    expect(normalisePhone('021 61234567 ext. 12')).toBe('2161234567');
  });

  it('other countries keep their code', () => {
    expect(normalisePhone('+1 (415) 555-0100')).toBe('+14155550100');
    expect(normalisePhone('001 415 555 0100')).toBe('+14155550100');
  });

  it('too short → undefined', () => {
    expect(normalisePhone('12345')).toBeUndefined();
    expect(normalisePhone('+86 123')).toBeUndefined();
    expect(normalisePhone('')).toBeUndefined();
  });
});

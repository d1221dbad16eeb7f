import type { CustomerKeys } from '../types/state.js';
import type { Labels } from '../types/decision.js';
import type { Lead } from '../types/domain.js';
import { companyName, type CompanyName } from './company.js';
import { emailDomain, normaliseDomain, normalisePhone } from './normalise.js';

/**
 * The version of every rule that shapes a stored key. Change it whenever a key could come out
 * differently: the server compares it with what built `customers.match_keys` and rebuilds them.
 */
export const MATCH_KEYS_VERSION = 'company-keys-2';

/**
 * Keys are strings so that an index (a map here, a GIN index on the server) finds candidates by
 * overlap; the engine then says exactly how each candidate matched (`customerMatches`).
 *
 *   c:<name>   the full name (brand + trade) — every name has one
 *   s:<brand>  found by: a short name (brand only) indexes this, a full name looks it up
 *   b:<brand>  the reverse: a full name indexes it, a short name looks it up
 *
 * So "阿克米" meets "上海阿克米信息科技有限公司" (a short name matches any full name of its
 * brand), while "阿克米信息科技" and "阿克米贸易" do not meet (two full names must be equal).
 */
function indexKeysOf(n: CompanyName | undefined, prefix = ''): string[] {
  if (!n) return [];
  const out = [`${prefix}c:${n.name}`];
  if (n.brand !== undefined) out.push(`${prefix}${n.brand === n.name ? 's' : 'b'}:${n.brand}`);
  return out;
}

function lookupKeysOf(name: string | undefined, brand: string | undefined, prefix = ''): string[] {
  if (!name) return [];
  const out = [`${prefix}c:${name}`];
  if (brand !== undefined) out.push(`${prefix}${brand === name ? 'b' : 's'}:${brand}`);
  return out;
}

/** What the keys of a customer are read from: a stored row may predate any field. */
export interface CustomerNames {
  company?: string | null;
  aliases?: readonly string[] | null;
  emailDomains?: readonly string[] | null;
  phones?: readonly string[] | null;
}

/** Which of the lead's fields take part, as a node's config says. */
export interface KeyChoice {
  company?: boolean;
  emailDomain?: boolean;
  phone?: boolean;
  parentCompany?: boolean;
}

const ALL: Required<KeyChoice> = { company: true, emailDomain: true, phone: true, parentCompany: true };

/** The normalised keys a lead offers (the node's input to `findCustomers` / `findLeads`). */
export function leadKeys(lead: Partial<Lead> | undefined, use: KeyChoice = ALL): CustomerKeys {
  const keys: CustomerKeys = {};
  if (!lead) return keys;
  if (use.company) {
    const n = companyName(lead.company);
    if (n) keys.company = n.name;
    if (n?.brand !== undefined) keys.companyBrand = n.brand;
  }
  if (use.emailDomain) {
    const d = emailDomain(lead.email);
    if (d) keys.emailDomain = d;
  }
  if (use.phone) {
    const p = normalisePhone(lead.phone);
    if (p) keys.phone = p;
  }
  if (use.parentCompany) {
    const n = companyName(lead.parentCompany);
    if (n) keys.parentCompany = n.name;
    if (n?.brand !== undefined) keys.parentBrand = n.brand;
  }
  return keys;
}

/** Index keys that the given lead keys may meet: customers sharing none of them cannot match. */
export function lookupKeys(keys: CustomerKeys): string[] {
  const out = lookupKeysOf(keys.company, keys.companyBrand);
  if (keys.emailDomain) out.push('d:' + keys.emailDomain);
  if (keys.phone) out.push('p:' + keys.phone);
  out.push(...lookupKeysOf(keys.parentCompany, keys.parentBrand));
  return [...new Set(out)];
}

/** Keys of leads whose parent company is the lead's company or its parent (母子公司, S25 family). */
export function familyLookupKeys(keys: CustomerKeys): string[] {
  return [...new Set([...lookupKeysOf(keys.company, keys.companyBrand, 'p'), ...lookupKeysOf(keys.parentCompany, keys.parentBrand, 'p')])];
}

/** The keys a stored lead is found by (`findLeads`); its parent company under 'p'-prefixed keys. */
export function leadIndexKeys(lead: Partial<Lead>): string[] {
  const out = indexKeysOf(companyName(lead.company));
  const d = emailDomain(lead.email);
  if (d) out.push('d:' + d);
  const p = normalisePhone(lead.phone);
  if (p) out.push('p:' + p);
  out.push(...indexKeysOf(companyName(lead.parentCompany), 'p'));
  return [...new Set(out)];
}

function customerIndexKeys(c: CustomerNames): string[] {
  const out = indexKeysOf(companyName(c.company));
  for (const alias of c.aliases ?? []) out.push(...indexKeysOf(companyName(alias)));
  for (const d of c.emailDomains ?? []) {
    const domain = normaliseDomain(d);
    if (domain) out.push('d:' + domain);
  }
  for (const p of c.phones ?? []) {
    const phone = normalisePhone(p);
    if (phone) out.push('p:' + phone);
  }
  return [...new Set(out)];
}

/**
 * The match keys of a customer (what it is found by: `customers.match_keys`) or of a lead (what
 * it looks for, every key a policy may use). The one definition the engine's state and the
 * server's stored keys share; a lead's keys meet a customer's exactly when `customerMatches`
 * can find a match.
 */
export function matchKeys(record: { customer: CustomerNames } | { lead: Partial<Lead> | undefined }): string[] {
  if ('customer' in record) return customerIndexKeys(record.customer);
  return record.lead ? lookupKeys(leadKeys(record.lead)) : [];
}

export type MatchKeyName = 'company' | 'emailDomain' | 'phone' | 'parentCompany' | 'group';

/** One way a customer matched a lead, for the explanation. */
export interface CustomerMatch {
  key: MatchKeyName;
  /** The key's value; for `group`, the id of the customer the lead matched that this one shares a group with. */
  value: string;
  /** `group`: this customer is a parent (or a parent's parent) of that one, not a sister or a subsidiary. */
  parent?: true;
  /** Through a short name (字号) rather than the full name: weaker, ranked after every full match. */
  short?: true;
  /** The customer's alias that matched, when it was not the registered name. */
  alias?: string;
}

/** A company name of the customer against one of the lead's (name, brand) pairs. */
function companyMatch(n: CompanyName, name: string | undefined, brand: string | undefined): { value: string; short?: true } | undefined {
  if (!name) return undefined;
  if (n.name === name) return { value: name };
  if (brand === undefined || n.brand === undefined) return undefined;
  const leadShort = brand === name;
  const customerShort = n.brand === n.name;
  if (leadShort && !customerShort && n.brand === brand) return { value: brand, short: true };
  if (!leadShort && customerShort && n.name === brand) return { value: brand, short: true };
  return undefined;
}

/**
 * How the customer matches the lead's keys, strongest first: full names, e-mail domain and
 * phone before short names; the registered name before an alias. Empty: no match.
 */
export function customerMatches(c: CustomerNames, keys: CustomerKeys): CustomerMatch[] {
  const out: CustomerMatch[] = [];
  const names: Array<[CompanyName, string | undefined]> = [];
  const registered = companyName(c.company);
  if (registered) names.push([registered, undefined]);
  for (const alias of c.aliases ?? []) {
    const n = companyName(alias);
    if (n) names.push([n, alias]);
  }
  for (const [key, name, brand] of [
    ['company', keys.company, keys.companyBrand],
    ['parentCompany', keys.parentCompany, keys.parentBrand],
  ] as const) {
    let best: CustomerMatch | undefined;
    for (const [n, alias] of names) {
      const m = companyMatch(n, name, brand);
      if (m && (!best || (best.short && !m.short))) best = { key, ...m, ...(alias !== undefined ? { alias } : {}) };
    }
    if (best) out.push(best);
  }
  if (keys.emailDomain && (c.emailDomains ?? []).some((d) => normaliseDomain(d) === keys.emailDomain))
    out.push({ key: 'emailDomain', value: keys.emailDomain });
  if (keys.phone && (c.phones ?? []).some((p) => normalisePhone(p) === keys.phone)) out.push({ key: 'phone', value: keys.phone });
  return out.sort((a, b) => matchRank(a) - matchRank(b));
}

/** 0 for a full match, 1 for a short-name one, 2 for a customer found only through its group: the precedence between matched customers. */
export function matchRank(m: CustomerMatch): number {
  if (m.key === 'group') return 2;
  return m.short ? 1 : 0;
}

const KEY_TEXT: Record<Exclude<MatchKeyName, 'group'>, { full: Labels; short: Labels }> = {
  company: { full: { en: 'company name', zh: '公司名' }, short: { en: 'short name', zh: '简称' } },
  parentCompany: { full: { en: 'parent company', zh: '母公司' }, short: { en: "parent company's short name", zh: '母公司简称' } },
  emailDomain: { full: { en: 'e-mail domain', zh: '邮箱域名' }, short: { en: 'e-mail domain', zh: '邮箱域名' } },
  phone: { full: { en: 'phone', zh: '电话' }, short: { en: 'phone', zh: '电话' } },
};

/**
 * "company name '阿克米' (alias '阿克米科技')" / "公司名“阿克米”（别名“阿克米科技”）". Domains and
 * phones are named without their value: they are not rewritten the way names are.
 */
export function matchText(m: CustomerMatch): Labels {
  if (m.key === 'group')
    return m.parent
      ? { en: `parent account of customer ${m.value}`, zh: `客户 ${m.value} 的上级公司` }
      : { en: `same group as customer ${m.value}`, zh: `与客户 ${m.value} 同属一个集团` };
  const label = KEY_TEXT[m.key][m.short ? 'short' : 'full'];
  if (m.key === 'emailDomain' || m.key === 'phone') return label;
  const alias = m.alias === undefined ? { en: '', zh: '' } : { en: ` (alias '${m.alias}')`, zh: `（别名“${m.alias}”）` };
  return { en: `${label.en} '${m.value}'${alias.en}`, zh: `${label.zh}“${m.value}”${alias.zh}` };
}

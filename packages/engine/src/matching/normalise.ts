import { companyName } from './company.js';

/**
 * Normalisation for lead-to-customer matching (撞单 starts here): the same company written
 * "ACME Co., Ltd." and "acme", or "阿克米（上海）有限公司" and "阿克米上海有限公司", must meet;
 * the same phone written "+86 21 6123 4567" and "021-61234567" too. Every function is pure and
 * both sides of a comparison (lead and customer) go through the same one.
 */

/** NFKC folds full-width ASCII (ＡＢＣ１２３), the ideographic space and full-width brackets to plain ASCII. */
function fold(s: string): string {
  return s.normalize('NFKC').toLowerCase();
}

/**
 * A value as a rep's list and a lead's field are compared (a rep's regions ∋ the lead's region,
 * profile matching's industries, languages, regions, products and skills): text with full-width
 * forms folded (ＺＨ → zh), case folded and surrounding spaces dropped, so "East-China ", "east-china"
 * and "ＥＡＳＴ－ＣＨＩＮＡ" are one value. Anything that is not text is itself.
 */
export function listKey(value: unknown): unknown {
  return typeof value === 'string' && !plain(value) ? fold(value).trim() : value;
}

/**
 * Whether the text is its own key already: lower-case ASCII, digits, punctuation, inner spaces and
 * CJK ideographs, nothing around it — what sales-ops mostly type into a rep's lists. A char loop:
 * rep lists are compared for every rep on every decision, and folding (NFKC) costs ten times more.
 */
function plain(s: string): boolean {
  const n = s.length;
  if (n > 0 && (s.charCodeAt(0) === 32 || s.charCodeAt(n - 1) === 32)) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    // Printable ASCII but A–Z; CJK unified ideographs (NFKC leaves them as they are).
    if ((c >= 0x20 && c < 0x41) || (c > 0x5a && c < 0x7f) || (c >= 0x4e00 && c <= 0x9fff)) continue;
    return false;
  }
  return true;
}

/** Whether the list holds the value, compared by `listKey` (an exact hit needs no folding). */
export function listHas(list: readonly unknown[] | undefined, value: unknown): boolean {
  if (list === undefined || list.length === 0 || value === undefined || value === null) return false;
  if (list.includes(value)) return true;
  if (typeof value !== 'string') return false;
  const key = listKey(value);
  for (let i = 0; i < list.length; i++) {
    const x = list[i];
    if (x === key || (typeof x === 'string' && !plain(x) && fold(x).trim() === key)) return true;
  }
  return false;
}

/**
 * The full-name key of a company (brand and trade, without region, brackets or legal form): see
 * company.ts for the rules and keys.ts for the short-name keys that go with it.
 */
export function normaliseCompany(name: string | undefined | null): string | undefined {
  return companyName(name)?.name;
}

/** Free-mail domains say nothing about the employer. */
const FREE_MAIL = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'yahoo.com.cn',
  'ymail.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'mail.ru',
  'yandex.ru',
  'qq.com',
  'vip.qq.com',
  'foxmail.com',
  '163.com',
  'vip.163.com',
  '126.com',
  'vip.126.com',
  '188.com',
  'yeah.net',
  'sina.com',
  'sina.cn',
  'vip.sina.com',
  'sohu.com',
  'aliyun.com',
  '139.com',
  '189.cn',
  'wo.cn',
  'tom.com',
  '21cn.com',
]);

/** Second-level labels under which the registrable domain has three labels (acme.com.cn). */
const SECOND_LEVEL = new Set(['com', 'net', 'org', 'gov', 'edu', 'ac', 'co']);

/**
 * The employer's registrable domain: `sales.acme.com.cn` and `acme.com.cn` are one company.
 * Undefined for free-mail or anything that is not a domain.
 */
function registrable(host: string): string | undefined {
  const domain = host.trim().replace(/\.$/, '');
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/.test(domain)) return undefined;
  if (FREE_MAIL.has(domain)) return undefined;
  const labels = domain.split('.');
  const keep = labels.length >= 3 && SECOND_LEVEL.has(labels[labels.length - 2]!) && labels[labels.length - 1]!.length === 2 ? 3 : 2;
  const result = labels.slice(-keep).join('.');
  return FREE_MAIL.has(result) ? undefined : result;
}

export function emailDomain(email: string | undefined | null): string | undefined {
  if (!email) return undefined;
  // "王芳 <wang@acme.cn>" and "mailto:wang@acme.cn" are common in CRM exports.
  const s = fold(email)
    .trim()
    .replace(/^mailto:/, '')
    .replace(/>$/, '');
  const at = s.lastIndexOf('@');
  if (at < 0) return undefined;
  return registrable(s.slice(at + 1));
}

/** A customer's domain as sales-ops type it: `acme.com`, `@acme.com`, `https://www.acme.com/`. */
export function normaliseDomain(domain: string | undefined | null): string | undefined {
  if (!domain) return undefined;
  let s = fold(domain).trim();
  s = s.replace(/^[a-z]+:\/\//, '').replace(/^@/, '');
  s = s.split(/[/?#:]/)[0]!;
  return registrable(s);
}

/** Extensions ("转 8001", "ext. 12", "#3") identify a desk, not the company line. */
const EXTENSION = /(?:ext\.?|extension|x|转|分机|#)\s*\d{1,6}\s*$/;

/**
 * Digits of the national number: a +86 / 0086 country prefix and the domestic trunk 0 are
 * dropped, so "+86 21 6123 4567", "+86 (0)21 6123 4567" and "021-61234567" all give
 * "2161234567" and "+86 138 0013 8000" gives "13800138000". Other countries keep their code
 * behind a "+"; too short to identify anyone → none.
 */
export function normalisePhone(phone: string | undefined | null): string | undefined {
  if (!phone) return undefined;
  const s = fold(phone).trim().replace(EXTENSION, '');
  let digits = s.replace(/\D/g, '');
  let international = s.startsWith('+');
  if (!international && digits.startsWith('00')) {
    international = true;
    digits = digits.slice(2);
  }
  if (international) {
    if (!digits.startsWith('86')) return digits.length >= 7 ? '+' + digits : undefined;
    digits = digits.slice(2);
  } else if (digits.length === 13 && digits.startsWith('861')) {
    // A mobile written with the country code but without "+".
    digits = digits.slice(2);
  }
  if (digits.startsWith('0')) digits = digits.slice(1);
  return digits.length >= 7 ? digits : undefined;
}

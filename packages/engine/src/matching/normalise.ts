/**
 * Normalisation for lead-to-customer matching (撞单 starts here): the same company written
 * "ACME Co., Ltd." and "acme" or "阿克米（上海）有限公司" and "阿克米上海有限公司" must meet.
 */
const LEGAL_SUFFIXES = [
  '股份有限公司',
  '有限责任公司',
  '有限公司',
  '集团',
  '公司',
  'corporation',
  'incorporated',
  'company',
  'limited',
  'holdings',
  'group',
  'corp',
  'gmbh',
  'inc',
  'llc',
  'ltd',
  'plc',
  'co',
  'ag',
  'sa',
];

/** Full-width ASCII (ＡＢＣ１２３) to half-width, so pasted Chinese-IME text compares equal. */
function toHalfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

export function normaliseCompany(name: string | undefined | null): string | undefined {
  if (!name) return undefined;
  let s = toHalfWidth(name).toLowerCase();
  // Bracketed regions (上海) / (Shanghai) are branch decorations, not identity.
  s = s.replace(/[(（][^)）]*[)）]/g, ' ');
  s = s.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  let changed = true;
  while (changed && s.length > 0) {
    changed = false;
    for (const suffix of LEGAL_SUFFIXES) {
      const latin = /^[a-z]+$/.test(suffix);
      if (latin ? s.endsWith(' ' + suffix) || s === suffix : s.endsWith(suffix) && s.length > suffix.length) {
        s = s.slice(0, s.length - suffix.length).trim();
        changed = true;
      }
    }
  }
  s = s.replace(/\s+/g, '');
  return s.length > 0 ? s : undefined;
}

/** Free-mail domains say nothing about the employer. */
const FREE_MAIL = new Set([
  'gmail.com',
  'outlook.com',
  'hotmail.com',
  'yahoo.com',
  'icloud.com',
  'qq.com',
  'foxmail.com',
  '163.com',
  '126.com',
  'sina.com',
  'sohu.com',
  'aliyun.com',
  'yeah.net',
  '139.com',
]);

export function emailDomain(email: string | undefined | null): string | undefined {
  if (!email) return undefined;
  const at = email.lastIndexOf('@');
  if (at < 0) return undefined;
  const domain = toHalfWidth(email.slice(at + 1)).trim().toLowerCase().replace(/\.$/, '');
  if (!/^[a-z0-9.-]+\.[a-z]{2,}$/.test(domain) || FREE_MAIL.has(domain)) return undefined;
  return domain.startsWith('www.') ? domain.slice(4) : domain;
}

export function normaliseDomain(domain: string): string | undefined {
  return emailDomain('x@' + domain);
}

/** Digits only, without a +86 / 0086 country prefix; too short to identify anyone → none. */
export function normalisePhone(phone: string | undefined | null): string | undefined {
  if (!phone) return undefined;
  let digits = toHalfWidth(phone).replace(/\D/g, '');
  if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.startsWith('86') && digits.length === 13) digits = digits.slice(2);
  return digits.length >= 7 ? digits : undefined;
}

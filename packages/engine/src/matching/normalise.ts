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

/** Legal forms, longest first among overlapping ones; stripped repeatedly from the end. */
const CJK_SUFFIXES = ['股份有限公司', '有限责任公司', '有限責任公司', '有限公司', '分公司', '控股', '集团', '集團', '公司'];
const LATIN_SUFFIXES = [
  'corporation',
  'incorporated',
  'company',
  'limited',
  'holdings',
  'holding',
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

/**
 * Places that sit between a Chinese brand and its legal form ("阿克米上海有限公司"): a branch
 * decoration, not identity. Only stripped there, never at the start: "上海银行" and "北京银行"
 * are different banks.
 */
const CN_REGIONS = [
  '中国', '北京', '上海', '天津', '重庆', '广东', '广州', '深圳', '东莞', '佛山', '浙江', '杭州', '宁波', '江苏', '南京',
  '苏州', '无锡', '四川', '成都', '湖北', '武汉', '湖南', '长沙', '山东', '济南', '青岛', '福建', '福州', '厦门', '河南',
  '郑州', '安徽', '合肥', '河北', '石家庄', '陕西', '西安', '辽宁', '沈阳', '大连', '吉林', '长春', '黑龙江', '哈尔滨',
  '江西', '南昌', '广西', '南宁', '云南', '昆明', '贵州', '贵阳', '山西', '太原', '内蒙古', '新疆', '甘肃', '兰州',
  '海南', '海口', '香港', '澳门', '台湾',
];
const REGION_TAIL = new RegExp(`(?:${CN_REGIONS.join('|')})[省市]?$`);

export function normaliseCompany(name: string | undefined | null): string | undefined {
  if (!name) return undefined;
  let s = fold(name);
  // Bracketed regions (上海) / (Shanghai) / 【深圳】 are branch decorations, not identity.
  s = s.replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】|〔[^〕]*〕/g, ' ');
  s = s.replace(/&/g, ' and ');
  s = s.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  s = s.replace(/^the\s+/, '');
  let cjkSuffixStripped = false;
  let changed = true;
  while (changed) {
    changed = false;
    for (const suffix of LATIN_SUFFIXES) {
      if (s.endsWith(' ' + suffix)) {
        s = s.slice(0, s.length - suffix.length).trim();
        changed = true;
      }
    }
    for (const suffix of CJK_SUFFIXES) {
      if (s.endsWith(suffix) && s.length > suffix.length) {
        s = s.slice(0, s.length - suffix.length).trim();
        cjkSuffixStripped = true;
        changed = true;
      }
    }
    if (cjkSuffixStripped) {
      const region = REGION_TAIL.exec(s);
      // Keep at least two characters of brand: "新上海有限公司" stays "新上海".
      if (region && s.length - region[0].length >= 2) {
        s = s.slice(0, region.index).trim();
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
  const s = fold(email).trim().replace(/^mailto:/, '').replace(/>$/, '');
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

/**
 * Readable attribute keys for headers. Policies read attributes as `lead.<key>` and a fact-path
 * segment is ASCII only (engine factPath SEGMENT, mapping ATTRIBUTE_KEY), so a Chinese header
 * cannot be its own key: it gets an English key from a dictionary of CRM header words instead,
 * composed word by word (线索+来源+类型 → leadSourceType), the same for the same header every time.
 */
import { KNOWN_LEAD_FIELD_TYPES, RESERVED_ATTRIBUTE_KEYS } from './mapping.js';

/** Whole headers whose word-by-word key would read badly. */
const HEADERS: Record<string, string> = {
  访问次数: 'visits',
  总访问次数: 'visits',
  停留时长: 'timeOnSite',
  网站停留时长: 'timeOnSite',
  每次访问页数: 'pagesPerVisit',
  拒收邮件: 'doNotEmail',
  拒绝邮件: 'doNotEmail',
  拒接电话: 'doNotCall',
  是否转化: 'converted',
  是否成交: 'won',
  专业方向: 'specialization',
  客户规模: 'customerSize',
  公司规模: 'companySize',
  线索创建人: 'leadCreator',
  创建人: 'creator',
  注册资本: 'registeredCapital',
  成立时间: 'foundedAt',
  成立日期: 'foundedAt',
  年营业额: 'annualRevenue',
  年收入: 'annualIncome',
  最近活动: 'lastActivity',
  最近重要活动: 'lastNotableActivity',
};

/** Header words, longest match first; a header made only of these gets their camelCase join. */
const WORDS: Record<string, string> = {
  线索: 'lead',
  客户: 'customer',
  公司: 'company',
  企业: 'company',
  来源: 'source',
  渠道: 'channel',
  类型: 'type',
  类别: 'category',
  次数: 'count',
  数量: 'count',
  访问: 'visit',
  浏览: 'view',
  点击: 'click',
  打开: 'open',
  下载: 'download',
  时长: 'duration',
  停留: 'stay',
  页数: 'pages',
  页面: 'page',
  网页: 'page',
  网站: 'website',
  每次: 'per',
  最近: 'last',
  最后: 'last',
  首次: 'first',
  重要: 'notable',
  活动: 'activity',
  国家: 'country',
  省份: 'province',
  城市: 'city',
  地区: 'region',
  区域: 'region',
  地址: 'address',
  专业: 'major',
  方向: 'direction',
  职业: 'occupation',
  职位: 'title',
  职务: 'title',
  部门: 'department',
  标签: 'tags',
  质量: 'quality',
  行业: 'industry',
  规模: 'size',
  人数: 'headcount',
  员工: 'employees',
  创建: 'created',
  更新: 'updated',
  修改: 'modified',
  时间: 'at',
  日期: 'date',
  金额: 'amount',
  预算: 'budget',
  收入: 'revenue',
  邮件: 'email',
  邮箱: 'email',
  电话: 'phone',
  手机: 'mobile',
  微信: 'wechat',
  产品: 'product',
  意向: 'intent',
  需求: 'need',
  年龄: 'age',
  性别: 'gender',
  学历: 'education',
  备注: 'note',
  描述: 'description',
  名称: 'name',
  姓名: 'name',
  等级: 'grade',
  评分: 'score',
  分数: 'score',
  状态: 'state',
  阶段: 'stage',
  是否: 'is',
  订阅: 'subscribed',
  表单: 'form',
  注册: 'signup',
  会员: 'member',
  订单: 'order',
  合同: 'contract',
  广告: 'ad',
  推广: 'campaign',
  关键词: 'keyword',
  设备: 'device',
  语言: 'language',
  网址: 'url',
  编号: 'number',
  转化: 'converted',
  成交: 'won',
  拒收: 'blocked',
  学员: 'student',
  课程: 'course',
  年: 'year',
  月: 'month',
  人: 'person',
};
const LONGEST = Object.keys(WORDS).reduce((n, w) => Math.max(n, w.length), 0);

const camel = (parts: string[]) => parts.map((p, i) => (i === 0 ? p : p[0]!.toUpperCase() + p.slice(1))).join('');

/** A key from the Chinese words of a header, or undefined when a character is not in the dictionary. */
export function chineseKey(header: string): string | undefined {
  const text = header.normalize('NFKC').replace(/[\s_\-.()（）[\]【】:：#/、，,]/g, '');
  if (text === '') return undefined;
  if (HEADERS[text]) return HEADERS[text];
  const parts: string[] = [];
  let i = 0;
  outer: while (i < text.length) {
    for (let n = Math.min(LONGEST, text.length - i); n >= 1; n--) {
      const word = WORDS[text.slice(i, i + n)];
      if (word !== undefined) {
        if (parts.at(-1) !== word) parts.push(word);
        i += n;
        continue outer;
      }
    }
    // A Latin run inside a Chinese header (微信ID, 页面URL) is kept as a word.
    const latin = /^[A-Za-z0-9]+/.exec(text.slice(i));
    if (!latin) return undefined;
    parts.push(latin[0].toLowerCase());
    i += latin[0].length;
  }
  return /^[a-z]/.test(parts[0]!) ? camel(parts).slice(0, 60) : undefined;
}

/** ASCII headers in camelCase: "Total Time Spent" → totalTimeSpent. */
export function asciiKey(header: string): string | undefined {
  if (!/^[\x20-\x7e]+$/.test(header)) return undefined;
  const key = header
    .trim()
    .replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))
    .replace(/^[^A-Za-z_]+/, '');
  return key.length > 0 ? key[0]!.toLowerCase() + key.slice(1, 60) : undefined;
}

const RESERVED = new Set<string>(RESERVED_ATTRIBUTE_KEYS);

/**
 * A key the mapping accepts: a reserved lead field (id, status …) or an engine-typed field of
 * another type (score as text) would be refused, so it gets a "crm" prefix instead.
 */
export function safeKey(key: string, type: string): string {
  const known = KNOWN_LEAD_FIELD_TYPES[key];
  if (RESERVED.has(key) || (known !== undefined && known !== type)) return `crm${key[0]!.toUpperCase()}${key.slice(1)}`.slice(0, 60);
  return key;
}

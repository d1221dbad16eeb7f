import { headerKey } from './synonyms.js';

/**
 * Values CRMs write for an outcome or an activity's kind, Chinese and English, for guessMapping's
 * outcomeValues and typeValues.
 */
export const OUTCOME_WORDS: Record<'won' | 'lost' | 'open', readonly string[]> = {
  won: [
    '赢单',
    '成交',
    '已成交',
    '签约',
    '已签约',
    '赢',
    '成功',
    '已转化',
    '转化',
    '已购买',
    'won',
    'closedwon',
    'closed won',
    'closed-won',
    'win',
    'converted',
    'purchased',
    // Salesforce's "Closed - Converted", HubSpot's lifecycle "Customer"; 转为客户, 成单, 签单.
    'closed converted',
    'customer',
    '已转客户',
    '转为客户',
    '已成单',
    '成单',
    '已签单',
    '签单',
    '已付款',
  ],
  lost: [
    '输单',
    '丢单',
    '失败',
    '无效',
    '流失',
    '已流失',
    '关闭',
    '已关闭',
    '未成交',
    '未转化',
    '未签约',
    '未赢单',
    '未购买',
    'lost',
    'closedlost',
    'closed-lost',
    'not converted',
    'notconverted',
    'unconverted',
    'closed lost',
    'disqualified',
    'unqualified',
    'dead',
    'junk',
    // Salesforce's "Closed - Not Converted", Zoho's "Junk Lead" / "Lost Lead" / "Not Qualified".
    'closed not converted',
    'junk lead',
    'lost lead',
    'not qualified',
    '无效线索',
    '已作废',
    '作废',
    '已放弃',
    '放弃',
    '无意向',
  ],
  open: [
    '跟进中',
    '进行中',
    '新建',
    '待跟进',
    '未联系',
    '已联系',
    '洽谈中',
    '意向',
    'open',
    'new',
    'working',
    'contacted',
    'in progress',
    'inprogress',
    'nurturing',
    'qualified',
    // Salesforce's "Open - Not Contacted" / "Working - Contacted", Zoho's, HubSpot's lead statuses and lifecycle stages.
    'open not contacted',
    'working contacted',
    'not contacted',
    'attempted to contact',
    'contact in future',
    'pre qualified',
    'connected',
    'open deal',
    'lead',
    'subscriber',
    'marketing qualified lead',
    'sales qualified lead',
    'opportunity',
    '待分配',
    '已分配',
    '待处理',
    '未处理',
    '沟通中',
    '有意向',
    '已转商机',
  ],
};

export const ACTIVITY_WORDS: Record<string, readonly string[]> = {
  call: ['电话', '打电话', '致电', '电话沟通', '来电', 'call', 'phone', 'phonecall', 'phone call'],
  visit: ['拜访', '上门', '面访', '上门拜访', 'visit', 'onsite', 'on-site'],
  email: ['邮件', '电子邮件', '发邮件', 'email', 'mail', 'e-mail'],
  meeting: ['会议', '会面', '面谈', '视频会议', 'meeting', 'demo'],
  wechat: ['微信', '企业微信', 'wechat', 'weixin'],
  sms: ['短信', 'sms', 'text'],
};

/**
 * Which word list a raw value belongs to, or undefined. Compared as header names are (headerKey):
 * "Closed - Converted", "closed_converted" and "Closed Converted" are one value.
 */
export function classify<K extends string>(raw: string, words: Record<K, readonly string[]>): K | undefined {
  return (keyedWords(words) as Map<string, K>).get(headerKey(raw));
}

/** Each list's words by their key, made once per list (a guess classifies up to 20,000 sample values); the first kind wins. */
const KEYED = new WeakMap<object, Map<string, string>>();
function keyedWords(words: Record<string, readonly string[]>): Map<string, string> {
  let keyed = KEYED.get(words);
  if (keyed === undefined) {
    keyed = new Map();
    for (const [kind, list] of Object.entries(words)) for (const w of list) if (!keyed.has(headerKey(w))) keyed.set(headerKey(w), kind);
    KEYED.set(words, keyed);
  }
  return keyed;
}

/**
 * What a marketing-automation lead export says, in English and Chinese, with how often each value
 * occurs and — the hidden part — how much it moves the log-odds of a conversion. Shares follow the
 * well-known public "lead scoring" export of an online-education company (Lead Origin, Lead Source,
 * Tags, "Select" placeholders and all); effects are ours. '' is a blank cell, 'Select' the form's
 * untouched drop-down (a missing value the export writes as text).
 */

/** A value of one column: label in both languages, share among the rows, log-odds effect. */
export interface Level {
  en: string;
  zh: string;
  share: number;
  effect: number;
}

const level = (en: string, zh: string, share: number, effect = 0): Level => ({ en, zh, share, effect });
const BLANK = (share: number, effect = 0) => level('', '', share, effect);
const SELECT = (share: number, effect = 0) => level('Select', '请选择', share, effect);

/** How the lead reached the CRM. */
export const ORIGINS = {
  landing: level('Landing Page Submission', '落地页表单', 0.53, 0),
  api: level('API', 'API 接口', 0.39, -0.35),
  addForm: level('Lead Add Form', '线索录入表单', 0.074, 1.2),
  import: level('Lead Import', '批量导入', 0.006, -0.9),
} as const;
export type OriginKey = keyof typeof ORIGINS;

const S = {
  google: level('Google', '百度推广', 0, 0),
  googleLower: level('google', '百度', 0, 0), // the same channel typed by hand: real exports have both spellings
  direct: level('Direct Traffic', '直接访问', 0, -0.15),
  olark: level('Olark Chat', '在线客服', 0, -0.45),
  organic: level('Organic Search', '自然搜索', 0, 0.05),
  reference: level('Reference', '转介绍', 0, 1.3),
  welingak: level('Welingak Website', '合作网站', 0, 2.2),
  referralSites: level('Referral Sites', '外部链接', 0, -0.3),
  facebook: level('Facebook', '抖音', 0, -0.5),
  bing: level('bing', '360搜索', 0, -0.2),
  press: level('Press_Release', '新闻稿', 0, -0.3),
  liveChat: level('Live Chat', '网页聊天', 0, 0.3),
  click2call: level('Click2call', '一键呼叫', 0, 0.5),
  blank: BLANK(0, -0.3),
};
export type SourceKey = keyof typeof S;
export const SOURCES: Record<SourceKey, Level> = S;

/** Lead Source given Lead Origin: a channel only arrives through some doors. */
export const SOURCES_BY_ORIGIN: Record<OriginKey, Array<[SourceKey, number]>> = {
  landing: [
    ['google', 0.38],
    ['direct', 0.4],
    ['organic', 0.17],
    ['referralSites', 0.025],
    ['googleLower', 0.01],
    ['bing', 0.005],
    ['press', 0.003],
    ['blank', 0.007],
  ],
  api: [
    ['olark', 0.48],
    ['google', 0.27],
    ['direct', 0.12],
    ['organic', 0.09],
    ['referralSites', 0.015],
    ['liveChat', 0.005],
    ['click2call', 0.01],
    ['blank', 0.01],
  ],
  addForm: [
    ['reference', 0.78],
    ['welingak', 0.19],
    ['direct', 0.02],
    ['google', 0.01],
  ],
  import: [
    ['facebook', 0.9],
    ['blank', 0.1],
  ],
};

export const DO_NOT_EMAIL = { yes: level('Yes', '是', 0.08, -1.1), no: level('No', '否', 0.92, 0) };

/** What the prospect did last before becoming a lead (known when the lead is created). */
export const LAST_ACTIVITIES: Level[] = [
  level('Email Opened', '打开邮件', 0.37, 0.35),
  level('SMS Sent', '已发短信', 0.3, 1.1),
  level('Olark Chat Conversation', '在线客服会话', 0.105, -0.9),
  level('Page Visited on Website', '浏览网页', 0.07, -0.1),
  level('Converted to Lead', '转为线索', 0.046, -0.7),
  level('Email Bounced', '邮件退回', 0.035, -0.9),
  level('Email Link Clicked', '点击邮件链接', 0.029, 0.25),
  level('Form Submitted on Website', '提交网页表单', 0.013, 0),
  level('Unreachable', '无法接通', 0.01, -0.3),
  level('Unsubscribed', '退订', 0.006, -0.6),
  level('Had a Phone Conversation', '电话沟通', 0.003, 1.5),
  BLANK(0.011),
];
export const OLARK_CONVERSATION = 'Olark Chat Conversation';

export const COUNTRIES: Level[] = [
  level('India', '中国', 0.7),
  BLANK(0.262),
  level('United States', '美国', 0.007, -0.3),
  level('United Arab Emirates', '阿联酋', 0.006, -0.3),
  level('Singapore', '新加坡', 0.0025, -0.3),
  level('Saudi Arabia', '沙特阿拉伯', 0.0023, -0.3),
  level('United Kingdom', '英国', 0.0016, -0.3),
  level('Australia', '澳大利亚', 0.0014, -0.3),
  level('Qatar', '卡塔尔', 0.0011, -0.3),
  level('unknown', '未知', 0.0026, -0.3),
];

export const SPECIALIZATIONS: Level[] = [
  SELECT(0.21, -0.25),
  BLANK(0.156, -0.35),
  level('Finance Management', '金融管理', 0.105, 0.05),
  level('Human Resource Management', '人力资源管理', 0.092, 0.15),
  level('Marketing Management', '市场营销管理', 0.091, 0.2),
  level('Operations Management', '运营管理', 0.054, 0.15),
  level('Business Administration', '工商管理', 0.044, 0.05),
  level('IT Projects Management', 'IT 项目管理', 0.04, 0),
  level('Supply Chain Management', '供应链管理', 0.038, 0.05),
  level('Banking, Investment And Insurance', '银行、投资与保险', 0.037, 0.15),
  level('Travel and Tourism', '旅游管理', 0.022, -0.15),
  level('Media and Advertising', '传媒与广告', 0.022, 0.05),
  level('International Business', '国际商务', 0.019, -0.1),
  level('Healthcare Management', '医疗管理', 0.017, 0.2),
  level('Hospitality Management', '酒店管理', 0.012, -0.2),
  level('E-COMMERCE', '电子商务', 0.012, 0),
  level('Retail Management', '零售管理', 0.011, -0.1),
  level('Rural and Agribusiness', '农业与农村经济', 0.008, 0.1),
  level('E-Business', '电子业务', 0.006, 0),
  level('Services Excellence', '服务管理', 0.004, 0),
];

export const OCCUPATIONS = {
  unemployed: level('Unemployed', '待业', 0.6, 0),
  blank: BLANK(0.29, -0.9),
  working: level('Working Professional', '在职人士', 0.076, 2.4),
  student: level('Student', '学生', 0.023, -0.3),
  other: level('Other', '其他', 0.0018, 0.3),
  housewife: level('Housewife', '家庭主妇', 0.0011, 2),
  businessman: level('Businessman', '个体经营', 0.0011, 0.4),
} as const;
export type OccupationKey = keyof typeof OCCUPATIONS;

export const CITIES: Level[] = [
  level('Mumbai', '上海', 0.35),
  SELECT(0.24, -0.1),
  BLANK(0.15),
  level('Thane & Outskirts', '苏州及周边', 0.081, 0.05),
  level('Other Cities', '其他城市', 0.074, -0.05),
  level('Other Cities of Maharashtra', '江浙其他城市', 0.049, 0.05),
  level('Other Metro Cities', '其他一线城市', 0.041, 0),
  level('Tier II Cities', '二线城市', 0.008, -0.2),
];

/** Filled in by sales after the outcome (leaks): share among won leads, share among lost leads. */
export interface LeakLevel {
  en: string;
  zh: string;
  won: number;
  lost: number;
}
const leak = (en: string, zh: string, won: number, lost: number): LeakLevel => ({ en, zh, won, lost });

export const TAGS: LeakLevel[] = [
  leak('', '', 0.22, 0.4),
  leak('Will revert after reading the email', '阅读邮件后回复', 0.5, 0.05),
  leak('Closed by Horizzon', '已由合作方成交', 0.14, 0.001),
  leak('Lost to EINS', '流失到竞品', 0.03, 0.002),
  leak('Busy', '忙', 0.04, 0.02),
  leak('Ringing', '未接通', 0.02, 0.2),
  leak('Interested in other courses', '对其他课程感兴趣', 0.01, 0.09),
  leak('Already a student', '已是学员', 0, 0.08),
  leak('switched off', '关机', 0.01, 0.04),
  leak('Lateral student', '插班生', 0.01, 0),
  leak('Want to take admission but has financial problems', '有意报名但资金困难', 0.01, 0.001),
  leak('in touch with EINS', '与竞品联系中', 0.01, 0.001),
  leak('Not doing further education', '不再深造', 0, 0.03),
  leak('Interested  in full time MBA', '想读全日制 MBA', 0, 0.02), // two spaces, as the real export has it
  leak('invalid number', '空号', 0, 0.015),
  leak('Diploma holder (Not Eligible)', '学历不符', 0, 0.01),
  leak('wrong number given', '号码错误', 0, 0.01),
  leak('opp hangup', '挂断', 0, 0.005),
  leak('number not provided', '未留号码', 0, 0.004),
  leak('Graduation in progress', '在读', 0.002, 0.006),
  leak('Still Thinking', '仍在考虑', 0, 0.001),
  leak('Shall take in the next coming month', '下月报名', 0.001, 0.001),
  leak('In confusion whether part time or DLP', '犹豫读在职还是远程', 0, 0.001),
  leak('University not recognized', '学校不认可', 0, 0.001),
  leak('Recognition issue (DEC approval)', '资质问题', 0, 0.001),
];

export const LEAD_QUALITY: LeakLevel[] = [
  leak('', '', 0.5, 0.55),
  leak('High in Relevance', '高度相关', 0.15, 0.03),
  leak('Might be', '可能', 0.2, 0.15),
  leak('Not Sure', '不确定', 0.1, 0.14),
  leak('Low in Relevance', '相关度低', 0.05, 0.06),
  leak('Worst', '最差', 0, 0.07),
];

export const LAST_NOTABLE: LeakLevel[] = [
  leak('Modified', '已修改', 0.2, 0.42),
  leak('Email Opened', '打开邮件', 0.2, 0.32),
  leak('SMS Sent', '已发短信', 0.45, 0.1),
  leak('Page Visited on Website', '浏览网页', 0.03, 0.04),
  leak('Olark Chat Conversation', '在线客服会话', 0.01, 0.03),
  leak('Email Link Clicked', '点击邮件链接', 0.03, 0.02),
  leak('Had a Phone Conversation', '电话沟通', 0.03, 0.001),
  leak('Email Bounced', '邮件退回', 0, 0.01),
  leak('Unsubscribed', '退订', 0.002, 0.01),
  leak('Unreachable', '无法接通', 0.01, 0.005),
];

/** Early activities after the lead is created (the activities file): kind id, labels, share. */
export const ACTIVITY_KINDS: Array<{ kind: string; en: string; zh: string; share: number }> = [
  { kind: 'emailOpened', en: 'Email Opened', zh: '打开邮件', share: 0.35 },
  { kind: 'pageVisit', en: 'Page Visited on Website', zh: '浏览网页', share: 0.25 },
  { kind: 'emailClicked', en: 'Email Link Clicked', zh: '点击邮件链接', share: 0.12 },
  { kind: 'form', en: 'Form Submitted on Website', zh: '提交网页表单', share: 0.08 },
  { kind: 'chat', en: 'Olark Chat Conversation', zh: '在线客服会话', share: 0.1 },
  { kind: 'call', en: 'Had a Phone Conversation', zh: '电话沟通', share: 0.1 },
];

/** Programme fees (the deal amount of a conversion), before a discount. */
export const FEES = { en: [45_000, 60_000, 75_000, 120_000], zh: [6_800, 9_800, 12_800, 19_800] } as const;

/**
 * The two regimes of DOMAIN.md S32, as numbers. B2B: few leads per rep, cycles of one to four
 * months, deals of ¥100k–¥5M. B2C: hundreds of leads per rep per week, cycles under a week, deals of
 * ¥500–¥20k. Segment effects are odds multipliers so the hidden model is a plain logistic one.
 */
export type Regime = 'b2b' | 'b2c';

export interface SegmentParams {
  /** Share of leads in this segment. */
  share: number;
  /** P(won) of an average rep with no load, for a grade-B lead from a neutral source. */
  baseWinRate: number;
  /** Median deal amount (¥) and its lognormal spread. */
  amountMedian: number;
  amountSigma: number;
  /** Sales cycle (assignment → won / lost) in days. */
  cycleDays: [number, number];
}

export interface RegimeParams {
  regime: Regime;
  segments: Record<string, SegmentParams>;
  /** Deals are clamped into this range (¥). */
  amountRange: [number, number];
  /** Same, for the whole cycle: no lead closes outside it. */
  cycleDays: [number, number];
  leadsPerRepPerDay: number;
  /** Median minutes to first contact across reps (each rep has their own median around it). */
  firstContactMinutes: [number, number];
  /** First contact never later than this, so the cycle range holds (in minutes). */
  firstContactCapMinutes: number;
  /** Open leads a rep handles comfortably (load is measured against it). */
  capacity: [number, number];
  /** Days between later follow-ups, and how many follow-ups at most (first contact included). */
  followUpGapDays: [number, number];
  maxFollowUps: number;
  /** Activity kinds and how often each is used. */
  activityKinds: Record<string, number>;
  /** Hour-of-day weights (local time, 0–23) for lead arrivals. */
  hourWeights: number[];
}

/** Mon … Sun. Weekends are quiet in both regimes (B2C less so). */
export const WEEKDAY_WEIGHTS: Record<Regime, number[]> = {
  b2b: [1.1, 1.1, 1.05, 1, 0.95, 0.2, 0.1],
  b2c: [1, 1, 1, 1, 1.05, 0.7, 0.6],
};

/** Grade (A best) → share of leads and odds multiplier. */
export const GRADES: Array<{ grade: string; share: number; odds: number }> = [
  { grade: 'A', share: 0.15, odds: 2.2 },
  { grade: 'B', share: 0.35, odds: 1 },
  { grade: 'C', share: 0.35, odds: 0.7 },
  { grade: 'D', share: 0.15, odds: 0.4 },
];

/** How much load hurts: odds × exp(-LOAD_ODDS · load / capacity); first contact × (1 + LOAD_DELAY · load / capacity). */
export const LOAD_ODDS = 0.5;
export const LOAD_DELAY = 1;

const officeHours = [0, 0, 0, 0, 0, 0, 0, 0.3, 1, 1.4, 1.4, 1.2, 0.7, 1, 1.4, 1.4, 1.2, 0.9, 0.4, 0.2, 0.1, 0, 0, 0];
const consumerHours = [0.1, 0.05, 0, 0, 0, 0, 0.1, 0.3, 0.6, 0.9, 1, 1, 1.1, 1.1, 1, 1, 1, 1, 1.1, 1.4, 1.6, 1.5, 1, 0.4];

export const REGIMES: Record<Regime, RegimeParams> = {
  b2b: {
    regime: 'b2b',
    segments: {
      enterprise: { share: 0.2, baseWinRate: 0.15, amountMedian: 1_500_000, amountSigma: 0.5, cycleDays: [60, 120] },
      'mid-market': { share: 0.35, baseWinRate: 0.22, amountMedian: 500_000, amountSigma: 0.45, cycleDays: [45, 90] },
      smb: { share: 0.45, baseWinRate: 0.28, amountMedian: 160_000, amountSigma: 0.4, cycleDays: [30, 60] },
    },
    amountRange: [100_000, 5_000_000],
    cycleDays: [30, 120],
    leadsPerRepPerDay: 4 / 30,
    firstContactMinutes: [120, 1440],
    firstContactCapMinutes: 14 * 1440,
    capacity: [15, 40],
    followUpGapDays: [5, 20],
    maxFollowUps: 8,
    activityKinds: { call: 0.45, email: 0.3, visit: 0.25 },
    hourWeights: officeHours,
  },
  b2c: {
    regime: 'b2c',
    segments: {
      premium: { share: 0.15, baseWinRate: 0.12, amountMedian: 12_000, amountSigma: 0.3, cycleDays: [1, 7] },
      standard: { share: 0.45, baseWinRate: 0.08, amountMedian: 4_000, amountSigma: 0.4, cycleDays: [0, 5] },
      basic: { share: 0.4, baseWinRate: 0.05, amountMedian: 1_200, amountSigma: 0.4, cycleDays: [0, 3] },
    },
    amountRange: [500, 20_000],
    cycleDays: [0, 7],
    leadsPerRepPerDay: 30,
    firstContactMinutes: [5, 60],
    firstContactCapMinutes: 24 * 60,
    capacity: [80, 250],
    followUpGapDays: [0.1, 2],
    maxFollowUps: 3,
    activityKinds: { call: 0.65, message: 0.35 },
    hourWeights: consumerHours,
  },
};

/** What the rows say, in the language of the CRM that exports them. Sources carry their odds multiplier. */
export interface Vocabulary {
  regions: string[];
  industries: string[];
  sources: Record<Regime, Array<{ name: string; share: number; odds: number }>>;
  teams: string[];
  /** How the CRM writes each segment. */
  segments: Record<string, string>;
  firstNames: string[];
  lastNames: string[];
  /** Full name from first and last in this language's order. */
  fullName: (first: string, last: string) => string;
  companyStems: string[];
  companyForms: string[];
  company: (region: string, stem: string, form: string) => string;
}

export type Locale = 'en' | 'zh';

/**
 * Where leads come from, per regime: one list for both languages, since a channel's odds are part of
 * the hidden truth, not of the language the CRM writes. Shares are the market mix; where the two
 * markets differ (Chinese consumers come more from short video than from search) a share is per language.
 */
const SOURCES: Record<Regime, Array<{ name: Record<Locale, string>; share: number | Record<Locale, number>; odds: number }>> = {
  b2b: [
    { name: { en: 'Referral', zh: '转介绍' }, share: 0.12, odds: 1.8 },
    { name: { en: 'Trade Show', zh: '展会' }, share: 0.18, odds: 1.3 },
    { name: { en: 'Web', zh: '官网' }, share: 0.35, odds: 1 },
    { name: { en: 'Partner', zh: '渠道' }, share: 0.15, odds: 1.2 },
    { name: { en: 'Outbound', zh: '电销' }, share: 0.2, odds: 0.55 },
  ],
  b2c: [
    { name: { en: 'Referral', zh: '转介绍' }, share: 0.1, odds: 1.8 },
    { name: { en: 'Search Ads', zh: '百度' }, share: { en: 0.35, zh: 0.3 }, odds: 1 },
    { name: { en: 'Social Ads', zh: '抖音' }, share: { en: 0.35, zh: 0.4 }, odds: 0.7 },
    { name: { en: 'Web', zh: '官网' }, share: 0.2, odds: 1.1 },
  ],
};

function sourcesIn(locale: Locale): Vocabulary['sources'] {
  const list = (regime: Regime) =>
    SOURCES[regime].map((s) => ({ name: s.name[locale], share: typeof s.share === 'number' ? s.share : s.share[locale], odds: s.odds }));
  return { b2b: list('b2b'), b2c: list('b2c') };
}

export const VOCABULARY: Record<Locale, Vocabulary> = {
  en: {
    regions: ['Northeast', 'Southeast', 'Midwest', 'West', 'Southwest'],
    industries: ['Software', 'Manufacturing', 'Healthcare', 'Retail', 'Finance', 'Education', 'Logistics'],
    sources: sourcesIn('en'),
    teams: ['East', 'Central', 'West', 'Enterprise'],
    segments: { enterprise: 'Enterprise', 'mid-market': 'Mid-Market', smb: 'SMB', premium: 'Premium', standard: 'Standard', basic: 'Basic' },
    firstNames: ['Alice', 'Ben', 'Carla', 'David', 'Emma', 'Frank', 'Grace', 'Henry', 'Iris', 'Jack', 'Kara', 'Liam', 'Maya', 'Noah', 'Olivia', 'Paul'],
    lastNames: ['Carter', 'Nguyen', 'Lopez', 'Smith', 'Okafor', 'Brown', 'Kim', 'Walsh', 'Patel', 'Rossi', 'Meyer', 'Dubois'],
    fullName: (first, last) => `${first} ${last}`,
    companyStems: [
      'Acme',
      'Northwind',
      'Blue Harbor',
      'Summit',
      'Redwood',
      'Ironclad',
      'Brightline',
      'Cobalt',
      'Evergreen',
      'Keystone',
      'Silverleaf',
      'Tidewater',
    ],
    companyForms: ['Inc.', 'LLC', 'Corp.', 'Ltd.', 'Group'],
    // A comma inside a company name is what makes CSV quoting matter in real exports.
    company: (_region, stem, form) => (form === 'Inc.' ? `${stem}, Inc.` : `${stem} ${form}`),
  },
  zh: {
    regions: ['华东', '华南', '华北', '西南', '华中'],
    industries: ['教育', '医疗', '制造', '零售', '金融', '互联网', '物流'],
    sources: sourcesIn('zh'),
    teams: ['销售一部', '销售二部', '销售三部', '大客户部'],
    segments: { enterprise: '大客户', 'mid-market': '中型客户', smb: '小微客户', premium: '高端', standard: '标准', basic: '基础' },
    firstNames: ['伟', '芳', '娜', '敏', '静', '强', '磊', '洋', '艳', '杰', '娟', '涛', '明', '超', '秀英', '晓东'],
    lastNames: ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙'],
    fullName: (first, last) => `${last}${first}`,
    companyStems: ['华信', '远航', '金石', '恒达', '博源', '瑞丰', '启明', '天成', '众邦', '新程', '安泰', '鼎盛'],
    companyForms: ['科技有限公司', '贸易有限公司', '信息技术有限公司', '实业有限公司'],
    company: (region, stem, form) => `${region === '华北' ? '北京' : region === '华南' ? '深圳' : '上海'}${stem}${form}`,
  },
};

/**
 * The column headers of the marketing lead export in both languages, and the mappings (the
 * simulator's mapping format) that read them. Attribute keys are the same in both, so one points
 * policy and one model's features read either export.
 */
import type { MappingInput } from '../../packages/simulator/src/history/mapping.js';

export type MarketingLang = 'en' | 'zh';

/** Column → header, in file order. */
export const MARKETING_HEADERS = {
  id: { en: 'Prospect ID', zh: '线索ID' },
  leadNumber: { en: 'Lead Number', zh: '线索编号' },
  createdAt: { en: 'Created At', zh: '创建时间' },
  leadOrigin: { en: 'Lead Origin', zh: '线索来源类型' },
  leadSource: { en: 'Lead Source', zh: '来源渠道' },
  doNotEmail: { en: 'Do Not Email', zh: '拒收邮件' },
  totalVisits: { en: 'TotalVisits', zh: '访问次数' },
  timeOnSite: { en: 'Total Time Spent on Website', zh: '停留时长' },
  pageViewsPerVisit: { en: 'Page Views Per Visit', zh: '每次访问页数' },
  lastActivity: { en: 'Last Activity', zh: '最近活动' },
  country: { en: 'Country', zh: '国家' },
  specialization: { en: 'Specialization', zh: '专业方向' },
  occupation: { en: 'What is your current occupation', zh: '职业' },
  city: { en: 'City', zh: '城市' },
  tags: { en: 'Tags', zh: '标签' },
  leadQuality: { en: 'Lead Quality', zh: '线索质量' },
  lastNotableActivity: { en: 'Last Notable Activity', zh: '最近重要活动' },
  converted: { en: 'Converted', zh: '是否转化' },
  convertedAt: { en: 'Converted At', zh: '转化时间' },
  amount: { en: 'Amount', zh: '成交金额' },
} as const;
export type MarketingColumn = keyof typeof MARKETING_HEADERS;

export const ACTIVITY_HEADERS = {
  id: { en: 'Prospect ID', zh: '线索ID' },
  activity: { en: 'Activity', zh: '活动类型' },
  at: { en: 'Activity Date', zh: '活动时间' },
} as const;

/** Filled in by sales after the outcome was known: a model that uses them is cheating. */
export const MARKETING_LEAKING_ATTRIBUTES = ['tags', 'leadQuality', 'lastNotableActivity'] as const;

/** Time zone the export's times are written in. */
export const MARKETING_TIME_ZONE: Record<MarketingLang, string> = { en: 'Asia/Kolkata', zh: 'Asia/Shanghai' };

/** Converted 0/1 (en) or 是/否 (zh). */
export const CONVERTED_VALUES: Record<MarketingLang, { won: string; lost: string }> = { en: { won: '1', lost: '0' }, zh: { won: '是', lost: '否' } };

export function marketingMapping(lang: MarketingLang, activityKinds: ReadonlyArray<{ kind: string; en: string; zh: string }>): MappingInput {
  const h = (c: MarketingColumn) => MARKETING_HEADERS[c][lang];
  const typed = (c: MarketingColumn, type: 'number' | 'boolean') => ({ column: h(c), type });
  const typeValues: Record<string, string[]> = {};
  for (const a of activityKinds) typeValues[a.kind] = [a[lang]];
  return {
    version: 1,
    timeZone: MARKETING_TIME_ZONE[lang],
    leads: {
      encoding: 'auto',
      delimiter: 'auto',
      dateOrder: 'ymd',
      columns: { id: h('id'), createdAt: h('createdAt'), outcome: h('converted'), closedAt: h('convertedAt'), amount: h('amount') },
      outcomeValues: { won: [CONVERTED_VALUES[lang].won], lost: [CONVERTED_VALUES[lang].lost], open: [] },
      attributes: {
        leadNumber: h('leadNumber'),
        leadOrigin: h('leadOrigin'),
        leadSource: h('leadSource'),
        doNotEmail: typed('doNotEmail', 'boolean'),
        totalVisits: typed('totalVisits', 'number'),
        timeOnSite: typed('timeOnSite', 'number'),
        pageViewsPerVisit: typed('pageViewsPerVisit', 'number'),
        lastActivity: h('lastActivity'),
        country: h('country'),
        specialization: h('specialization'),
        occupation: h('occupation'),
        city: h('city'),
        tags: h('tags'),
        leadQuality: h('leadQuality'),
        lastNotableActivity: h('lastNotableActivity'),
      },
    },
    activities: {
      encoding: 'auto',
      delimiter: 'auto',
      dateOrder: 'ymd',
      columns: { leadId: ACTIVITY_HEADERS.id[lang], at: ACTIVITY_HEADERS.at[lang], type: ACTIVITY_HEADERS.activity[lang] },
      typeValues,
    },
  };
}

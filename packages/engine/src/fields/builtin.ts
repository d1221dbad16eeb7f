import type { Labels } from '../types/decision.js';

/**
 * The lead fields the engine itself knows (`leadSchema` in types/domain.ts, and the behaviour
 * counters it keeps: BEHAVIOUR_COUNTERS in runtime/eventFacts.ts): always readable, whatever a
 * tenant's catalog says. A test holds this list to leadSchema's keys and the counters.
 */
export interface BuiltInLeadField {
  name: string;
  type: 'string' | 'number' | 'boolean' | 'instant' | 'enum';
  values?: string[];
  label: Labels;
}

export const BUILT_IN_LEAD_FIELDS: readonly BuiltInLeadField[] = [
  { name: 'id', type: 'string', label: { en: 'Lead id', zh: '线索 ID' } },
  { name: 'createdAt', type: 'instant', label: { en: 'Created at', zh: '创建时间' } },
  { name: 'ownerId', type: 'string', label: { en: 'Owner', zh: '负责人' } },
  { name: 'poolId', type: 'string', label: { en: 'Pool', zh: '所在线索池' } },
  { name: 'status', type: 'enum', values: ['open', 'won', 'lost'], label: { en: 'Status', zh: '状态' } },
  { name: 'score', type: 'number', label: { en: 'Score', zh: '得分' } },
  { name: 'smartScore', type: 'number', label: { en: 'Smart score', zh: '智能评分' } },
  { name: 'grade', type: 'string', label: { en: 'Grade', zh: '等级' } },
  { name: 'stage', type: 'string', label: { en: 'Stage', zh: '阶段' } },
  { name: 'lastActivityAt', type: 'instant', label: { en: 'Last activity at', zh: '最近跟进时间' } },
  { name: 'company', type: 'string', label: { en: 'Company', zh: '公司名称' } },
  { name: 'parentCompany', type: 'string', label: { en: 'Parent company', zh: '母公司' } },
  { name: 'email', type: 'string', label: { en: 'E-mail', zh: '邮箱' } },
  { name: 'phone', type: 'string', label: { en: 'Phone', zh: '电话' } },
  { name: 'ownedSince', type: 'instant', label: { en: 'Owned since', zh: '获得线索时间' } },
  { name: 'lastOpportunityAt', type: 'instant', label: { en: 'Last opportunity at', zh: '最近商机时间' } },
  { name: 'lastDealAt', type: 'instant', label: { en: 'Last deal at', zh: '最近成交时间' } },
  { name: 'level', type: 'string', label: { en: 'Customer level', zh: '客户等级' } },
  { name: 'locked', type: 'boolean', label: { en: 'Locked', zh: '已锁定' } },
  { name: 'signed', type: 'boolean', label: { en: 'Signed customer', zh: '签约客户' } },
  { name: 'openOpportunity', type: 'boolean', label: { en: 'Has an open opportunity', zh: '有进行中的商机' } },
  { name: 'expectedAmount', type: 'number', label: { en: 'Expected amount', zh: '预计金额' } },
  { name: 'reportedAt', type: 'instant', label: { en: 'Reported at (报备)', zh: '报备时间' } },
  { name: 'discoveredAt', type: 'instant', label: { en: 'First discovered at', zh: '首次发现时间' } },
  // Counted up by the lead's own behaviour logged as an activity (a visit, a download …), or sent by the CRM as a total (S3).
  { name: 'visits', type: 'number', label: { en: 'Visits', zh: '访问次数' } },
  { name: 'downloads', type: 'number', label: { en: 'Downloads', zh: '下载次数' } },
  { name: 'formFills', type: 'number', label: { en: 'Forms filled in', zh: '表单提交次数' } },
  { name: 'replies', type: 'number', label: { en: 'Replies', zh: '回复次数' } },
  { name: 'emailOpens', type: 'number', label: { en: 'E-mails opened', zh: '邮件打开次数' } },
  { name: 'clicks', type: 'number', label: { en: 'Clicks', zh: '点击次数' } },
  { name: 'webinars', type: 'number', label: { en: 'Webinars attended', zh: '参加研讨会次数' } },
  { name: 'signups', type: 'number', label: { en: 'Sign-ups', zh: '注册次数' } },
];

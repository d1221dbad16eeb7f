import { z } from 'zod';
import type { Labels } from '../types/decision.js';
import type { EventType } from '../types/domain.js';

/**
 * The words a form shows for each value a config field can take (a drop-down's options), in both
 * languages. They travel with the schema as `optionLabels` (JSON Schema: beside `enum`), so the
 * editor's inspector shows "升级给管理层" where the document stores `escalate`.
 */
export type OptionLabels<V extends string> = { [K in V]: Labels };

/** `z.enum(values)` whose options carry their labels; the compiler checks every value has one. */
export function labelledEnum<const T extends readonly [string, ...string[]]>(values: T, optionLabels: OptionLabels<T[number]>) {
  return z.enum(values).meta({ optionLabels });
}

/** The events a policy can listen to (types/domain.ts EVENT_TYPES). */
export const EVENT_LABELS: OptionLabels<EventType> = {
  'lead.created': { en: 'Lead created', zh: '新线索' },
  'lead.updated': { en: 'Lead updated', zh: '线索更新' },
  'lead.qualified': { en: 'Lead qualified (SQL)', zh: '线索合格（SQL）' },
  'lead.returned_to_pool': { en: 'Lead returned to a pool', zh: '线索退回公海' },
  'activity.logged': { en: 'Follow-up logged', zh: '记录跟进' },
  'stage.changed': { en: 'Stage changed', zh: '阶段变化' },
  tick: { en: 'Clock tick (scheduled check)', zh: '定时检查' },
  'collab.requested': { en: 'Co-follow requested', zh: '申请协同跟进' },
  'claim.requested': { en: 'Customer reported / claimed', zh: '报备 / 领取客户' },
  'deal.won': { en: 'Deal won', zh: '成交' },
  'decision.overridden': { en: 'Decision overridden by a committee', zh: '委员会改判' },
};

/** What makes two records one customer (existing owner, conflict). */
export const CUSTOMER_KEY_LABELS: OptionLabels<'company' | 'emailDomain' | 'phone'> = {
  company: { en: 'Company name (and its aliases)', zh: '公司名称（含别名）' },
  emailDomain: { en: 'E-mail domain', zh: '邮箱域名' },
  phone: { en: 'Phone number', zh: '电话号码' },
};

/**
 * Options of enums the node kinds share from outside this folder, by the property that holds them:
 * a duration's unit (types/duration.ts) and a rep list matched to a lead field (assignment/candidates.ts).
 * describeNodeKinds puts them beside those enums, as labelledEnum does for the rest.
 */
export const SHARED_OPTION_LABELS: Record<string, Record<string, Labels>> = {
  unit: {
    minutes: { en: 'minutes', zh: '分钟' },
    hours: { en: 'hours', zh: '小时' },
    days: { en: 'calendar days', zh: '自然日' },
    workingDays: { en: 'working days (skip weekends and holidays)', zh: '工作日（跳过周末和节假日）' },
  },
  repField: {
    regions: { en: 'Regions the rep covers', zh: '销售负责的区域' },
    products: { en: 'Products the rep sells', zh: '销售负责的产品' },
    industries: { en: 'Industries the rep covers', zh: '销售负责的行业' },
    languages: { en: 'Languages the rep speaks', zh: '销售掌握的语言' },
    skills: { en: 'Rep skills', zh: '销售技能' },
  },
};

/** Puts the shared labels beside the enums of a JSON Schema that have none of their own (in place). */
export function labelSharedOptions(schema: unknown, property?: string): void {
  if (Array.isArray(schema)) {
    for (const s of schema) labelSharedOptions(s, property);
    return;
  }
  if (schema === null || typeof schema !== 'object') return;
  const s = schema as Record<string, unknown>;
  const shared = property === undefined ? undefined : SHARED_OPTION_LABELS[property];
  if (shared && Array.isArray(s.enum) && s.optionLabels === undefined && s.enum.every((v) => typeof v === 'string' && shared[v])) {
    s.optionLabels = Object.fromEntries((s.enum as string[]).map((v) => [v, shared[v]!]));
  }
  for (const [k, v] of Object.entries(s)) {
    if ((k === 'properties' || k === '$defs' || k === 'definitions') && v !== null && typeof v === 'object') {
      for (const [p, sub] of Object.entries(v as Record<string, unknown>)) labelSharedOptions(sub, k === 'properties' ? p : undefined);
    } else if (k === 'items' || k === 'prefixItems') labelSharedOptions(v, property);
    else if (k === 'anyOf' || k === 'oneOf' || k === 'allOf') labelSharedOptions(v, property);
    else if (k === 'additionalProperties') labelSharedOptions(v, undefined);
  }
}

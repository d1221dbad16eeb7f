import type { Words } from '../types.js';

/** What each rejection code means, for summaries ("skipped by reason") in both languages. */
export const REJECT_REASONS: Record<string, Words> = {
  'missing-id': { en: 'id is empty', zh: '编号为空' },
  'duplicate-id': { en: 'id repeats an earlier row', zh: '编号与前面的行重复' },
  'missing-date': { en: 'time is empty', zh: '时间为空' },
  'bad-date': { en: 'not a date', zh: '不是日期' },
  'ambiguous-date': { en: 'day or month first unknown', zh: '无法判断日/月顺序' },
  'other-date-order': { en: 'a date only in the other day/month order', zh: '仅按另一种日/月顺序才是日期' },
  'bad-number': { en: 'not a number', zh: '不是数字' },
  'bad-amount': { en: 'amount is not a number', zh: '金额不是数字' },
  'negative-amount': { en: 'negative amount', zh: '金额为负' },
  'other-decimal-mark': { en: "decimal mark other than the column's", zh: '小数点写法与该列不同' },
  'ambiguous-number': { en: 'number reads two ways', zh: '数字有两种读法' },
  'bad-boolean': { en: 'not yes/no', zh: '不是是/否值' },
  'missing-outcome': { en: 'outcome is empty', zh: '状态为空' },
  'unknown-outcome': { en: 'outcome not in outcomeValues', zh: '状态不在 outcomeValues 中' },
  'closed-before-created': { en: 'closed before created', zh: '关闭早于创建' },
  'missing-lead-id': { en: 'lead id is empty', zh: '线索编号为空' },
  'unknown-lead': { en: 'lead not in the leads file', zh: '线索不在线索文件中' },
  'lead-rejected': { en: 'its lead was rejected', zh: '所属线索已被拒绝' },
  'before-created': { en: 'before its lead was created', zh: '早于线索创建时间' },
  'unknown-activity-type': { en: 'activity type not in typeValues', zh: '跟进方式不在 typeValues 中' },
  'missing-stage': { en: 'stage is empty', zh: '阶段为空' },
  'too-many-values': { en: 'more values than columns', zh: '值多于列数' },
  'unreadable-csv': { en: 'CSV could not be read', zh: 'CSV 无法解析' },
  'bad-json': { en: 'not a JSON object', zh: '不是 JSON 对象' },
};

export function rejectReason(code: string): Words {
  return REJECT_REASONS[code] ?? { en: code, zh: code };
}

/** Why a column is not in the model, in both languages: the report lists every dropped candidate. */
import type { Words } from '../types.js';

export type DropCode =
  | 'excluded'
  | 'leak-name'
  | 'leak-mapping'
  | 'leak-time'
  | 'leak-values'
  | 'leak-fill'
  | 'leak-auc'
  | 'date'
  | 'mostly-missing'
  | 'constant'
  | 'id-or-text';

export interface DroppedFeature {
  id: string;
  label: Words;
  code: DropCode;
  reason: Words;
}

const pct = (x: number): string => `${Math.round(x * 1000) / 10}%`;

export const dropReason = {
  excluded: (): Words => ({ en: 'left out by the exclude setting', zh: '按 exclude 设置排除' }),
  leakName: (word: string): Words => ({
    en: `its name ("${word}") says it is recorded when or after the lead is won or lost: it would leak the outcome`,
    zh: `列名（“${word}”）表明它在线索成交或输单时/之后才填写：会泄露结果`,
  }),
  leakMapping: (field: string, column: string): Words => ({
    en: `it reads column "${column}", which the mapping uses as the ${field}: it would leak the outcome`,
    zh: `它读取的列“${column}”在映射中被用作${field === 'outcome' ? '状态' : field === 'closedAt' ? '关闭时间' : field === 'amount' ? '金额' : '负责人'}：会泄露结果`,
  }),
  leakTime: (share: number, hours: number): Words => ({
    en: `a date later than ${hours} h after creation on ${pct(share)} of leads: not known when the lead is scored`,
    zh: `${pct(share)} 的线索上该日期晚于创建后 ${hours} 小时：评分时尚不可知`,
  }),
  leakValues: (level: string, rate: number): Words => ({
    en: `value "${level}" names an outcome and ${pct(rate)} of its leads share one outcome: it is filled in after the result`,
    zh: `取值“${level}”写的是结果，且其中 ${pct(rate)} 的线索结果相同：是在结果出来后填写的`,
  }),
  leakFill: (closed: number, open: number): Words => ({
    en: `filled for ${pct(closed)} of closed leads but only ${pct(open)} of open ones: it is filled in when a lead closes`,
    zh: `已关闭线索中 ${pct(closed)} 有值，跟进中线索仅 ${pct(open)}：是在线索关闭时才填写的`,
  }),
  leakAuc: (auc: number): Words => ({
    en: `on its own it separates won from lost almost perfectly on newer leads (AUC ${auc.toFixed(3)} ≥ 0.97): real early information is never this good, so it most likely records the outcome`,
    zh: `仅凭它就能在较新的线索上几乎完美区分赢单与输单（AUC ${auc.toFixed(3)} ≥ 0.97）：真实的早期信息不会这么准，很可能记录的就是结果`,
  }),
  date: (): Words => ({
    en: 'a date known at scoring time: dates are not used as features (map a number column, e.g. days since first visit, to use it)',
    zh: '评分时已知的日期：日期不直接作为特征（如需使用，请映射为数字列，如距首次访问的天数）',
  }),
  mostlyMissing: (share: number): Words => ({
    en: `empty on ${pct(share)} of training leads (over 95%)`,
    zh: `${pct(share)} 的训练线索该列为空（超过 95%）`,
  }),
  constant: (): Words => ({ en: 'the same value on every training lead: nothing to learn from', zh: '所有训练线索取值相同：无从学习' }),
  idOrText: (levels: number, rows: number): Words => ({
    en: `${levels} different values over ${rows} leads: an id or free text, not a category`,
    zh: `${rows} 条线索中有 ${levels} 个不同取值：是编号或自由文本，而非类别`,
  }),
};

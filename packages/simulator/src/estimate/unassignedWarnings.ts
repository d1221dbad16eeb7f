/**
 * A candidate that leaves many leads with nobody makes every other figure of it misleading (its reps'
 * bars, fairness and contact times describe only the leads it handled): said first, in plain words,
 * with the likely causes.
 */
import type { Words } from '../types.js';
import { percentText } from './coverageMetrics.js';
import type { PolicyReport } from './metrics.js';

/** More than this share of leads unassigned at the end of the run is warned of. */
export const UNASSIGNED_WARN_SHARE = 0.05;

export interface UnassignedWarning {
  policy: string;
  unassigned: number;
  leads: number;
  /** unassigned / leads. */
  share: number;
  message: Words;
}

export function unassignedWarnings(
  policies: ReadonlyArray<Pick<PolicyReport, 'policy' | 'leads' | 'unassigned'>>,
  threshold = UNASSIGNED_WARN_SHARE,
): UnassignedWarning[] {
  return policies
    .filter((p) => p.leads > 0 && p.unassigned / p.leads > threshold)
    .map((p) => {
      const share = p.unassigned / p.leads;
      const pct = percentText(share);
      return {
        policy: p.policy,
        unassigned: p.unassigned,
        leads: p.leads,
        share,
        message: {
          en:
            `${p.unassigned} of ${p.leads} leads (${pct}) are held by nobody at the end of the run. Likely causes: no routing rule matched these leads ` +
            '(the rules cover only some leads and nothing catches the rest), or the routing policy does not listen to leads returned to the pool ' +
            '(a reclaimed or released lead is never routed again). Its per-rep figures, fairness and contact times describe only the leads someone holds.',
          zh:
            `${p.leads} 条线索中有 ${p.unassigned} 条（${pct}）在回放结束时无人持有。可能的原因：没有任何分配规则匹配这些线索` +
            '（规则只覆盖部分线索，其余线索没有兜底规则），或分配策略没有监听退回公海的线索（被回收或释放的线索不会再次分配）。' +
            '该方案的每名销售线索数、公平性与首次联系时长只反映有人持有的线索。',
        },
      };
    });
}

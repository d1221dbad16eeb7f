import { z } from 'zod';
import { normaliseCompany } from '../matching/normalise.js';
import type { ConfigProblem } from '../types/nodeSpec.js';
import type { Lead } from '../types/domain.js';

/**
 * Parent and subsidiary accounts (母子公司): a lead names its parent company, and sales-ops can
 * list groups the CRM does not know ("德尔塔集团" owns "德尔塔科技" and "德尔塔物流"). Names
 * are compared normalised, so legal forms and bracketed regions never split a family.
 */
export const accountRelationSchema = z.strictObject({
  parent: z.string().min(1).max(300),
  subsidiaries: z.array(z.string().min(1).max(300)).min(1).max(500),
});
export type AccountRelation = z.infer<typeof accountRelationSchema>;

/**
 * Normalised names that count as the lead's account: its company, and with `family` its
 * parent plus every company a configured relation puts in the same group.
 */
export function accountNames(lead: Lead | undefined, relations: readonly AccountRelation[], family: boolean): string[] {
  const names: string[] = [];
  const put = (n: string | undefined) => {
    if (n && !names.includes(n)) names.push(n);
  };
  put(normaliseCompany(lead?.company));
  if (!family) return names;
  put(normaliseCompany(lead?.parentCompany));
  for (const r of relations) {
    const group = [r.parent, ...r.subsidiaries].map((n) => normaliseCompany(n)).filter((n): n is string => n !== undefined);
    if (group.some((n) => names.includes(n))) for (const n of group) put(n);
  }
  return names;
}

/** A relation whose names normalise to nothing ("有限公司") could never match: say so at compile time. */
export function relationProblems(relations: readonly AccountRelation[], field: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  relations.forEach((r, i) => {
    if (!normaliseCompany(r.parent)) {
      problems.push({
        field: `${field}[${i}].parent`,
        message: { en: `"${r.parent}" is not a company name once legal forms are removed`, zh: `“${r.parent}”去掉公司类型后不是有效的公司名` },
      });
    }
    r.subsidiaries.forEach((s, j) => {
      if (!normaliseCompany(s)) {
        problems.push({
          field: `${field}[${i}].subsidiaries[${j}]`,
          message: { en: `"${s}" is not a company name once legal forms are removed`, zh: `“${s}”去掉公司类型后不是有效的公司名` },
        });
      }
    });
  });
  return problems;
}

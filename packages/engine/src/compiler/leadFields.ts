import type { Condition } from '../expression/condition.js';
import { checkFactPath } from '../expression/factPath.js';
import type { LeadFieldIndex } from '../fields/catalog.js';
import { checkComparison, checkNumberField, checkValue, lookupLeadField, type LeadFieldProblem } from '../fields/check.js';
import { configFactFields, fieldOf, nodeFacts } from './facts.js';
import { looksLikeCondition } from './nodes.js';
import type { CompileWarning, PlanNode } from './types.js';

/**
 * Every `lead.<field>` a node reads must be a field the CRM sends (built in or in the tenant's
 * catalog), compared the way its type allows. A typo would otherwise read as missing forever, and
 * inside a `not` flip the decision. Returned as problems: the caller decides whether they are
 * errors (a catalog was given) or warnings (none was: today's behaviour).
 */
export function checkLeadFields(nodes: Map<string, PlanNode>, index: LeadFieldIndex): CompileWarning[] {
  const out: CompileWarning[] = [];
  for (const node of nodes.values()) {
    const push = (p: LeadFieldProblem, base: string | undefined) => {
      const field = join(base, p.at);
      out.push({ code: p.code, nodeId: node.id, ...(field ? { field } : {}), message: p.message });
    };
    // Whether each field exists: once per place the config names it.
    for (const fact of nodeFacts(node)) {
      if (!fact.startsWith('lead.') || checkFactPath(fact)) continue;
      const found = lookupLeadField(index, fact);
      if (!('problem' in found)) continue;
      const places = configFactFields(node.config)
        .filter((f) => f.path === fact)
        .map((f) => f.field);
      if (places.length === 0) places.push(fieldOf(node.config, fact) ?? '');
      for (const place of places) push(found.problem, place);
    }
    // How each known field is compared: conditions, switch cases, points per unit.
    const fieldAt = (fact: unknown) => {
      if (typeof fact !== 'string' || !fact.startsWith('lead.') || checkFactPath(fact)) return undefined;
      const found = lookupLeadField(index, fact);
      return 'field' in found ? found.field : undefined;
    };
    const condition = (c: Condition, at: string) => {
      if ('all' in c || 'any' in c) {
        const op = 'all' in c ? 'all' : 'any';
        ('all' in c ? c.all : c.any).forEach((child, i) => {
          condition(child, join(at, `${op}[${i}]`));
        });
      } else if ('not' in c) condition(c.not, join(at, 'not'));
      else {
        const field = fieldAt(c.fact);
        if (field) for (const p of checkComparison(field, c.operator, c.value)) push(p, at);
      }
    };
    const visit = (value: unknown, at: string) => {
      if (Array.isArray(value)) {
        value.forEach((v, i) => {
          visit(v, `${at}[${i}]`);
        });
        return;
      }
      if (!value || typeof value !== 'object') return;
      const obj = value as Record<string, unknown>;
      if (looksLikeCondition(obj)) return condition(obj as Condition, at);
      const field = fieldAt(obj.fact);
      if (field && Array.isArray(obj.cases)) {
        // A switch: every case value is compared with `equal`.
        if (field.type === 'string[]') {
          push(
            {
              code: 'leadFieldType',
              at: 'fact',
              message: { en: `lead.${field.name} is a list; a switch compares single values`, zh: `lead.${field.name} 是列表，分支只能比较单个值` },
            },
            at,
          );
        } else {
          obj.cases.forEach((c, i) => {
            const values = (c as { values?: unknown }).values;
            if (Array.isArray(values)) {
              values.forEach((v, j) => {
                for (const p of checkValue(field, v, `cases[${i}].values[${j}]`)) push(p, at);
              });
            }
          });
        }
      } else if (field && typeof obj.points === 'number') {
        const p = checkNumberField(field);
        if (p) push({ ...p, at: 'fact' }, at);
      }
      for (const [k, v] of Object.entries(obj)) visit(v, join(at, k));
    };
    visit(node.config, '');
  }
  return out;
}

function join(base: string | undefined, suffix: string): string {
  if (!base) return suffix;
  if (!suffix) return base;
  return suffix.startsWith('[') ? base + suffix : `${base}.${suffix}`;
}

/**
 * Operators, with semantics identical to json-rules-engine 7.3 (including its fact-value
 * validators: a numeric comparison against a non-numeric fact is false, `contains` on a
 * non-array fact is false). The differential test holds us to that.
 */
export type OperatorFn = (factValue: any, value: any) => boolean;

export interface OperatorSpec {
  name: string;
  labels: { en: string; zh: string };
  /** What the right-hand value must be, checked at compile time. */
  value: 'any' | 'array' | 'number' | 'string' | 'boolean';
  /** True when json-rules-engine ships it; otherwise we register it on the reference engine. */
  builtIn: boolean;
  evaluate: OperatorFn;
}

function numberValidator(factValue: unknown): boolean {
  return Number.parseFloat(factValue as string).toString() !== 'NaN';
}

/**
 * JSON may hold an object whose own `toString` / `valueOf` is not a function
 * (`{"toString": 1}`); coercing it throws. json-rules-engine then rejects the whole run; a
 * decision must not crash on one odd CRM field, so a comparison that cannot coerce is false.
 * Only the operators that coerce need this.
 */
function total(fn: OperatorFn): OperatorFn {
  return (a, b) => {
    try {
      return fn(a, b);
    } catch {
      return false;
    }
  };
}

const defs: OperatorSpec[] = [
  { name: 'equal', labels: { en: 'equals', zh: '等于' }, value: 'any', builtIn: true, evaluate: (a, b) => a === b },
  { name: 'notEqual', labels: { en: 'does not equal', zh: '不等于' }, value: 'any', builtIn: true, evaluate: (a, b) => a !== b },
  { name: 'in', labels: { en: 'is one of', zh: '属于' }, value: 'array', builtIn: true, evaluate: (a, b) => b.indexOf(a) > -1 },
  { name: 'notIn', labels: { en: 'is none of', zh: '不属于' }, value: 'array', builtIn: true, evaluate: (a, b) => b.indexOf(a) === -1 },
  {
    name: 'contains',
    labels: { en: 'list contains', zh: '列表包含' },
    value: 'any',
    builtIn: true,
    evaluate: (a, b) => Array.isArray(a) && a.indexOf(b) > -1,
  },
  {
    name: 'doesNotContain',
    labels: { en: 'list does not contain', zh: '列表不包含' },
    value: 'any',
    builtIn: true,
    evaluate: (a, b) => Array.isArray(a) && a.indexOf(b) === -1,
  },
  { name: 'lessThan', labels: { en: '<', zh: '小于' }, value: 'number', builtIn: true, evaluate: total((a, b) => numberValidator(a) && a < b) },
  {
    name: 'lessThanInclusive',
    labels: { en: '≤', zh: '小于等于' },
    value: 'number',
    builtIn: true,
    evaluate: total((a, b) => numberValidator(a) && a <= b),
  },
  { name: 'greaterThan', labels: { en: '>', zh: '大于' }, value: 'number', builtIn: true, evaluate: total((a, b) => numberValidator(a) && a > b) },
  {
    name: 'greaterThanInclusive',
    labels: { en: '≥', zh: '大于等于' },
    value: 'number',
    builtIn: true,
    evaluate: total((a, b) => numberValidator(a) && a >= b),
  },
  {
    name: 'startsWith',
    labels: { en: 'starts with', zh: '开头是' },
    value: 'string',
    builtIn: false,
    evaluate: total((a, b) => typeof a === 'string' && a.startsWith(b)),
  },
  {
    name: 'endsWith',
    labels: { en: 'ends with', zh: '结尾是' },
    value: 'string',
    builtIn: false,
    evaluate: total((a, b) => typeof a === 'string' && a.endsWith(b)),
  },
  {
    name: 'exists',
    labels: { en: 'is filled in (true) / empty (false)', zh: '已填写（true）/ 为空（false）' },
    value: 'boolean',
    builtIn: false,
    evaluate: (a, b) => (a !== undefined && a !== null && a !== '') === b,
  },
];

export const OPERATORS: ReadonlyMap<string, OperatorSpec> = new Map(defs.map((d) => [d.name, d]));
export const OPERATOR_NAMES = defs.map((d) => d.name) as [string, ...string[]];

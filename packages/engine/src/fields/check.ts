import { closestFirst, didYouMean } from '../errors/suggest.js';
import type { ConditionValue } from '../expression/condition.js';
import type { Labels } from '../types/decision.js';
import type { LeadFieldIndex, ResolvedLeadField } from './catalog.js';
import type { LeadFieldType } from './schema.js';

export interface LeadFieldProblem {
  code: 'unknownLeadField' | 'leadFieldType' | 'leadFieldValue';
  /** Where, relative to the condition or case: '' (the fact itself), 'operator', 'value', 'value[2]'. */
  at: string;
  message: Labels;
}

export type LeadFieldLookup = { field: ResolvedLeadField } | { nested: true } | { problem: LeadFieldProblem };

const TYPE_ZH: Record<LeadFieldType, string> = { string: '文本', number: '数字', boolean: '布尔', instant: '时间', enum: '枚举', 'string[]': '文本列表' };
const NUMERIC = new Set(['lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive']);
const TEXT = new Set(['startsWith', 'endsWith']);
const LIST = new Set(['contains', 'doesNotContain']);
const SHOWN_VALUES = 6;

/** Which field `lead.<name>` reads, or why it reads nothing the CRM sends. `path` starts with `lead.`. */
export function lookupLeadField(index: LeadFieldIndex, path: string): LeadFieldLookup {
  const name = path.slice('lead.'.length);
  const field = index.byName.get(name);
  if (field) return { field };
  // `lead.research` when the catalog has research.budget: the CRM's nested object itself.
  if (index.names.some((n) => n.startsWith(`${name}.`))) return { nested: true };
  const segments = name.split('.');
  for (let i = segments.length - 1; i > 0; i--) {
    const parent = index.byName.get(segments.slice(0, i).join('.'));
    if (parent) {
      return {
        problem: {
          code: 'leadFieldType',
          at: '',
          message: {
            en: `"${path}": lead.${parent.name} is ${a(parent.type)} field and has no sub-field "${segments.slice(i).join('.')}"`,
            zh: `"${path}"：lead.${parent.name} 是${TYPE_ZH[parent.type]}字段，没有子字段 "${segments.slice(i).join('.')}"`,
          },
        },
      };
    }
  }
  const near = didYouMean(name, index.names);
  const meant = near === undefined ? '' : ` — did you mean "lead.${near}"?`;
  const meantZh = near === undefined ? '' : `——是否想写 "lead.${near}"？`;
  if (!index.fromCatalog) {
    return {
      problem: {
        code: 'unknownLeadField',
        at: '',
        message: {
          en: `"${path}" is not a built-in lead field and no field catalog was given: it reads as missing unless the CRM sends it${meant}`,
          zh: `"${path}" 不是内置线索字段，且未提供字段目录：除非 CRM 传入该字段，否则读取为缺失${meantZh}`,
        },
      },
    };
  }
  const closest = closestFirst(name, index.names).slice(0, 5);
  return {
    problem: {
      code: 'unknownLeadField',
      at: '',
      message: near
        ? {
            en: `unknown lead field "${path}"${meant} It is neither built in nor in the tenant's field catalog`,
            zh: `未知的线索字段 "${path}"${meantZh}它既不是内置字段，也不在租户的字段目录中`,
          }
        : {
            en: `unknown lead field "${path}": neither built in nor in the tenant's field catalog; closest: ${closest.map((n) => `lead.${n}`).join(', ')}`,
            zh: `未知的线索字段 "${path}"：既不是内置字段，也不在租户的字段目录中；最接近的：${closest.map((n) => `lead.${n}`).join('、')}`,
          },
    },
  };
}

/** `lead.<field> <operator> <value>`: the operator suits the field's type, the value its type and allowed values. */
export function checkComparison(field: ResolvedLeadField, operator: string, value: ConditionValue): LeadFieldProblem[] {
  const f = `lead.${field.name}`;
  const is = { en: `${f} is ${a(field.type)} field`, zh: `${f} 是${TYPE_ZH[field.type]}字段` };
  const refuse = (en: string, zh: string): LeadFieldProblem[] => [
    { code: 'leadFieldType', at: 'operator', message: { en: `${is.en}; ${en}`, zh: `${is.zh}，${zh}` } },
  ];
  if (operator === 'exists') return [];
  const isList = field.type === 'string[]';
  if (NUMERIC.has(operator) && field.type !== 'number') return refuse(`"${operator}" compares numbers`, `"${operator}" 只能比较数字`);
  if (TEXT.has(operator) && !isText(field.type)) return refuse(`"${operator}" compares text`, `"${operator}" 只能比较文本`);
  if (LIST.has(operator) && !isList) return refuse(`"${operator}" needs a list field; use equal or in`, `"${operator}" 需要列表字段，请用 equal 或 in`);
  if (!LIST.has(operator) && isList && operator !== 'exists')
    return refuse(`a list; use contains or doesNotContain`, `是列表，请用 contains 或 doesNotContain`);
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return []; // another fact: its own type is its own
  if (Array.isArray(value)) return value.flatMap((v, i) => checkValue(field, v, `value[${i}]`));
  if (TEXT.has(operator) || NUMERIC.has(operator)) return [];
  return checkValue(field, value, 'value');
}

/** One value a field is compared with (a condition's value, a switch case's value). */
export function checkValue(field: ResolvedLeadField, value: unknown, at: string): LeadFieldProblem[] {
  if (value === null) return [];
  const f = `lead.${field.name}`;
  const want = field.type === 'number' ? 'number' : field.type === 'boolean' ? 'boolean' : 'string';
  if (typeof value !== want) {
    return [
      {
        code: 'leadFieldType',
        at,
        message: {
          en: `${f} is ${a(field.type)} field; ${JSON.stringify(value)} is a ${typeof value}`,
          zh: `${f} 是${TYPE_ZH[field.type]}字段，${JSON.stringify(value)} 是${typeof value === 'number' ? '数字' : typeof value === 'boolean' ? '布尔值' : '文本'}`,
        },
      },
    ];
  }
  if (!field.values || typeof value !== 'string' || field.values.some((v) => v.value === value)) return [];
  const allowed = field.values.map((v) => v.value);
  const shown = allowed.slice(0, SHOWN_VALUES);
  const more = allowed.length > shown.length;
  const near = didYouMean(value, allowed);
  return [
    {
      code: 'leadFieldValue',
      at,
      message: {
        en: `"${value}" is not an allowed value of ${field.name} (${shown.join(', ')}${more ? ' …' : ''})${near ? ` — did you mean "${near}"?` : ''}`,
        zh: `"${value}" 不是 ${field.name}（${field.label.zh}）的可选值（${shown.join('、')}${more ? '……' : ''}）${near ? `——是否想写 "${near}"？` : ''}`,
      },
    },
  ];
}

/** A field counted in units (a score's points per visit) must hold a number. */
export function checkNumberField(field: ResolvedLeadField): LeadFieldProblem | undefined {
  if (field.type === 'number') return undefined;
  return {
    code: 'leadFieldType',
    at: '',
    message: {
      en: `lead.${field.name} is ${a(field.type)} field; points per unit need a number field`,
      zh: `lead.${field.name} 是${TYPE_ZH[field.type]}字段，按次计分需要数字字段`,
    },
  };
}

/** "a string", "an enum", "an instant". */
function a(type: LeadFieldType): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function isText(type: LeadFieldType): boolean {
  return type === 'string' || type === 'enum' || type === 'instant';
}

import type { RJSFSchema } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';

export interface SchemaError {
  /** Path inside the node's config, written like the compiler's fields: `condition.all[0].operator`. */
  path: string;
  message: { en: string; zh: string };
}

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

const TYPE_WORDS: Record<string, [string, string]> = {
  string: ['text', '文本'],
  number: ['a number', '数字'],
  integer: ['a whole number', '整数'],
  boolean: ['true or false', 'true 或 false'],
  array: ['a list', '列表'],
  object: ['an object', '对象'],
  null: ['null', 'null'],
};

const show = (v: unknown): string => JSON.stringify(v);

function words(e: AjvError): { en: string; zh: string } {
  const p = e.params;
  switch (e.keyword) {
    case 'required':
      return { en: `missing field "${String(p.missingProperty)}"`, zh: `缺少字段“${String(p.missingProperty)}”` };
    case 'additionalProperties':
      return { en: `unknown field "${String(p.additionalProperty)}"`, zh: `未知字段“${String(p.additionalProperty)}”` };
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).map(show).join(', ');
      return { en: `must be one of ${allowed}`, zh: `必须是以下之一：${allowed}` };
    }
    case 'const':
      return { en: `must be ${show(p.allowedValue)}`, zh: `必须是 ${show(p.allowedValue)}` };
    case 'type': {
      const types = String(p.type).split(',');
      return {
        en: `must be ${types.map((t) => TYPE_WORDS[t]?.[0] ?? t).join(' or ')}`,
        zh: `必须是${types.map((t) => TYPE_WORDS[t]?.[1] ?? t).join('或')}`,
      };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { en: `must be ${String(p.comparison)} ${String(p.limit)}`, zh: `必须 ${String(p.comparison)} ${String(p.limit)}` };
    case 'minItems':
      return { en: `needs at least ${String(p.limit)} item(s)`, zh: `至少需要 ${String(p.limit)} 项` };
    case 'minLength':
      return p.limit === 1
        ? { en: 'must not be empty', zh: '不能为空' }
        : { en: `needs at least ${String(p.limit)} characters`, zh: `至少需要 ${String(p.limit)} 个字符` };
    case 'anyOf':
    case 'oneOf':
      return { en: 'matches none of the allowed shapes', zh: '不符合任何允许的形式' };
    default:
      return { en: e.message ?? e.keyword, zh: `值无效（${e.message ?? e.keyword}）` };
  }
}

/** `/condition/all/0/operator` → `condition.all[0].operator`. */
function fieldPath(instancePath: string): string {
  return instancePath
    .split('/')
    .filter(Boolean)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((out, s) => (/^\d+$/.test(s) ? `${out}[${s}]` : out ? `${out}.${s}` : s), '');
}

/**
 * Checks one property of a node's config against the catalog's JSON Schema (the same schema the
 * form is drawn from). A value failing a choice of shapes (a condition: a leaf, all / any / not)
 * fails every branch; the deepest complaints are the ones about what the user meant, so only
 * those are kept.
 */
export function checkConfigField(rootSchema: RJSFSchema, name: string, value: unknown): SchemaError[] {
  const props = (rootSchema.properties ?? {}) as Record<string, RJSFSchema>;
  const own: RJSFSchema = { type: 'object', properties: { [name]: props[name] ?? {} } };
  if (rootSchema.$defs) own.$defs = rootSchema.$defs;
  if (rootSchema.definitions) own.definitions = rootSchema.definitions;
  const { errors, validationError } = validator.rawValidation<AjvError>(own, { [name]: value });
  if (validationError) return [{ path: name, message: { en: validationError.message, zh: `无法检查：${validationError.message}` } }];
  const all = (errors ?? []).filter((e) => e.keyword !== 'if');
  const specific = all.some((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf') ? all.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf') : all;
  const depth = (e: AjvError) => e.instancePath.split('/').length;
  const deepest = Math.max(0, ...specific.map(depth));
  const seen = new Set<string>();
  const out: SchemaError[] = [];
  for (const e of specific.filter((x) => depth(x) === deepest)) {
    const err = { path: fieldPath(e.instancePath) || name, message: words(e) };
    const key = `${err.path}\u0000${err.message.en}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(err);
  }
  return out;
}

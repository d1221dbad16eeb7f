import { inferredSchema, typesOf, type Schema, type Where } from './values.js';

/**
 * The operations and fields of the OpenAPI document, as the fuzzer walks them: every operation
 * with its path and query parameters and its JSON body schema, `$ref`s resolved.
 */

export interface Parameter {
  in: 'path' | 'query';
  name: string;
  required: boolean;
  schema: Schema;
}

export interface Operation {
  /** "POST /v1/decide": the document's path, with `{param}`s. */
  id: string;
  method: string;
  path: string;
  params: Parameter[];
  body: Schema | undefined;
}

/** One field a boundary value is tried in. */
export interface Field {
  where: Where;
  /** Keys from the body's root (or the parameter's name alone). */
  path: Array<string | number>;
  schema: Schema;
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

export function operationsOf(doc: Schema): Operation[] {
  const resolve = (s: unknown, seen = new Set<string>()): Schema => deref(doc, s, seen);
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<Schema>(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method] as Schema | undefined;
      if (!op) continue;
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])]
        .map((p) => resolve(p))
        .filter((p) => p.in === 'path' || p.in === 'query')
        .map((p) => ({ in: p.in, name: p.name, required: p.in === 'path' || p.required === true, schema: resolve(p.schema ?? {}) }));
      const requestBody = op.requestBody ? resolve(op.requestBody) : undefined;
      const body = requestBody?.content?.['application/json']?.schema;
      ops.push({ id: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path, params, body: body ? resolve(body) : undefined });
    }
  }
  return ops;
}

/** A schema with every `$ref` replaced by its target (a cycle is cut to `{}`). */
function deref(doc: Schema, s: unknown, seen: Set<string>): Schema {
  if (Array.isArray(s)) return s.map((x) => deref(doc, x, seen)) as unknown as Schema;
  if (s === null || typeof s !== 'object') return s as Schema;
  const ref = (s as Schema).$ref;
  if (typeof ref === 'string') {
    if (seen.has(ref) || !ref.startsWith('#/')) return {};
    const target = ref
      .slice(2)
      .split('/')
      .reduce<unknown>((at, k) => (at as Schema | undefined)?.[k.replaceAll('~1', '/').replaceAll('~0', '~')], doc);
    return deref(doc, target, new Set([...seen, ref]));
  }
  return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, deref(doc, v, seen)]));
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * An allOf folded into one schema (properties and required merged); a nullable union (`anyOf`
 * of one schema and `null`, as zod writes `.nullable()` of an object) as that one schema.
 */
function flat(s: Schema): Schema {
  const branches: Schema[] | undefined = s.anyOf ?? s.oneOf;
  const real = branches?.filter((b) => b.type !== 'null');
  if (real?.length === 1 && branches!.length === 2) return flat({ ...s, anyOf: undefined, oneOf: undefined, ...real[0] });
  if (!Array.isArray(s.allOf)) return s;
  const parts = s.allOf.map(flat);
  return {
    ...s,
    allOf: undefined,
    type: s.type ?? parts.find((p: Schema) => p.type)?.type,
    properties: Object.assign({}, ...parts.map((p: Schema) => p.properties ?? {}), s.properties ?? {}),
    required: [...new Set([...(s.required ?? []), ...parts.flatMap((p: Schema) => p.required ?? [])])],
  };
}

/**
 * Every field of a body, root first. Declared properties are walked whether or not the valid body
 * has them; an array's declared items through its first element; a subtree the document leaves
 * open (`{}`, e.g. a policy node's `data`) through the valid value's own leaves, in every element
 * (up to 10) of the arrays around it: what a node reads differs from node to node.
 */
export function bodyFields(schema: Schema, valid: unknown): Field[] {
  const out: Field[] = [];
  const walk = (raw: Schema, value: unknown, path: Array<string | number>, insideOpen: boolean, openOnly: boolean) => {
    const s = flat(raw);
    const open = insideOpen || (typesOf(s).length === 0 && !s.enum);
    if (open && value === undefined) return;
    const effective = open ? inferredSchema(value) : s;
    if (!openOnly || open) out.push({ where: 'body', path, schema: effective });
    // A map (`additionalProperties` and no properties, e.g. an event's `data`) is walked through its valid keys.
    const map = !open && !isObject(s.properties) && s.additionalProperties !== undefined && s.additionalProperties !== false && isObject(value);
    if (open || map ? isObject(value) : isObject(s.properties)) {
      const extra: Schema = isObject(s.additionalProperties) ? s.additionalProperties : {};
      const props: Record<string, Schema> =
        open || map ? Object.fromEntries(Object.keys(value as object).map((k) => [k, open ? {} : extra])) : (s.properties as Record<string, Schema>);
      for (const [k, sub] of Object.entries(props)) walk(sub, isObject(value) ? value[k] : undefined, [...path, k], open, openOnly);
    }
    if (open ? Array.isArray(value) : s.items && typesOf(s).includes('array')) {
      const elements = Array.isArray(value) && value.length > 0 ? value.slice(0, 10) : [undefined];
      elements.forEach((v, i) => walk(open ? {} : (s.items as Schema), v, [...path, i], open, openOnly || (i > 0 && !open)));
    }
  };
  walk(schema, valid, [], false, false);
  return out;
}

/** Reads the value at a path (undefined when a step is missing). */
export function valueAt(root: unknown, path: Array<string | number>): unknown {
  let v = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}

/** A copy of `root` with the value at `path` set (or removed, for `remove`), creating steps. */
export function withValueAt(root: unknown, path: Array<string | number>, value: unknown, remove: boolean): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const base: unknown = root !== null && typeof root === 'object' ? root : typeof head === 'number' ? [] : {};
  const copy = (Array.isArray(base) ? [...base] : { ...(base as object) }) as Record<string | number, unknown>;
  if (rest.length === 0 && remove) {
    if (Array.isArray(copy)) copy.splice(head as number, 1);
    else delete copy[head!];
    return copy;
  }
  copy[head!] = withValueAt(copy[head!], rest, value, remove);
  return copy;
}

/** The JSON path of a field as the server's errors write it: `$.items[0].id`, `query.limit`. */
export function fieldName(f: Pick<Field, 'where' | 'path'>): string {
  if (f.where !== 'body') return `${f.where}.${f.path.join('.')}`;
  return f.path.reduce<string>((out, k) => (typeof k === 'number' ? `${out}[${k}]` : `${out}.${k}`), '$');
}

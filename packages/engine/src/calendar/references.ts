/** One place a policy names a working-day calendar: which node, where in the document, which calendar. */
export interface CalendarReference {
  nodeId: string;
  /** JSON path from the document's root, e.g. `$.nodes[2].data.rules[0].calendar`. */
  path: string;
  calendarId: string;
}

/** Deeper than any node config goes; a document nested past it is refused elsewhere (body depth). */
const MAX_DEPTH = 64;

/**
 * Every calendar a policy names: a string `calendar` key anywhere in a node's config. The walk is
 * generic on purpose, so a node kind that gains a working-day clock is covered the day it lands,
 * and it takes a draft as stored (it may not compile yet), so nothing here assumes a shape.
 */
export function calendarReferences(policy: unknown): CalendarReference[] {
  const nodes = isRecord(policy) && Array.isArray(policy.nodes) ? policy.nodes : [];
  const out: CalendarReference[] = [];
  nodes.forEach((node, i) => {
    if (!isRecord(node) || typeof node.id !== 'string') return;
    const nodeId = node.id;
    walk(node.data, `$.nodes[${i}].data`, 0, (path, calendarId) => out.push({ nodeId, path, calendarId }));
  });
  return out;
}

function walk(value: unknown, path: string, depth: number, found: (path: string, calendarId: string) => void): void {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, `${path}[${i}]`, depth + 1, found));
    return;
  }
  for (const [key, v] of Object.entries(value)) {
    const at = `${path}${keyPath(key)}`;
    if (key === 'calendar' && typeof v === 'string') found(at, v);
    else walk(v, at, depth + 1, found);
  }
}

/** `.key` for a plain name, `["key"]` for anything else, so the path stays readable and exact. */
function keyPath(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

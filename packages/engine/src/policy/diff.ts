import type { FlowEdge, FlowNode, PolicyDocument } from '../types/policy.js';

/** One value that differs; `from` / `to` are absent when the field is added / removed. */
export interface PolicyFieldChange {
  field: string;
  from?: unknown;
  to?: unknown;
}

export interface PolicyEdgeRef {
  id: string;
  source: string;
  sourceHandle: string | null;
  target: string;
}

export interface PolicyDiff {
  metadata: PolicyFieldChange[];
  nodes: {
    added: Array<{ id: string; type: string; label?: string }>;
    removed: Array<{ id: string; type: string; label?: string }>;
    /** Same id, different kind, label or config: the config fields that changed, as paths under `data`. */
    changed: Array<{ id: string; type: string; changes: PolicyFieldChange[] }>;
    /** Only the position on the canvas changed: no effect on decisions. */
    moved: string[];
  };
  edges: { added: PolicyEdgeRef[]; removed: PolicyEdgeRef[] };
}

const METADATA = ['kind', 'name', 'description', 'trigger'] as const;

/**
 * What a reviewer needs to judge a change: which nodes came and went, which config fields moved,
 * which connections changed. Edges are compared by what they connect, not by their id: the editor
 * renames edges freely and a renamed edge changes no decision.
 */
export function diffPolicies(from: PolicyDocument, to: PolicyDocument): PolicyDiff {
  const metadata: PolicyFieldChange[] = [];
  for (const field of METADATA) diffValue(field, from[field], to[field], metadata);
  diffTests(from.tests ?? [], to.tests ?? [], metadata);

  const before = new Map(from.nodes.map((n) => [n.id, n]));
  const after = new Map(to.nodes.map((n) => [n.id, n]));
  const nodes: PolicyDiff['nodes'] = { added: [], removed: [], changed: [], moved: [] };
  for (const id of [...new Set([...before.keys(), ...after.keys()])].sort(cmp)) {
    const a = before.get(id);
    const b = after.get(id);
    if (!a) nodes.added.push(nodeRef(b!));
    else if (!b) nodes.removed.push(nodeRef(a));
    else {
      const changes: PolicyFieldChange[] = [];
      diffValue('type', a.type, b.type, changes);
      diffValue('label', a.label, b.label, changes);
      diffValue('data', a.data, b.data, changes);
      if (changes.length > 0) nodes.changed.push({ id, type: b.type, changes });
      else if (!same(a.position, b.position)) nodes.moved.push(id);
    }
  }

  const edgesBefore = new Map(from.edges.map((e) => [connection(e), e]));
  const edgesAfter = new Map(to.edges.map((e) => [connection(e), e]));
  const edges: PolicyDiff['edges'] = { added: [], removed: [] };
  for (const key of [...new Set([...edgesBefore.keys(), ...edgesAfter.keys()])].sort(cmp)) {
    const a = edgesBefore.get(key);
    const b = edgesAfter.get(key);
    if (!a) edges.added.push(edgeRef(b!));
    else if (!b) edges.removed.push(edgeRef(a));
  }
  return { metadata, nodes, edges };
}

export function isEmptyDiff(d: PolicyDiff): boolean {
  return (
    d.metadata.length +
      d.nodes.added.length +
      d.nodes.removed.length +
      d.nodes.changed.length +
      d.nodes.moved.length +
      d.edges.added.length +
      d.edges.removed.length ===
    0
  );
}

/** Metadata no decision reads: what the policy is called and described as, and its test cases. */
const WORDING = /^(name|description|tests)(\.|\[|$)/;

/**
 * Whether two versions can decide differently: anything but their wording (name, description,
 * node labels), their test cases and where nodes sit on the canvas. A simulation of one is then
 * evidence for the other (S31).
 */
export function changesDecisions(d: PolicyDiff): boolean {
  return (
    d.metadata.some((c) => !WORDING.test(c.field)) ||
    d.nodes.added.length + d.nodes.removed.length + d.edges.added.length + d.edges.removed.length > 0 ||
    d.nodes.changed.some((n) => n.changes.some((c) => c.field !== 'label'))
  );
}

/**
 * Test cases by id (a published version pins its cases, so changing them is a change to review):
 * a case added or removed is named, an edited one is compared leaf by leaf (`tests.<id>.when[1].expect.assignedTo`).
 */
function diffTests(from: readonly unknown[], to: readonly unknown[], out: PolicyFieldChange[]): void {
  const byId = (cases: readonly unknown[]) => new Map(cases.map((c, i) => [caseId(c, i), c]));
  const before = byId(from);
  const after = byId(to);
  for (const id of [...new Set([...before.keys(), ...after.keys()])].sort(cmp)) {
    const a = before.get(id);
    const b = after.get(id);
    if (a === undefined) out.push({ field: `tests.${id}`, to: caseName(b) });
    else if (b === undefined) out.push({ field: `tests.${id}`, from: caseName(a) });
    else diffValue(`tests.${id}`, a, b, out);
  }
}

function caseId(c: unknown, i: number): string {
  return isPlainObject(c) && typeof c.id === 'string' ? c.id : `#${i}`;
}

function caseName(c: unknown): unknown {
  return isPlainObject(c) && c.name !== undefined ? c.name : caseId(c, 0);
}

/** Leaf-level differences; arrays of equal length are compared element by element, others whole. */
function diffValue(field: string, a: unknown, b: unknown, out: PolicyFieldChange[]): void {
  if (same(a, b)) return;
  if (isPlainObject(a) && isPlainObject(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(cmp)) diffValue(`${field}.${k}`, a[k], b[k], out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((x, i) => diffValue(`${field}[${i}]`, x, b[i], out));
    return;
  }
  const change: PolicyFieldChange = { field };
  if (a !== undefined) change.from = a;
  if (b !== undefined) change.to = b;
  out.push(change);
}

function same(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/** JSON with sorted keys: two documents that differ only in key order are the same document. */
export function canonical(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isPlainObject(v)) {
    return `{${Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort(cmp)
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function nodeRef(n: FlowNode): { id: string; type: string; label?: string } {
  return n.label === undefined ? { id: n.id, type: n.type } : { id: n.id, type: n.type, label: n.label };
}

function edgeRef(e: FlowEdge): PolicyEdgeRef {
  return { id: e.id, source: e.source, sourceHandle: e.sourceHandle ?? null, target: e.target };
}

function connection(e: FlowEdge): string {
  return JSON.stringify([e.source, e.sourceHandle ?? null, e.target]);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

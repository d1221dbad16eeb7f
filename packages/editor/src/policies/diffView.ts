import { diffPolicies, type PolicyDiff, type PolicyDocument } from '@sluice/engine';

export type Mark = 'added' | 'removed' | 'changed';

export interface DiffView {
  diff: PolicyDiff;
  /** The newer document with the older one's removed nodes (and their edges) put back, to draw both at once. */
  doc: PolicyDocument;
  /** Node and edge id → how it changed; nodes only moved on the canvas are not marked (no effect on decisions). */
  marks: Record<string, Mark>;
}

/**
 * Two versions drawn as one canvas: what `to` has, plus what `from` had and `to` dropped, each
 * marked. Removed edges whose id `to` reuses for another connection get a distinct id.
 */
export function diffView(from: PolicyDocument, to: PolicyDocument): DiffView {
  const diff = diffPolicies(from, to);
  const marks: Record<string, Mark> = {};
  for (const n of diff.nodes.added) marks[n.id] = 'added';
  for (const n of diff.nodes.changed) marks[n.id] = 'changed';
  for (const n of diff.nodes.removed) marks[n.id] = 'removed';

  const removedNodes = new Set(diff.nodes.removed.map((n) => n.id));
  const nodes = [...to.nodes, ...from.nodes.filter((n) => removedNodes.has(n.id))];
  const edgeIds = new Set(to.edges.map((e) => e.id));
  const edges = [...to.edges];
  for (const e of diff.edges.added) marks[e.id] = 'added';
  for (const ref of diff.edges.removed) {
    const original = from.edges.find((e) => e.id === ref.id);
    if (!original) continue;
    let id = original.id;
    while (edgeIds.has(id)) id = `${id}~removed`;
    edgeIds.add(id);
    edges.push({ ...original, id });
    marks[id] = 'removed';
  }
  return { diff, doc: { ...to, nodes, edges }, marks };
}

/** One line per changed field, for the list beside the canvas: `rr · data.teams[1]: "sdr" → (none)`. */
export function changedFields(diff: PolicyDiff): Array<{ where: string; field: string; from: string; to: string }> {
  const text = (v: unknown) => (v === undefined ? '—' : JSON.stringify(v));
  const rows: Array<{ where: string; field: string; from: string; to: string }> = [];
  for (const m of diff.metadata) rows.push({ where: '', field: m.field, from: text(m.from), to: text(m.to) });
  for (const n of diff.nodes.changed) for (const c of n.changes) rows.push({ where: n.id, field: c.field, from: text(c.from), to: text(c.to) });
  return rows;
}

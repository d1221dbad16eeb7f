import { defaultRegistry, describeNodeKinds, type NodeKindDescription } from '@sluice/engine';

/** Palette groups, in palette order: the engine's categories, with its "action" nodes split by what they act on. */
export const PALETTE_GROUPS = ['trigger', 'logic', 'scoring', 'assignment', 'action', 'reclaim', 'split', 'penalty'] as const;
export type PaletteGroup = (typeof PALETTE_GROUPS)[number];

/** Kind namespaces (the part before the dot) that get a group of their own instead of "action". */
const NAMESPACE_GROUP: Record<string, PaletteGroup> = { reclaim: 'reclaim', split: 'split', collab: 'split', override: 'split', penalty: 'penalty' };

export const KINDS: NodeKindDescription[] = describeNodeKinds(defaultRegistry);
const BY_KIND = new Map(KINDS.map((k) => [k.kind, k]));

/** Each group's colour: a node's left border on the canvas and its shape on the minimap. */
export const GROUP_COLOUR: Record<PaletteGroup, string> = {
  trigger: '#7c3aed',
  logic: '#0891b2',
  scoring: '#ca8a04',
  assignment: '#16a34a',
  action: '#475569',
  reclaim: '#dc2626',
  split: '#db2777',
  penalty: '#ea580c',
};
export const UNKNOWN_COLOUR = '#667085';

/** The colour of a node of this kind (unknown kinds grey). */
export function kindColour(kind: string): string {
  const info = BY_KIND.get(kind);
  return info ? GROUP_COLOUR[groupOf(info)] : UNKNOWN_COLOUR;
}

export function kindInfo(kind: string): NodeKindDescription | undefined {
  return BY_KIND.get(kind);
}

export function groupOf(d: Pick<NodeKindDescription, 'kind' | 'category'>): PaletteGroup {
  const ns = d.kind.split('.')[0] ?? '';
  return d.category === 'action' ? (NAMESPACE_GROUP[ns] ?? 'action') : d.category;
}

export function paletteGroups(): Array<{ group: PaletteGroup; kinds: NodeKindDescription[] }> {
  return PALETTE_GROUPS.map((group) => ({ group, kinds: KINDS.filter((k) => groupOf(k) === group) })).filter((g) => g.kinds.length > 0);
}

export interface OutputHandle {
  handle: string;
  labels: { en: string; zh: string };
}

/** Output handles for the node's actual config (a switch's follow its cases); the default config's when it does not parse. */
export function outputsOf(node: { type: string; data?: unknown }): OutputHandle[] {
  // Drawing asks again on every render; a config object is never mutated (edits copy), so its outputs can be kept.
  const key = node.data !== null && typeof node.data === 'object' ? node.data : undefined;
  const known = key ? OUTPUTS.get(key) : undefined;
  if (known && known.kind === node.type) return known.outputs;
  const outputs = computeOutputs(node);
  if (key) OUTPUTS.set(key, { kind: node.type, outputs });
  return outputs;
}

const OUTPUTS = new WeakMap<object, { kind: string; outputs: OutputHandle[] }>();

function computeOutputs(node: { type: string; data?: unknown }): OutputHandle[] {
  const spec = defaultRegistry.get(node.type);
  if (!spec) return [];
  const parsed = spec.schema.safeParse(node.data ?? {});
  if (parsed.success) {
    try {
      return spec.outputs(parsed.data);
    } catch {
      // fall through to the defaults
    }
  }
  return BY_KIND.get(node.type)?.outputs ?? [];
}

/** Whether anything can flow into the node: everything but the trigger. */
export const hasInput = (kind: string): boolean => BY_KIND.get(kind)?.category !== 'trigger';

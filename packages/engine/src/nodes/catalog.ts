import { z } from 'zod';
import type { NodeRegistry } from './registry.js';
import type { NodeCategory, OutputSpec } from '../types/nodeSpec.js';
import type { Labels } from '../types/decision.js';
import { labelSharedOptions } from './optionLabels.js';

export interface NodeKindDescription {
  kind: string;
  category: NodeCategory;
  labels: Labels;
  help: Labels;
  /**
   * JSON Schema of the node's config: the editor's inspector form is generated from it. Every
   * `enum` carries `optionLabels` ({ value: { en, zh } }), the words its options are shown in.
   */
  configSchema: unknown;
  defaults: unknown;
  /** Output handles of a node with the default config (a switch's grow with its cases). */
  outputs: OutputSpec[];
  outcomeHandles: boolean;
}

/** What the editor needs to draw its palette and inspector, straight from the registry. */
export function describeNodeKinds(registry: NodeRegistry): NodeKindDescription[] {
  return registry.list().map((spec) => {
    const parsed = spec.schema.safeParse(spec.defaults);
    const configSchema = z.toJSONSchema(spec.schema, { io: 'input', unrepresentable: 'any' });
    labelSharedOptions(configSchema);
    return {
      kind: spec.kind,
      category: spec.category,
      labels: spec.labels,
      help: spec.help,
      configSchema,
      defaults: spec.defaults,
      outputs: parsed.success ? spec.outputs(parsed.data) : [],
      outcomeHandles: spec.outcomeHandles === true,
    };
  });
}

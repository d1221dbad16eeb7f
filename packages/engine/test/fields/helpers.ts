import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLES_DIR } from '@sluice/examples';
import { leadFieldCatalogSchema, type LeadField, type PolicyDocumentInput } from '../../src/index.js';

export type NodeInput = PolicyDocumentInput['nodes'][number];
export type EdgeInput = PolicyDocumentInput['edges'][number];

/** The seed catalog as the CRM would sync it: examples/fields.json. */
export function exampleFields(): LeadField[] {
  return leadFieldCatalogSchema.parse(JSON.parse(readFileSync(join(EXAMPLES_DIR, 'fields.json'), 'utf8')));
}

export const T: NodeInput = { id: 't', type: 'trigger', data: { events: ['lead.created'] } };
export const notify = (id: string): NodeInput => ({ id, type: 'notify', data: { to: [{ kind: 'team', id: 'ae' }], message: { en: id, zh: `通知 ${id}` } } });
export const e = (id: string, source: string, target: string, sourceHandle?: string): EdgeInput => ({
  id,
  source,
  target,
  ...(sourceHandle ? { sourceHandle } : {}),
});

/** trigger → condition `c` → yes / no. */
export function conditionPolicy(condition: unknown): PolicyDocumentInput {
  return {
    key: 'test',
    kind: 'routing',
    name: 'test',
    nodes: [T, { id: 'c', type: 'condition', data: { condition } } as NodeInput, notify('yes'), notify('no')],
    edges: [e('e1', 't', 'c'), e('e2', 'c', 'yes', 'true'), e('e3', 'c', 'no', 'false')],
  };
}

/** A tenant whose regions are named in Chinese: more than six, so a message shows six and "…". */
export const REGIONS: LeadField = {
  name: 'region',
  type: 'enum',
  values: ['华东', '华南', '华北', '华中', '西南', '西北', '东北'],
  label: { en: 'Region', zh: '区域' },
};
export const BUDGET: LeadField = { name: 'budget', type: 'number', label: { en: 'Budget', zh: '预算' } };
export const NEEDS: LeadField = { name: 'needs', type: 'string[]', values: ['sap', 'plc'], label: { en: 'Needs', zh: '需求' } };
export const CATALOG: LeadField[] = [REGIONS, BUDGET, NEEDS];

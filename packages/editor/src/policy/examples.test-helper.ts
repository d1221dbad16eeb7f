import type { PolicyDocument } from '@sluice/engine';

/** The example policies of the fixture corpus (examples/policies), for tests only. */
export const EXAMPLE_POLICIES: Record<string, PolicyDocument> = Object.fromEntries(
  Object.entries(import.meta.glob<PolicyDocument>('../../../../examples/policies/*.json', { eager: true, import: 'default' })).map(([p, d]) => [
    p.split('/').pop()!.replace('.json', ''),
    d,
  ]),
);

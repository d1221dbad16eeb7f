import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { defaultRegistry, describeNodeKinds, policyJsonSchema } from '../src/index.js';
import { examplePolicy, listExamples } from '@sluice/examples';

describe('the registry as the editor sees it', () => {
  const kinds = describeNodeKinds(defaultRegistry);

  it('describes every node kind with both languages, a config schema and defaults that validate', () => {
    expect(kinds.length).toBe(defaultRegistry.list().length);
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    for (const k of kinds) {
      expect(k.labels.en.length, k.kind).toBeGreaterThan(0);
      expect(k.labels.zh, k.kind).toMatch(/[\u4e00-\u9fff]/);
      expect(k.help.zh, k.kind).toMatch(/[\u4e00-\u9fff]/);
      const validate = ajv.compile(k.configSchema as object);
      expect(validate(k.defaults), `${k.kind}: ${JSON.stringify(validate.errors)}`).toBe(true);
      // The same defaults pass the zod schema the compiler uses.
      expect(defaultRegistry.get(k.kind)!.schema.safeParse(k.defaults).success, k.kind).toBe(true);
    }
    expect(kinds.find((k) => k.kind === 'condition')!.outputs.map((o) => o.handle)).toEqual(['true', 'false']);
    expect(kinds.find((k) => k.kind === 'assign.roundRobin')!.outcomeHandles).toBe(true);
  });

  it('exports a JSON Schema that every example policy satisfies and a broken one does not', () => {
    // Formats (date-time of a test case's instants) are left to zod, as before: ajv would only warn it does not know them.
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    const validate = ajv.compile(policyJsonSchema() as object);
    for (const name of listExamples('policies')) {
      expect(validate(examplePolicy(name)), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    expect(validate({ key: 'Bad Key', kind: 'routing', name: 'x', nodes: [], edges: [] })).toBe(false);
    expect(validate.errors!.map((e) => e.instancePath)).toContain('/key');
    expect(validate({ key: 'ok', kind: 'teleport', name: 'x', nodes: [], edges: [] })).toBe(false);
  });
});

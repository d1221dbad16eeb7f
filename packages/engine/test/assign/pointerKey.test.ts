/**
 * A turn-taking node's pointer key is kept per node configuration (assignment/assign.ts): the key
 * kept must still be `<policy>/<node>` of the decision asking, should one configuration object ever
 * serve two policies or two nodes.
 */
import { describe, expect, it } from 'vitest';
import { pointerKey } from '../../src/assignment/assign.js';
import type { ExecContext } from '../../src/types/nodeSpec.js';

const ctx = (policyKey: string) => ({ policyKey }) as unknown as ExecContext;

describe('pointerKey', () => {
  it('is <policy>/<node> of the decision asking, kept or not', () => {
    const config = {};
    expect(pointerKey(ctx('rr'), 'pick', config)).toBe('rr/pick');
    expect(pointerKey(ctx('rr'), 'pick', config)).toBe('rr/pick');
    expect(pointerKey(ctx('other'), 'pick', config)).toBe('other/pick');
    expect(pointerKey(ctx('other'), 'next', config)).toBe('other/next');
    expect(pointerKey(ctx('rr'), 'pick', {})).toBe('rr/pick');
  });
});

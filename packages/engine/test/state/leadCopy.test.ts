// A lead copy (withFields) is made in a function-built object for its layout (room for 20 fields
// in the object itself): it must stay a plain object in every way a caller can see — the fields
// of `{ ...lead, ...fields }` in Object.assign's order, Object.prototype, nothing of the builder.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InMemoryState, type Lead } from '../../src/index.js';
import { withFields } from '../../src/state/leadCopy.js';
import { snapshot } from '../step/fixtures.js';

const field = fc.constantFrom('region', 'grade', 'ownerId', 'poolId', 'status', 'stage', 'lastActivityAt', 'f0', 'f19', 'constructor', 'x');
const value = fc.oneof(fc.string({ maxLength: 3 }), fc.integer(), fc.constant(null));

describe('withFields', () => {
  it('gives what Object.assign({}, lead, fields) gives: same keys in the same order, a plain object', () => {
    fc.assert(
      fc.property(fc.dictionary(field, value, { noNullPrototype: true }), fc.dictionary(field, value, { noNullPrototype: true }), (extra, fields) => {
        const lead = { id: 'L1', ...extra } as Lead;
        const copy = withFields(lead, fields as Partial<Lead>);
        const plain = Object.assign({}, lead, fields);
        expect(Object.keys(copy)).toEqual(Object.keys(plain));
        expect(copy).toStrictEqual(plain);
        expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
        if (!Object.hasOwn(plain, 'constructor')) expect(copy.constructor).toBe(Object);
        expect(JSON.stringify(copy)).toBe(JSON.stringify(plain));
        expect(copy).not.toBe(lead);
      }),
      { seed: 20261206, numRuns: 300 },
    );
  });

  it('a copy of no fields is a fresh plain copy; its room is never fields of its own', () => {
    const lead: Lead = { id: 'L2', company: 'Acme' };
    const copy = withFields(lead);
    expect(copy).toStrictEqual({ id: 'L2', company: 'Acme' });
    expect(Object.keys(copy)).toEqual(['id', 'company']);
    expect('f0' in copy || 'f19' in copy).toBe(false);
    expect(`${Object.prototype.toString.call(copy)}`).toBe('[object Object]');
  });

  it('the state stores plain leads: what lead() answers equals the data sent, field for field', () => {
    const state = InMemoryState.from(snapshot()).editLeadsInPlace();
    const sent: Lead = { id: 'L3', company: 'Beta', grade: 'A' };
    state.upsertLead(sent);
    const stored = state.lead('L3')!;
    expect(stored).not.toBe(sent);
    expect(stored).toStrictEqual(sent);
    expect(Object.getPrototypeOf(stored)).toBe(Object.prototype);
    expect(stored.constructor).toBe(Object);
    expect(Object.keys(stored)).toEqual(['id', 'company', 'grade']);
  });
});

import { describe, expect, it } from 'vitest';
import { LeadIndex } from './leadIndex.js';

describe('LeadIndex', () => {
  it('finds every place by its id, refuses an id twice, and knows no other id', () => {
    const ids: string[] = [];
    const index = new LeadIndex(ids, 30_000);
    // Ids that differ in their last digits only, others in their first, and ones of other lengths and scripts.
    for (let n = 0; n < 10_000; n++) ids.push(`L-${String(n).padStart(6, '0')}`);
    for (let n = 0; n < 10_000; n++) ids.push(`${n}-x`);
    for (let n = 0; n < 5_000; n++) ids.push(`线索-${n}${'y'.repeat(n % 40)}`);
    ids.push('');
    for (let t = 0; t < ids.length; t++) expect(index.add(t)).toBe(true);
    for (let t = 0; t < ids.length; t++) expect(index.get(ids[t]!)).toBe(t);
    // A copy of an id (another string with the same text) is the same id.
    expect(index.get(`L-${String(42).padStart(6, '0')}`.slice(0))).toBe(42);
    for (const unknown of ['L-010000', 'L-00000', 'x', '线索-']) expect(index.get(unknown)).toBeUndefined();
    ids.push('L-000007');
    expect(index.add(ids.length - 1)).toBe(false);
    expect(index.get('L-000007')).toBe(7);
  });
});

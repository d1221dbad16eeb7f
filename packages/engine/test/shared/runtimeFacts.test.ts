/** One list of the facts a decision writes as it runs, read by both the compiler and the run. */
import { describe, expect, it } from 'vitest';
import { FACT_ROOTS, RUNTIME_FACT_ROOTS, SCALAR_FACT_ROOTS, checkFactPath } from '../../src/index.js';

describe('runtime facts', () => {
  it('are score, grade, stage and node outcomes; the first three are single values', () => {
    expect([...RUNTIME_FACT_ROOTS]).toEqual(['score', 'grade', 'stage', 'outcome']);
    expect([...SCALAR_FACT_ROOTS]).toEqual(['score', 'grade', 'stage']);
    for (const root of RUNTIME_FACT_ROOTS) expect(FACT_ROOTS).toContain(root);
  });

  it('a single-value runtime fact takes no sub-path; an outcome needs the node id', () => {
    for (const root of SCALAR_FACT_ROOTS) {
      expect(checkFactPath(root)).toBeUndefined();
      expect(checkFactPath(`${root}.x`)?.message.en).toBe(`"${root}" is a single value and has no sub-path`);
    }
    expect(checkFactPath('outcome')?.message.en).toBe('"outcome" needs a field, e.g. outcome.region');
    expect(checkFactPath('outcome.rr')).toBeUndefined();
  });
});

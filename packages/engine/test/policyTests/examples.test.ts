import { examplePolicy, listExamples } from '@sluice/examples';
import { describe, expect, it } from 'vitest';
import { runPolicyTests } from '../../src/index.js';

// One corpus: every example policy's pinned cases run here, so a conversion is covered once it lands.
const withTests = listExamples('policies').filter((name) => Array.isArray((examplePolicy(name) as { tests?: unknown }).tests));

describe('example policies pass their own test cases', () => {
  it('at least the two converted examples carry cases', () => {
    expect(withTests).toEqual(expect.arrayContaining(['s06-round-robin', 's16-reclaim-rules']));
  });

  it.each(withTests)('%s', (name) => {
    const run = runPolicyTests(examplePolicy(name));
    const failures = run.cases.flatMap((c) => [
      ...(c.error ? [`${c.id}: ${c.error.message.en}`] : []),
      ...c.expectations.filter((e) => !e.passed).map((e) => `${c.id} ${e.path}: ${e.reason.en}`),
    ]);
    expect(failures).toEqual([]);
    expect(run.passed).toBe(true);
    expect(run.counts.cases).toBeGreaterThan(0);
  });
});

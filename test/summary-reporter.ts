import type { Reporter, TestModule } from 'vitest/node';

/**
 * Adds one plain closing line ("Sluice: N passed, N failed, N skipped") after vitest's own
 * summary, so CI logs say in one line how many tests ran.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of testModules) {
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      if (mod.state() === 'failed' && [...mod.children.allTests()].length === 0) failed++;
    }
    process.stdout.write(`\nSluice: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}

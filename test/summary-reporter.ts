import { relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

/** How many files the closing list names: enough to show where the time goes without flooding the log. */
const SLOWEST = 20;

/**
 * Adds, after vitest's own summary, the slowest test files with their durations (so every CI log says
 * where the time goes) and one plain closing line ("Sluice: N passed, N failed, N skipped"), so CI logs
 * say in one line how many tests ran.
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
    process.stdout.write(slowestFiles(testModules));
    process.stdout.write(`\nSluice: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}

/**
 * The slowest files, each with the wall time its worker spent on it: importing the module (collect),
 * its setup files and its tests and hooks. Environment setup is left out: it is shared per worker.
 */
export function slowestFiles(testModules: ReadonlyArray<TestModule>, count = SLOWEST): string {
  const rows = testModules
    .map((mod) => {
      const d = mod.diagnostic();
      return {
        file: relative(process.cwd(), mod.moduleId).replaceAll('\\', '/'),
        project: mod.project.name,
        ms: d.collectDuration + d.setupDuration + d.duration,
      };
    })
    .sort((a, b) => b.ms - a.ms)
    .slice(0, count);
  if (rows.length === 0) return '';
  const lines = rows.map((r) => `${(r.ms / 1000).toFixed(1).padStart(7)} s  ${r.file}${r.project ? ` [${r.project}]` : ''}`);
  return `\nSluice: slowest ${rows.length} test files\n${lines.join('\n')}\n`;
}

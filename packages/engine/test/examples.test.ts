import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { examplePolicy, exampleState, exampleTimeline, listExamples } from '@sluice/examples';
import { compilePolicy, eventSchema, stateSnapshotSchema } from '../src/index.js';

// The fixture corpus stays honest: every policy compiles, and every policy is exercised somewhere.
const here = dirname(fileURLToPath(import.meta.url));
const scenarioDir = join(here, 'scenarios');
const benchDir = join(here, '..', 'bench');

/** Policies that exist for the benchmarks rather than for one scenario; the bench must still load them. */
const BENCHMARK_FIXTURES = ['bench-routing-20'];
/** Points tables that go with an example export (examples/exports): the export's test in examples/generator loads them. */
const EXPORT_FIXTURES = ['marketing-points'];
const generatorDir = join(here, '..', '..', '..', 'examples', 'generator');

const policies = listExamples('policies');

/** Example policies about one feature rather than one scenario, and the test file that loads each. */
const FEATURE_TESTS: Record<string, string> = { 'smart-score-routing': join(here, 'scoreModel', 'example.test.ts') };

/** `s06-round-robin` → `scenarios/s06.test.ts`. */
const scenarioTestOf = (name: string): string | undefined => {
  if (FEATURE_TESTS[name]) return FEATURE_TESTS[name];
  const m = /^(s\d{2})-/.exec(name);
  return m ? join(scenarioDir, `${m[1]}.test.ts`) : undefined;
};

describe('examples corpus', () => {
  it('has policies to check', () => {
    expect(policies).toContain('s06-round-robin');
    expect(policies.length).toBeGreaterThanOrEqual(8);
  });

  it.each(policies)('policy %s compiles, and its key is its file name', (name) => {
    const result = compilePolicy(examplePolicy(name));
    if (!result.ok) expect.fail(`${name}: ${JSON.stringify(result.errors, null, 2)}`);
    expect(result.policy.key).toBe(name);
  });

  it.each(policies)('policy %s has a scenario test that loads it, or is a benchmark or export fixture that is loaded', (name) => {
    if (BENCHMARK_FIXTURES.includes(name)) {
      const benchSources = existsSync(benchDir)
        ? readdirSync(benchDir)
            .filter((f) => f.endsWith('.ts'))
            .map((f) => readFileSync(join(benchDir, f), 'utf8'))
        : [];
      expect(
        benchSources.some((src) => src.includes(`'${name}'`)),
        `no file in packages/engine/bench loads ${name}`,
      ).toBe(true);
      return;
    }
    if (EXPORT_FIXTURES.includes(name)) {
      const tests = readdirSync(generatorDir).filter((f) => f.endsWith('.test.ts'));
      expect(
        tests.some((f) => readFileSync(join(generatorDir, f), 'utf8').includes(`'${name}'`)),
        `no test in examples/generator loads ${name}`,
      ).toBe(true);
      return;
    }
    const file = scenarioTestOf(name);
    expect(file, `${name} is neither named sNN-… nor listed as a benchmark fixture`).toBeDefined();
    expect(existsSync(file!), `missing ${file}`).toBe(true);
    expect(readFileSync(file!, 'utf8'), `${file} never loads ${name}`).toContain(`'${name}'`);
  });

  it.each(listExamples('states'))('state %s is a valid snapshot', (name) => {
    expect(() => stateSnapshotSchema.parse(exampleState(name))).not.toThrow();
  });

  it.each(listExamples('timelines'))('timeline %s holds valid events in time order', (name) => {
    const events = (exampleTimeline(name) as { events: unknown[] }).events.map((e) => eventSchema.parse(e));
    expect(events.length).toBeGreaterThan(0);
    const times = events.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it('a benchmark fixture listed here exists', () => {
    for (const name of BENCHMARK_FIXTURES) expect(policies).toContain(name);
  });
});

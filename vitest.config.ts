import { availableParallelism } from 'node:os';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Three projects: what runs in Node (CLI, server, browser end-to-end tests that drive Chromium from Node,
// examples), the pure packages (engine, simulator) in Node without a process per file, and the editor's
// component tests in a DOM implementation (happy-dom).
const PURE = [
  'packages/engine/src/**/*.test.ts',
  'packages/engine/test/**/*.test.ts',
  'packages/simulator/src/**/*.test.ts',
  'packages/simulator/test/**/*.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    // Vitest's default is one worker fewer than the cores: on CI's 2 cores, one test file at a time,
    // and the second core idled whenever that file computed in its own process (PGlite, the engine,
    // the simulator) or waited on a child, a browser or a timer. Two files at once keep both busy.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    reporters: ['default', './test/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'examples/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/node_modules/**', 'packages/editor/src/**', ...PURE],
          globalSetup: ['./test/global-setup.ts'],
          // Simulations and trainings started by the tests run at the tests' own priority: at the
          // server's default nice 10 a training waited for every busier process (the other worker,
          // Chromium, PostgreSQL), and its test with it. simulation-process.test.ts checks the default.
          env: { SLUICE_SIMULATION_NICE: '0' },
        },
      },
      {
        extends: true,
        test: {
          name: 'pure',
          include: PURE,
          exclude: ['**/node_modules/**'],
          // The engine and the simulator are pure (no I/O, clock or globals; their tests mock nothing), so
          // their files can share a worker's loaded modules: a fresh process per file spent about 1 CPU-second
          // importing the engine again, more than most of these files take to run (30 of them: 51 → 20 CPU-s).
          isolate: false,
        },
      },
      {
        extends: true,
        plugins: [react()],
        test: {
          name: 'editor',
          root: './packages/editor',
          include: ['src/**/*.test.{ts,tsx}'],
          exclude: ['**/node_modules/**'],
          environment: 'happy-dom',
        },
      },
    ],
  },
});

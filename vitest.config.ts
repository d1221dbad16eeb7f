import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Two projects: everything that runs in Node (engine, CLI, server, browser end-to-end tests that drive
// Chromium from Node), and the editor's component tests in a DOM implementation (happy-dom).
export default defineConfig({
  test: {
    testTimeout: 30_000,
    reporters: ['default', './test/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'examples/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/node_modules/**', 'packages/editor/src/**'],
          globalSetup: ['./test/global-setup.ts'],
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

import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 60_000,
    // a database or a browser started in beforeAll on a slow, busy machine takes more than the default 10 s
    hookTimeout: 60_000,
    // Vitest's default (CPUs − 1) runs one file at a time on a two-core machine; most of a browser or server
    // test is waiting on another process, so two files at once take two thirds of the time there (CI's budget).
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});

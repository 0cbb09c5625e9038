import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 60_000,
    // a database or a browser started in beforeAll on a slow, busy machine takes more than the default 10 s
    hookTimeout: 60_000,
  },
});

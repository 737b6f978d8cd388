import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@fpml/source'] },
  ssr: { resolve: { conditions: ['@fpml/source'] } },
  test: {
    include: ['src/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

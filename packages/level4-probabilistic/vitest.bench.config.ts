import { defineConfig } from 'vitest/config';

/** `pnpm bench`: bench/*.bench.ts run one file at a time so timings do not compete. */
export default defineConfig({
  resolve: { conditions: ['@fpml/source'] },
  ssr: { resolve: { conditions: ['@fpml/source'] } },
  test: {
    include: ['bench/**/*.bench.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 600_000,
  },
});

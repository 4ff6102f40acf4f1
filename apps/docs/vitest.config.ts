import { defineProject } from 'vitest/config';

/** The docs site's tests: pure helpers, the generated references, and the built site in Chromium. */
export default defineProject({
  resolve: { conditions: ['@lmkit/source'] },
  test: {
    name: 'docs',
    include: ['test/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});

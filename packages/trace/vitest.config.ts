import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@lmkit/source'] },
  ssr: { resolve: { conditions: ['@lmkit/source'] } },
  test: {
    name: 'trace',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The sandbox worker is plain JS from dist/: build it first when src/ is newer.
    globalSetup: ['./test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});

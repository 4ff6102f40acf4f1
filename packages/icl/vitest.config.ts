import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@lmkit/source'] },
  ssr: { resolve: { conditions: ['@lmkit/source'] } },
  test: { name: 'icl', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 },
});

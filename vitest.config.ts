import { defineConfig } from 'vitest/config';

/**
 * One vitest run over every workspace project. Packages resolve each other through the
 * `@lmkit/source` export condition, so tests run against `src/` without a build.
 */
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/cli', 'apps/docs'],
  },
});

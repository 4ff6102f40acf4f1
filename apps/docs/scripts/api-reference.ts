import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Application, Converter, ReflectionKind } from 'typedoc';
import { appDir, docsDir, repoDir } from './paths.js';

/** The packages documented, in sidebar order. */
export const API_PACKAGES = ['tensor', 'xpos', 'trace', 'picl', 'icl'] as const;

/**
 * Generates docs/reference/api/ from the packages' TypeScript and JSDoc with typedoc and
 * typedoc-plugin-markdown: one folder per package (`api/<name>/index.md`), browser entry points only.
 */
export async function writeApiReference(): Promise<{ packages: string[]; warnings: number }> {
  const out = join(docsDir, 'reference', 'api');
  rmSync(out, { recursive: true, force: true });
  const present = API_PACKAGES.filter((p) => existsSync(join(repoDir, 'packages', p, 'src', 'index.ts')));
  const app = await Application.bootstrapWithPlugins({
    entryPoints: present.map((p) => join(repoDir, 'packages', p, 'src', 'index.ts')),
    tsconfig: join(appDir, 'tsconfig.typedoc.json'),
    plugin: ['typedoc-plugin-markdown'],
    out,
    name: 'API reference',
    readme: 'none',
    entryFileName: 'index',
    // One page per package keeps the site small and every page testable in a browser.
    outputFileStrategy: 'modules',
    hidePageHeader: true,
    hideBreadcrumbs: true,
    excludePrivate: true,
    excludeInternal: true,
    excludeExternals: true,
    skipErrorChecking: true,
    validation: { notExported: false, invalidLink: false, notDocumented: false },
    logLevel: 'Error',
    sanitizeComments: true,
  } as Record<string, unknown>);
  // Name each module after its package (typedoc would call it `xpos/src`).
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (ctx) => {
    for (const mod of ctx.project.getReflectionsByKind(ReflectionKind.Module)) {
      const m = /^(\w+)\/src$/.exec(mod.name);
      if (m) mod.name = `@lmkit/${m[1]}`;
    }
  });
  const project = await app.convert();
  if (!project) throw new Error('typedoc could not convert the packages (see the errors above)');
  await app.outputs.writeOutputs(project);
  return { packages: [...present], warnings: app.logger.warningCount };
}

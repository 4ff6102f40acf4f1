import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM build script without type declarations
import { compileKernels, renderModule } from '../../../kernels/build.mjs';

describe('kernels-binary.ts', () => {
  it('is what kernels/build.mjs compiles from the AssemblyScript sources today', async () => {
    const fresh = renderModule(await compileKernels()) as string;
    const committed = readFileSync(new URL('./kernels-binary.ts', import.meta.url), 'utf8');
    expect(committed).toBe(fresh);
  }, 60_000);
});

import { mkdtempSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/** Creates a fresh temporary folder `lmkit-<prefix>-XXXXXX` now and returns its path (the caller removes it). */
export function makeTempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `lmkit-${prefix}-`));
}

/**
 * A fresh temporary folder for the test file: created before its tests, removed after them.
 * Returns a getter (the folder exists only once `beforeAll` has run).
 */
export function useTempDir(prefix: string): () => string {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), `lmkit-${prefix}-`));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return () => dir;
}

import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init.js';
import { restoreModel } from '../checkpoint/restore.js';
import { Transformer } from '../model/transformer.js';
import { loadCheckpoint, saveCheckpoint } from './checkpoint-file.js';

beforeAll(async () => {
  await initBackend();
});

describe('checkpoint files', () => {
  it('saves atomically and loads back', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lmkit-ckpt-'));
    const file = path.join(dir, 'm.lmkit');
    const model = new Transformer({ vocabSize: 5, dModel: 8, numHeads: 2, numLayers: 1 });
    await saveCheckpoint(file, { model, extra: { n: 1 } });
    await saveCheckpoint(file, { model, extra: { n: 2 } });
    expect(readdirSync(dir)).toEqual(['m.lmkit']);
    const decoded = await loadCheckpoint(file);
    expect(decoded.header.extra).toEqual({ n: 2 });
    const copy = restoreModel(decoded);
    expect(Array.from(copy.variable('wte').dataSync())).toEqual(Array.from(model.variable('wte').dataSync()));
    model.dispose();
    copy.dispose();
  });

  it('names a missing or corrupt file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lmkit-ckpt-'));
    await expect(loadCheckpoint(path.join(dir, 'nope.lmkit'))).rejects.toMatchObject({ code: 'LMKIT_MISSING_FILE' });
    writeFileSync(path.join(dir, 'junk.lmkit'), 'hello, this is not a checkpoint');
    await expect(loadCheckpoint(path.join(dir, 'junk.lmkit'))).rejects.toMatchObject({
      code: 'LMKIT_BAD_CHECKPOINT',
      message: expect.stringContaining('junk.lmkit'),
    });
  });
});

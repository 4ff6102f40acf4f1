import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init.js';
import { isLmkitError } from '../errors.js';
import { Transformer } from '../model/transformer.js';
import type { PositionEncoding } from '../position/types.js';
import { CharTokenizer } from '../tokenize/char.js';
import { sampleLmBatch } from '../train/batches.js';
import { Trainer } from '../train/trainer.js';
import { decodeCheckpoint } from './decode.js';
import { encodeCheckpoint } from './encode.js';
import { restoreModel, restoreTokenizer, restoreTrainer } from './restore.js';

beforeAll(async () => {
  await initBackend();
});

const config = { vocabSize: 11, dModel: 16, numHeads: 2, numLayers: 1, seed: 3 };
const tokens = Array.from({ length: 300 }, (_, i) => (i * 7 + (i % 3)) % 11);

function badCode(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return isLmkitError(e) ? `${e.code}: ${e.message}` : `other: ${String(e)}`;
  }
  return 'no error';
}

describe('checkpoints', () => {
  it('round-trip parameters, config and tokenizer exactly', () => {
    const model = new Transformer(config);
    const tok = CharTokenizer.fromText('hello world');
    const bytes = encodeCheckpoint({ model, tokenizer: tok, extra: { corpus: 'x' } });
    const decoded = decodeCheckpoint(bytes);
    expect(decoded.header.extra).toEqual({ corpus: 'x' });
    expect(decoded.header.trainer).toBeNull();
    const copy = restoreModel(decoded);
    for (const [name, v] of model.namedVariables()) {
      expect(Array.from(copy.variable(name).dataSync())).toEqual(Array.from(v.dataSync()));
    }
    expect(restoreTokenizer(decoded)!.encode('held')).toEqual(tok.encode('held'));
    model.dispose();
    copy.dispose();
  });

  it('rejects truncated, corrupt and foreign bytes with LMKIT_BAD_CHECKPOINT saying why', () => {
    const model = new Transformer(config);
    const bytes = encodeCheckpoint({ model });
    model.dispose();
    expect(badCode(() => decodeCheckpoint(bytes.slice(0, bytes.length - 4)))).toMatch(/^LMKIT_BAD_CHECKPOINT: .*truncated/);
    expect(badCode(() => decodeCheckpoint(bytes.slice(0, 20)))).toMatch(/^LMKIT_BAD_CHECKPOINT: .*truncated/);
    expect(badCode(() => decodeCheckpoint(bytes.slice(0, 5)))).toMatch(/^LMKIT_BAD_CHECKPOINT: .*truncated/);
    const foreign = bytes.slice();
    foreign[0] = 0x50;
    expect(badCode(() => decodeCheckpoint(foreign))).toMatch(/^LMKIT_BAD_CHECKPOINT: .*wrong magic/);
    const flipped = bytes.slice();
    flipped[flipped.length - 3]! ^= 0x40;
    expect(badCode(() => decodeCheckpoint(flipped))).toMatch(/^LMKIT_BAD_CHECKPOINT: .*checksum/);
    const header = bytes.slice();
    header[13] = 0x7b; // '{' inside the JSON text breaks it
    header[14] = 0x7b;
    expect(badCode(() => decodeCheckpoint(header))).toMatch(/^LMKIT_BAD_CHECKPOINT: .*JSON/);
    const longer = new Uint8Array(bytes.length + 4);
    longer.set(bytes);
    expect(badCode(() => decodeCheckpoint(longer))).toMatch(/^LMKIT_BAD_CHECKPOINT: .*unexpected bytes/);
  });

  it('refuses to restore with a different position encoding', () => {
    const model = new Transformer(config);
    const decoded = decodeCheckpoint(encodeCheckpoint({ model }));
    const other: PositionEncoding = { name: 'fake', describe: () => ({ name: 'fake' }) };
    expect(badCode(() => restoreModel(decoded, { position: other }))).toMatch(/^LMKIT_BAD_CHECKPOINT: .*position encoding/);
    expect(badCode(() => restoreTrainer(model, decoded))).toMatch(/no trainer state/);
    model.dispose();
  });

  it('resuming mid-run reproduces the uninterrupted loss curve exactly', () => {
    const steps = 10;
    const half = 4;
    const batch = (s: number) => sampleLmBatch(tokens, 4, 16, 7, s);
    const run = (model: Transformer, trainer: Trainer, from: number, to: number) => {
      const losses: number[] = [];
      for (let s = from; s < to; s++) losses.push(trainer.trainStep(batch(s)).loss);
      return losses;
    };
    const m1 = new Transformer(config);
    const t1 = new Trainer(m1, { totalSteps: steps, lr: 1e-2 });
    const full = run(m1, t1, 0, steps);

    const m2 = new Transformer(config);
    const t2 = new Trainer(m2, { totalSteps: steps, lr: 1e-2 });
    const first = run(m2, t2, 0, half);
    const bytes = encodeCheckpoint({ model: m2, trainer: t2 });
    m2.dispose();
    t2.dispose();

    const decoded = decodeCheckpoint(bytes);
    const m3 = restoreModel(decoded);
    const t3 = restoreTrainer(m3, decoded);
    expect(t3.step).toBe(half);
    expect(t3.options).toEqual(t1.options);
    const second = run(m3, t3, half, steps);
    expect([...first, ...second]).toEqual(full);
    for (const x of [m1, m3]) x.dispose();
    for (const x of [t1, t3]) x.dispose();
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from './init.js';

const saved = process.env.LMKIT_BACKEND;
afterEach(() => {
  if (saved === undefined) delete process.env.LMKIT_BACKEND;
  else process.env.LMKIT_BACKEND = saved;
});

describe('initBackend', () => {
  it('uses wasm by default and honours LMKIT_BACKEND=cpu', async () => {
    delete process.env.LMKIT_BACKEND;
    const wasm = await initBackend();
    expect(wasm).toMatchObject({ backend: 'wasm', fellBack: false });
    expect(tf.getBackend()).toBe('wasm');
    process.env.LMKIT_BACKEND = 'cpu';
    const cpu = await initBackend();
    expect(cpu.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    // An explicit option wins over the environment.
    expect((await initBackend({ backend: 'wasm' })).backend).toBe('wasm');
  });

  it('rejects an unknown backend with LMKIT_BACKEND', async () => {
    process.env.LMKIT_BACKEND = 'gpu';
    await expect(initBackend()).rejects.toMatchObject({ code: 'LMKIT_BACKEND', message: expect.stringContaining('"gpu"') });
    delete process.env.LMKIT_BACKEND;
    await expect(initBackend({ backend: 'tpu' as 'cpu' })).rejects.toMatchObject({ code: 'LMKIT_BACKEND' });
  });
});

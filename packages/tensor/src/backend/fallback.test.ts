import { describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend, type BackendInfo } from './init.js';

// Its own file: vitest gives each test file a fresh module graph, so wasm is not initialised yet.
describe('initBackend fallback', () => {
  it('falls back to cpu with one visible warning when the wasm binary cannot be loaded', async () => {
    const warnings: string[] = [];
    // The wasm loader reports its failed file read on stderr itself: keep the test output clean.
    const quiet = [vi.spyOn(console, 'error').mockImplementation(() => {}), vi.spyOn(console, 'warn').mockImplementation(() => {})];
    let info: BackendInfo | undefined;
    try {
      info = await initBackend({ backend: 'wasm', wasmPaths: '/nonexistent-lmkit-wasm/', onWarning: (m) => warnings.push(m) });
    } finally {
      for (const s of quiet) s.mockRestore();
    }
    expect(info).toMatchObject({ backend: 'cpu', fellBack: true });
    expect(tf.getBackend()).toBe('cpu');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/wasm backend unavailable.*falling back to the slow cpu backend/);
  });
});

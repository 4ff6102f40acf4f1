import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Transformer } from '@lmkit/tensor';
import { writeFileAtomic } from '@lmkit/tensor/node';
import type { ModelStore } from '../experiment/run.js';

interface StoredModel {
  format: 'lmkit-icl-weights';
  version: 1;
  tensors: Record<string, { shape: number[]; data: string }>;
}

/**
 * Keeps pre-trained analysis models in `dir` as `<key>.weights.json` (float32, base64), written
 * atomically, so a killed `lmkit reproduce` resumes without re-training. A file that does not
 * match the model's parameters is ignored (the model is re-trained and the file replaced).
 */
export function folderModelStore(dir: string): ModelStore {
  const file = (key: string): string => path.join(dir, `${key}.weights.json`);
  return {
    async load(key, model) {
      let stored: StoredModel;
      try {
        stored = JSON.parse(await fs.readFile(file(key), 'utf8')) as StoredModel;
      } catch {
        return false;
      }
      if (stored.format !== 'lmkit-icl-weights' || stored.version !== 1) return false;
      const vars = model.namedVariables();
      const decoded = new Map<string, Float32Array>();
      for (const [name, v] of vars) {
        const t = stored.tensors[name];
        if (!t || t.shape.join(',') !== v.shape.join(',')) return false;
        const bytes = Buffer.from(t.data, 'base64');
        const arr = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
        if (arr.length !== v.size) return false;
        decoded.set(name, arr);
      }
      for (const [name, v] of vars) tf.tidy(() => v.assign(tf.tensor(decoded.get(name)!, v.shape)));
      return true;
    },
    async save(key, model: Transformer) {
      await fs.mkdir(dir, { recursive: true });
      const tensors: StoredModel['tensors'] = {};
      for (const [name, v] of model.namedVariables()) {
        const data = v.dataSync() as Float32Array;
        tensors[name] = { shape: v.shape, data: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64') };
      }
      await writeFileAtomic(file(key), JSON.stringify({ format: 'lmkit-icl-weights', version: 1, tensors } satisfies StoredModel));
    },
  };
}

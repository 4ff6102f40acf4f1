import type { ExperimentStore } from '@lmkit/tensor';

/** The core's store interface: a folder in Node (`folderStore` in `@lmkit/tensor/node`), memory in a browser. */
export type { ExperimentStore };

/** A store in memory (nothing survives the process). */
export function memoryStore(): ExperimentStore {
  const files = new Map<string, Uint8Array>();
  return {
    async read(name) {
      return files.get(name) ?? null;
    },
    async write(name, data) {
      files.set(name, data.slice());
    },
  };
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** The text saved under `name`, or null. */
export async function readText(store: ExperimentStore, name: string): Promise<string | null> {
  const bytes = await store.read(name);
  return bytes === null ? null : fromUtf8.decode(bytes);
}

/** Saves text under `name`. */
export function writeText(store: ExperimentStore, name: string, text: string): Promise<void> {
  return store.write(name, utf8.encode(text));
}

/**
 * The JSON saved under `name`, turned into a value by `parse` (which may throw on bad content), or
 * null when it is absent or damaged (a damaged file is reported through `log`, so the caller rebuilds it).
 */
export async function readJson<T>(store: ExperimentStore, name: string, log: (message: string) => void, parse: (json: unknown) => T): Promise<T | null> {
  const text = await readText(store, name);
  if (text === null) return null;
  try {
    return parse(JSON.parse(text));
  } catch (e) {
    log(`picl: ${name} is damaged (${(e as Error).message}); building it again`);
    return null;
  }
}

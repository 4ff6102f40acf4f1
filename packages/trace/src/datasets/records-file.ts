/**
 * Reading dataset JSONL (the files `lmkit trace build` writes) for training and prediction. Every
 * line is checked: a corrupt or foreign line stops the read with `LMKIT_BAD_DATA` and a message
 * `FILE:LINE: what is wrong`, so nothing trains on data it misreads. Browser-safe (text in, data out).
 */
import { LmkitError } from '@lmkit/tensor';
import { parseCodeExecutor } from '../format/codeexecutor.js';
import { DATASET_NAMES } from './candidates.js';
import type { Split } from './splits.js';

/** The fields of a dataset record that training and prediction read. */
export interface DatasetLine {
  id?: string;
  set: string;
  source: string;
  trace: string;
  /** The split recorded by the generated sets (absent for the older sets). */
  split?: Split;
  /** Template, families or operator, for per-group tables. */
  group?: string;
}

const SPLITS: readonly Split[] = ['train', 'test', 'test-template'];

/** The group a record is scored under: its SingleLine template, its teaching families, or its mutation operator. */
function groupOf(origin: Record<string, unknown>): string | undefined {
  if (typeof origin.template === 'string') return origin.template;
  if (Array.isArray(origin.families)) return origin.families.join('+');
  if (typeof origin.operator === 'string') return origin.operator;
  if (typeof origin.file === 'string') return origin.file;
  return undefined;
}

/** Parses the JSONL text of a dataset file named `file` (see the module comment). */
export function parseDatasetJsonl(text: string, file: string): DatasetLine[] {
  const out: DatasetLine[] = [];
  const known = new Set<string>(DATASET_NAMES);
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    const where = `${file}:${i + 1}`;
    const bad = (what: string): never => {
      throw new LmkitError('LMKIT_BAD_DATA', `${where}: ${what}; give a file written by \`lmkit trace build\``);
    };
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return bad('not valid JSON (a cut or corrupt line?)');
    }
    if (typeof o !== 'object' || o === null || Array.isArray(o)) return bad('not a JSON object');
    if (typeof o.source !== 'string' || typeof o.trace !== 'string' || typeof o.set !== 'string') return bad('needs string fields "set", "source" and "trace"');
    if (!known.has(o.set)) return bad(`unknown set "${o.set.slice(0, 40)}" (expected one of ${DATASET_NAMES.join(', ')})`);
    const parsed = parseCodeExecutor(o.trace);
    if (parsed.malformed.length > 0) return bad(`"trace" is not CodeExecutor trace text (cannot read "${parsed.malformed[0]!.slice(0, 60)}")`);
    const origin = o.origin === undefined ? {} : o.origin;
    if (typeof origin !== 'object' || origin === null || Array.isArray(origin)) return bad('"origin" must be an object');
    const split = (origin as Record<string, unknown>).split;
    if (split !== undefined && !SPLITS.includes(split as Split)) return bad(`unknown split "${String(split).slice(0, 40)}" (expected ${SPLITS.join(', ')})`);
    const group = groupOf(origin as Record<string, unknown>);
    out.push({
      ...(typeof o.id === 'string' ? { id: o.id } : {}),
      set: o.set,
      source: o.source,
      trace: o.trace,
      ...(split !== undefined ? { split: split as Split } : {}),
      ...(group !== undefined ? { group } : {}),
    });
  });
  return out;
}

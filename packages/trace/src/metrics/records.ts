/**
 * Reading prediction/gold JSONL for `lmkit trace eval` and pairing them. Browser-safe (text in, data out).
 */
import { LmkitError } from '@lmkit/tensor';

/** One trace record: `{"id"?: string|number, "trace": string}` or `{"trace_tokens": string[]}` (reference style). */
export interface TraceRecord {
  id?: string;
  trace: string;
}

/**
 * Parses JSONL text (one JSON object per non-empty line) into trace records.
 * Throws `LMKIT_BAD_DATA` naming the file label and line for unreadable lines.
 */
export function parseTraceJsonl(text: string, label: string): TraceRecord[] {
  const out: TraceRecord[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch {
      throw new LmkitError('LMKIT_BAD_DATA', `${label}:${i + 1}: not valid JSON; each line must be one JSON object`);
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
      throw new LmkitError('LMKIT_BAD_DATA', `${label}:${i + 1}: expected a JSON object with a "trace" field`);
    }
    const o = obj as Record<string, unknown>;
    let trace: string;
    if (typeof o.trace === 'string') trace = o.trace;
    else if (Array.isArray(o.trace_tokens) && o.trace_tokens.every((t) => typeof t === 'string')) trace = o.trace_tokens.join(' ');
    else throw new LmkitError('LMKIT_BAD_DATA', `${label}:${i + 1}: needs a string "trace" (or a string array "trace_tokens")`);
    const rec: TraceRecord = { trace };
    if (typeof o.id === 'string' || typeof o.id === 'number') rec.id = String(o.id);
    out.push(rec);
  });
  return out;
}

/**
 * Pairs predictions with gold records: by `id` when every gold record has one (each gold id must have
 * exactly one prediction; a missing prediction is scored as an empty trace), otherwise by position
 * (then the counts must be equal). Returns parallel arrays.
 */
export function pairTraces(preds: TraceRecord[], golds: TraceRecord[]): { preds: string[]; golds: string[]; missing: string[] } {
  const byId = golds.length > 0 && golds.every((g) => g.id !== undefined) && preds.every((p) => p.id !== undefined);
  if (!byId) {
    if (preds.length !== golds.length) {
      throw new LmkitError('LMKIT_BAD_DATA', `${preds.length} predictions but ${golds.length} gold traces; give one prediction line per gold line, or an "id" on every line`);
    }
    return { preds: preds.map((p) => p.trace), golds: golds.map((g) => g.trace), missing: [] };
  }
  const predMap = new Map<string, string>();
  for (const p of preds) {
    if (predMap.has(p.id!)) throw new LmkitError('LMKIT_BAD_DATA', `prediction id "${p.id}" appears twice; keep one prediction per id`);
    predMap.set(p.id!, p.trace);
  }
  const goldIds = new Set<string>();
  for (const g of golds) {
    if (goldIds.has(g.id!)) throw new LmkitError('LMKIT_BAD_DATA', `gold id "${g.id}" appears twice; ids must be unique`);
    goldIds.add(g.id!);
  }
  const unknown = [...predMap.keys()].filter((id) => !goldIds.has(id));
  if (unknown.length > 0) throw new LmkitError('LMKIT_BAD_DATA', `prediction id "${unknown[0]}" has no gold trace; check that --pred and --gold belong together`);
  const missing = golds.filter((g) => !predMap.has(g.id!)).map((g) => g.id!);
  return { preds: golds.map((g) => predMap.get(g.id!) ?? ''), golds: golds.map((g) => g.trace), missing };
}

/**
 * The repr-like rendering of stream values used by the CodeExecutor view (the rules the tracer used to
 * apply in Python): repr of numbers and strings, containers element by element, builtin/stdlib value
 * types by their repr, other instances as `Name(attr=value, …)`, cut to a budget of characters with a
 * `...` marker. Never runs program code (everything comes from the stream). Browser-safe.
 */
import type { ContainerRecord, HeapRecord, StreamValue } from '../tracer/stream.js';

/** Python's repr of a printable ASCII string (the only strings the stream sends untagged). */
export function asciiRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const c of s) out += c === '\\' ? '\\\\' : c === quote ? `\\${c}` : c;
  return out + quote;
}

class Cut extends Error {}

const MAX_DEPTH = 12;

/**
 * Renders `v` like the tracer's bounded repr: at most `lim` characters, then `...`.
 * `heap` resolves object references.
 */
export function renderValue(v: StreamValue, heap: ReadonlyMap<number, HeapRecord>, lim: number): string {
  let budget = lim + 1;
  const buf: string[] = [];
  const put = (s: string): void => {
    buf.push(s);
    budget -= s.length;
    if (budget < 0) throw new Cut();
  };
  const seen = new Set<number>();

  const walk = (x: StreamValue, depth: number) => {
    if (x === null) return put('None');
    if (x === true) return put('True');
    if (x === false) return put('False');
    if (typeof x === 'number') return put(String(x));
    if (typeof x === 'string') return put(asciiRepr(x));
    switch (x[0]) {
      case 'float':
        return put(x[1]);
      case 'int':
        return put(x[1]);
      case 'str':
        return put(x[3]);
      case 'R':
        break;
    }
    if (depth > MAX_DEPTH) return put('...');
    const id = x[1];
    const rec = heap.get(id);
    if (!rec) return put('<?>');
    if (rec[0] === 'inst') {
      const [, name, , repr, attrs, base] = rec;
      if (base) return container(id, base, name, depth);
      if (repr !== null) return put(repr);
      if (attrs === null) return put(`<${name} object>`);
      put(`${name}(`);
      attrs.forEach(([k, a], i) => {
        if (i) put(', ');
        put(`${k}=`);
        walk(a, depth + 1);
      });
      return put(')');
    }
    if (rec[0] === 'func') return put('function()');
    if (rec[0] === 'bfunc') return put('<builtin_function_or_method object>');
    if (rec[0] === 'class') return put('<type object>');
    if (rec[0] === 'imported') return put(rec[1] === 'imported class' ? '<type object>' : 'function()');
    return container(id, rec, null, depth);
  };

  const container = (id: number, rec: ContainerRecord, typeName: string | null, depth: number) => {
    const kind = rec[0];
    // Exact builtin types print bare; subclasses as `Name(<contents>)` (frozenset has its own form).
    const named = typeName !== null && typeName !== kind;
    if (seen.has(id)) return put(kind === 'list' ? '[...]' : '{...}');
    seen.add(id);
    if (named) put(`${typeName}(`);
    if (rec[0] === 'dict') {
      put('{');
      rec[2].forEach(([k, val], i) => {
        if (i) put(', ');
        walk(k, depth + 1);
        put(': ');
        walk(val, depth + 1);
      });
      put('}');
    } else if (kind === 'set' || kind === 'frozenset') {
      const fz = kind === 'frozenset' && !named;
      const items = rec[2] as StreamValue[];
      if (rec[1] === 0) put(fz ? 'frozenset()' : named ? '' : 'set()');
      else {
        put(fz ? 'frozenset({' : '{');
        items.forEach((x, i) => {
          if (i) put(', ');
          walk(x, depth + 1);
        });
        put(fz ? '})' : '}');
      }
    } else {
      const tup = kind === 'tuple';
      const items = rec[2] as StreamValue[];
      put(tup ? '(' : '[');
      items.forEach((x, i) => {
        if (i) put(', ');
        walk(x, depth + 1);
      });
      put(tup ? (rec[1] === 1 ? ',)' : ')') : ']');
    }
    if (named) put(')');
    seen.delete(id);
  };

  try {
    walk(v, 0);
  } catch (e) {
    if (!(e instanceof Cut)) throw e;
  }
  const s = buf.join('');
  return s.length > lim ? `${s.slice(0, lim)}...` : s;
}

/** True when the CodeExecutor state leaves a name out (modules, functions, classes, generators, …). */
export function hiddenInState(v: StreamValue, heap: ReadonlyMap<number, HeapRecord>): boolean {
  if (!Array.isArray(v) || v[0] !== 'R') return false;
  const rec = heap.get(v[1]);
  if (!rec) return false;
  switch (rec[0]) {
    case 'func':
    case 'bfunc':
    case 'class':
    case 'imported':
      return true;
    case 'inst':
      return rec[6] === 1;
    default:
      return false;
  }
}

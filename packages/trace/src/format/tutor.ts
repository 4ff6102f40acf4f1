/**
 * Python Tutor's trace format — what OnlinePythonTutor's pg_logger (v5-unity) writes with
 * pg_encoder — rendered from the tracer's event stream. Browser-safe.
 *
 * One entry per event pg_logger records (the stream marks them): `step_line` with the state before
 * the line runs, `call`, `return` (the frame holds `__return__`), `exception`; a syntax error is a
 * single `uncaught_exception` entry and the step limit ends with `instruction_limit_reached`. Values
 * are primitives inline (floats as pg_encoder writes them) or `['REF', id]` into the entry's `heap`,
 * ids kept for the whole run. Integers beyond 2^53 become JSON numbers and so lose digits.
 */
import type { TraceError } from '../sandbox/limits.js';
import { replay, type HeapRecord, type StreamEvent, type StreamState, type StreamValue, type TraceStream } from '../tracer/stream.js';
import type { Trace, TraceResult } from '../tracer/types.js';

/** An encoded value: a primitive, `['REF', id]`, `['SPECIAL_FLOAT', text]` or `['IMPORTED_FAUX_PRIMITIVE', label]`. */
export type TutorValue = null | boolean | number | string | [string, number | string];

/** A heap object in pg_encoder's form, e.g. `['LIST', 1, ['REF', 2]]`, `['FUNCTION', 'f(a)', null]`. */
export type TutorHeapObject = unknown[];

/** One frame of `stack_to_render`. */
export interface TutorFrame {
  func_name: string;
  is_parent: boolean;
  frame_id: number;
  parent_frame_id_list: number[];
  encoded_locals: Record<string, TutorValue>;
  ordered_varnames: string[];
  is_zombie: boolean;
  is_highlighted: boolean;
  unique_hash: string;
}

/** One trace entry. */
export interface TutorStep {
  line?: number;
  event: 'step_line' | 'call' | 'return' | 'exception' | 'uncaught_exception' | 'instruction_limit_reached';
  func_name?: string;
  globals?: Record<string, TutorValue>;
  ordered_globals?: string[];
  stack_to_render?: TutorFrame[];
  heap?: Record<string, TutorHeapObject>;
  stdout?: string;
  offset?: number;
  exception_msg?: string;
}

/** The document `generate_json_trace.py` writes: the program and its entries. */
export interface TutorTrace {
  code: string;
  trace: TutorStep[];
}

const EVENT_NAMES = { c: 'call', l: 'step_line', r: 'return', x: 'exception' } as const;
const DICT_HIDDEN_KEYS = new Set(['__module__', '__return__', '__locals__']);
const ATTR_HIDDEN = new Set(['__doc__', '__module__', '__return__', '__dict__', '__locals__', '__weakref__', '__qualname__']);

/** pg_logger's limit message (MAX_EXECUTED_LINES). */
export function instructionLimitMessage(steps: number): string {
  return `Stopped after running ${steps} steps. Please shorten your code,\nsince Python Tutor is not designed to handle long-running code.`;
}

/** Renders the stream as pg_logger's entries (no limit or syntax-error entry; see {@link toTutor}). */
export function tutorEntries(stream: TraceStream, stdout: string): TutorStep[] {
  const entries: TutorStep[] = [];
  // pg_logger's frame ids: one per recorded call, in order (a resumed generator gets a new one).
  const pgFrame = new Map<number, number>();
  let nextFrame = 1;
  // pg_encoder's small ids: one per object, for the whole run.
  const smallIds = new Map<number, number>();
  let nextSmall = 1;
  const globalsInOrder: string[] = [];
  const lambdaCodes = new Map<number, number[]>();

  replay(stream, (ev, s) => {
    if (!ev.v) return;
    if (ev.k === 'c') pgFrame.set(ev.f, nextFrame++);
    entries.push(entry(ev, s));
  });

  function entry(ev: StreamEvent, s: StreamState): TutorStep {
    const heap: Record<string, TutorHeapObject> = {};
    const encode = (v: StreamValue, withParent: boolean): TutorValue => {
      if (v === null || typeof v !== 'object') return v;
      switch (v[0]) {
        case 'float':
          return v[2];
        case 'int':
          return Number(v[1]);
        case 'str':
          return v[1];
        case 'R':
          break;
      }
      const rec = s.heap.get(v[1]);
      if (!rec) return null;
      if (rec[0] === 'imported') return ['IMPORTED_FAUX_PRIMITIVE', rec[1]];
      let id = smallIds.get(v[1]);
      if (id === undefined) smallIds.set(v[1], (id = nextSmall++));
      const ref: TutorValue = ['REF', id];
      if (heap[id] !== undefined) return ref;
      const obj: TutorHeapObject = [];
      heap[id] = obj;
      encodeRecord(rec, obj, withParent);
      return ref;
    };
    const encodeRecord = (rec: HeapRecord, obj: TutorHeapObject, withParent: boolean): void => {
      switch (rec[0]) {
        case 'list':
        case 'tuple':
        case 'set':
          obj.push(rec[0].toUpperCase(), ...rec[2].map((x) => encode(x, withParent)));
          return;
        case 'frozenset':
          return;
        case 'dict':
          obj.push('DICT');
          for (const [k, x] of rec[2]) if (!(typeof k === 'string' && DICT_HIDDEN_KEYS.has(k))) obj.push([encode(k, withParent), encode(x, withParent)]);
          return;
        case 'func': {
          const [, pretty, parent, defaults, code] = rec;
          const c = s.stream.codes[code];
          if (c && c[0] === '<lambda>') {
            const lst = lambdaCodes.get(c[1]) ?? [];
            if (!lst.includes(code)) lst.push(code);
            lambdaCodes.set(c[1], lst);
          }
          obj.push('FUNCTION', pretty, withParent && parent !== null ? (pgFrame.get(parent) ?? null) : null);
          if (defaults) obj.push(defaults.map(([name, d]) => [name, encode(d, withParent)]));
          return;
        }
        case 'bfunc':
          obj.push('FUNCTION', rec[1], null);
          return;
        case 'class': {
          obj.push('CLASS', rec[1], rec[2]);
          for (const [a, x] of rec[3]) obj.push([a, encode(x, false)]);
          return;
        }
        case 'imported':
          return;
        case 'inst': {
          const [, name, pprint, , attrs] = rec;
          obj.push(...(pprint !== null ? ['INSTANCE_PPRINT', name, pprint] : ['INSTANCE', name]));
          if (name === 'module' || !attrs) return;
          const shown = attrs.filter(([a]) => !ATTR_HIDDEN.has(a)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
          for (const [a, x] of shown) obj.push([a, encode(x, false)]);
          return;
        }
      }
    };

    // Frames: the stack from the top down to the module (those pg_logger knows), then zombie frames.
    const onStack = new Set(s.stack);
    const stackFrames: number[] = [];
    for (let i = s.stack.length - 1; i >= 0; i--) {
      const f = s.stack[i]!;
      if (s.code(f)[0] === '<module>') break;
      if (pgFrame.has(f)) stackFrames.push(f);
    }
    const frameEntry = (f: number): Omit<TutorFrame, 'is_zombie' | 'is_highlighted' | 'unique_hash'> => {
      const code = s.code(f);
      const par = s.parents.get(f);
      const hidden = new Set(par?.hidden ?? []);
      let name = code[0] === '' ? 'unnamed function' : code[0];
      if (name === '<lambda>' && (lambdaCodes.get(code[1]) ?? []).includes(s.stream.frames[f - 1]!)) name += ` <line ${code[1]}>`;
      const encoded: Record<string, TutorValue> = {};
      const names: string[] = [];
      for (const [k, v] of s.locals.get(f) ?? []) {
        if (hidden.has(k) || k === '__module__') continue;
        encoded[k] = encode(v, true);
        names.push(k);
      }
      if (s.returns.has(f)) {
        encoded.__return__ = encode(s.returns.get(f)!, true);
        names.push('__return__');
      }
      const ordered = code[2].filter((n) => n in encoded);
      for (const n of [...names].sort()) if (n !== '__return__' && !ordered.includes(n)) ordered.push(n);
      if ('__return__' in encoded) ordered.push('__return__');
      return {
        func_name: name,
        is_parent: s.zombies.includes(f),
        frame_id: pgFrame.get(f) ?? 0,
        parent_frame_id_list: (par?.chain ?? []).map((p) => pgFrame.get(p) ?? 0),
        encoded_locals: encoded,
        ordered_varnames: ordered,
      };
    };
    const active = stackFrames.map((f, i) => ({ ...frameEntry(f), is_zombie: false, is_highlighted: i === 0 }));
    const zombies = s.zombies.filter((z) => !onStack.has(z) && pgFrame.has(z)).map((f) => ({ ...frameEntry(f), is_zombie: true, is_highlighted: false }));

    const globals: Record<string, TutorValue> = {};
    for (const [k, v] of s.globals) {
      if (k === '__return__') continue;
      globals[k] = encode(v, true);
      if (!globalsInOrder.includes(k)) globalsInOrder.push(k);
    }
    const stack = [...active, ...zombies]
      .sort((a, b) => a.frame_id - b.frame_id)
      .map((e) => ({ ...e, unique_hash: `${e.func_name}_f${e.frame_id}${e.is_parent ? '_p' : ''}${e.is_zombie ? '_z' : ''}` }));

    const out: TutorStep = {
      line: ev.ln,
      event: EVENT_NAMES[ev.k],
      func_name: s.code(ev.f)[0],
      globals,
      ordered_globals: globalsInOrder.filter((k) => k in globals),
      stack_to_render: stack,
      heap,
      stdout: stdout.slice(0, ev.o),
    };
    if (ev.k === 'x' && ev.x) out.exception_msg = `${ev.x[0]}: ${ev.x[1]}`;
    return out;
  }

  // pg_logger's finalize: an exception followed only by the module's return loses that return.
  const n = entries.length;
  if (n >= 2 && entries[n - 2]!.event === 'exception' && entries[n - 1]!.event === 'return' && entries[n - 1]!.func_name === '<module>') entries.pop();
  return entries;
}

/**
 * Python Tutor's JSON for one run: pg_logger's entries, then — for a run cut by the step limit —
 * `instruction_limit_reached`; a program that does not compile is one `uncaught_exception` entry;
 * other limits (time, memory, output, recursion, refused access) end with an `uncaught_exception`
 * entry naming them, since Python Tutor has no event for them.
 */
export function toTutor(result: TraceResult, source: string, maxSteps = 1000): TutorTrace {
  const trace: Trace | undefined = result.trace;
  const entries = trace ? tutorEntries(trace.stream, trace.stdout) : [];
  const error: TraceError | undefined = result.ok ? undefined : result.error;
  if (error?.syntax) {
    const sx = error.syntax;
    const e: TutorStep = { event: 'uncaught_exception' };
    if (sx.line !== null) e.line = sx.line;
    if (sx.offset !== null) e.offset = sx.offset;
    e.exception_msg = `${sx.type}: ${sx.msg}${sx.line !== null ? ` (<string>, line ${sx.line})` : ''}`;
    return { code: source, trace: [e] };
  }
  if (error?.kind === 'steps') entries.push({ event: 'instruction_limit_reached', exception_msg: instructionLimitMessage(maxSteps) });
  else if (error) entries.push({ event: 'uncaught_exception', exception_msg: error.kind === 'python' ? error.message : `${error.kind}: ${error.message}` });
  return { code: source, trace: entries };
}

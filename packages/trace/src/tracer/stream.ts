/**
 * The event stream the tracer records (see src/python/tracer.py and encoder.py for how it is made)
 * and a replayer that rebuilds the visible state at every event. Both trace formats (CodeExecutor
 * text, Python Tutor JSON) are renderings of this stream. Browser-safe.
 */

/** A float: its `repr`, and pg_encoder's form (rounded to 4 digits, or `['SPECIAL_FLOAT', text]`). */
export type FloatValue = ['float', string, number | ['SPECIAL_FLOAT', string]];
/**
 * A value in the stream: a JSON primitive (None, bools, ints below 2^53, short printable ASCII
 * strings) or a tagged list: a heap object reference, a float, a big int (`text` is its repr, or
 * `<int of N bits>`), or any other string (`prefix` cut to the value budget, `length` the full length).
 */
export type StreamValue =
  | null
  | boolean
  | number
  | string
  | ['R', number]
  | FloatValue
  | ['int', string]
  | ['str', string, number, string];

/** A name/value pair of a dict, instance or class. */
export type StreamPair = [StreamValue, StreamValue];

/** The contents of a builtin container: `[kind, length, first items]`. */
export type ContainerRecord =
  | ['list' | 'tuple' | 'set' | 'frozenset', number, StreamValue[]]
  | ['dict', number, StreamPair[]];

/** One heap object, shallow (children are values). */
export type HeapRecord =
  | ContainerRecord
  | [kind: 'func', pretty: string, parentFrame: number | null, defaults: Array<[string, StreamValue]> | null, code: number]
  | [kind: 'bfunc', pretty: string]
  | [kind: 'class', name: string, bases: string[], attrs: Array<[string, StreamValue]>]
  | [kind: 'imported', label: string]
  | [
      kind: 'inst',
      typeName: string,
      pprint: string | null,
      repr: string | null,
      attrs: Array<[string, StreamValue]> | null,
      base: ContainerRecord | null,
      hide: 0 | 1,
    ];

/** A binding change: `[scope, name, value]`, or `[scope, name]` when the name went away. Scope 0 = globals. */
export type BindingChange = [number, string, StreamValue] | [number, string];

/** One event of the stream. */
export interface StreamEvent {
  /** `c` call (also a generator resumed), `l` line, `r` return (also a yield, and a frame left by an exception), `x` exception. */
  k: 'c' | 'l' | 'r' | 'x';
  /** The frame's current line (1-based). */
  ln: number;
  /** Frame id (1, 2, … in order of first appearance). */
  f: number;
  /** Length of stdout when the event happened. */
  o: number;
  /** 1 when Python Tutor's pg_logger would record this event. */
  v?: 1;
  b?: BindingChange[];
  /** The full name order of a scope, when it changed other than by appending. */
  ko?: Array<[number, string[]]>;
  /** Heap objects whose record changed. */
  h?: Array<[number, HeapRecord]>;
  /** Return value (`r`). */
  rv?: StreamValue;
  /** Exception type name and message (`x`). */
  x?: [string, string];
  /** Frames that became pg_logger's zombie (and parent) frames at this event. */
  z?: number[];
  /** pg_logger's lexical parents: `[frame, parent frames, local names shown only in a parent]`. */
  p?: Array<[number, number[], string[]]>;
}

/** A code object: `[name, first line, varnames, generator (1/0)]`. */
export type StreamCode = [string, number, string[], 0 | 1];

/** The stream of one run. */
export interface TraceStream {
  codes: StreamCode[];
  /** Code index of each frame (frame id − 1). */
  frames: number[];
  events: StreamEvent[];
}

/** The state of the program at one event, rebuilt from the stream (mutated in place by {@link replay}). */
export interface StreamState {
  readonly stream: TraceStream;
  /** Module globals in dict order. */
  readonly globals: Map<string, StreamValue>;
  /** Locals per frame id, in the frame's `f_locals` order. */
  readonly locals: Map<number, Map<string, StreamValue>>;
  /** Latest record of every heap object seen. */
  readonly heap: Map<number, HeapRecord>;
  /** Frame ids on the stack, bottom (the module) first. */
  readonly stack: number[];
  /** The last value each frame returned (pg_logger keeps `__return__` in the frame). */
  readonly returns: Map<number, StreamValue>;
  /** pg_logger's zombie frames, in the order they became one. */
  readonly zombies: number[];
  /** pg_logger's lexical parents and hidden names per frame. */
  readonly parents: Map<number, { chain: number[]; hidden: string[] }>;
  /** The code of frame `f`. */
  code(f: number): StreamCode;
}

const EMPTY_CODE: StreamCode = ['?', 0, [], 0];

/** A fresh, empty state for `stream`. */
export function newStreamState(stream: TraceStream): StreamState {
  return {
    stream,
    globals: new Map(),
    locals: new Map(),
    heap: new Map(),
    stack: [],
    returns: new Map(),
    zombies: [],
    parents: new Map(),
    code: (f) => stream.codes[stream.frames[f - 1] ?? -1] ?? EMPTY_CODE,
  };
}

function scopeOf(s: StreamState, key: number): Map<string, StreamValue> {
  if (key === 0) return s.globals;
  let m = s.locals.get(key);
  if (!m) s.locals.set(key, (m = new Map()));
  return m;
}

/** Applies one event to the state (the stack grows at a call; a return pops only in {@link settleEvent}). */
export function applyEvent(s: StreamState, ev: StreamEvent): void {
  if (ev.k === 'c') {
    s.stack.push(ev.f);
    s.returns.delete(ev.f);
  }
  for (const ch of ev.b ?? []) {
    const scope = scopeOf(s, ch[0]);
    if (ch.length === 2) scope.delete(ch[1]);
    else scope.set(ch[1], ch[2]);
  }
  for (const [key, names] of ev.ko ?? []) {
    const scope = scopeOf(s, key);
    const reordered = names.map((n) => [n, scope.get(n) ?? null] as const);
    scope.clear();
    for (const [n, v] of reordered) scope.set(n, v);
  }
  for (const [id, rec] of ev.h ?? []) s.heap.set(id, rec);
  if (ev.k === 'r') s.returns.set(ev.f, ev.rv ?? null);
  for (const z of ev.z ?? []) if (!s.zombies.includes(z)) s.zombies.push(z);
  for (const [f, chain, hidden] of ev.p ?? []) s.parents.set(f, { chain, hidden });
}

/** Finishes an event: a returning frame leaves the stack. */
export function settleEvent(s: StreamState, ev: StreamEvent): void {
  if (ev.k !== 'r') return;
  const i = s.stack.lastIndexOf(ev.f);
  if (i >= 0) s.stack.splice(i);
}

/** Replays the stream, calling `visit` with the state at each event (valid only during the call). */
export function replay(stream: TraceStream, visit: (ev: StreamEvent, state: StreamState, index: number) => void): StreamState {
  const s = newStreamState(stream);
  stream.events.forEach((ev, i) => {
    applyEvent(s, ev);
    visit(ev, s, i);
    settleEvent(s, ev);
  });
  return s;
}

/** An empty stream (a program that did not compile). */
export const EMPTY_STREAM: TraceStream = Object.freeze({ codes: [], frames: [], events: [] }) as unknown as TraceStream;

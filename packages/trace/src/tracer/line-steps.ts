/**
 * The CodeExecutor view of an event stream: one step per executed line with the state *after* the
 * line ran, which is the state at the frame's next `line` or `return` event. A call line's step
 * therefore comes after the callee's steps. Browser-safe.
 */
import { hiddenInState, renderValue } from '../format/pyrepr.js';
import { replay, type StreamValue, type TraceStream } from './stream.js';
import type { TraceStep } from './types.js';

/**
 * Steps of the CodeExecutor view: visible variables (module globals, then the frame's locals, without
 * dunder names, modules, functions, classes), each rendered like repr and cut at `maxValueChars`.
 */
export function lineSteps(stream: TraceStream, maxValueChars: number): TraceStep[] {
  const steps: TraceStep[] = [];
  // The line each frame is running, and its call depth.
  const pending = new Map<number, { line: number; depth: number }>();
  let previous = new Map<string, string>();
  replay(stream, (ev, s) => {
    if (ev.k !== 'l' && ev.k !== 'r') return;
    const p = pending.get(ev.f);
    if (p) {
      const state: Record<string, string> = {};
      const rendered = new Map<string, string>();
      const add = (scope: ReadonlyMap<string, StreamValue>): void => {
        for (const [name, v] of scope) {
          if (name.startsWith('__') || hiddenInState(v, s.heap)) continue;
          rendered.set(name, renderValue(v, s.heap, maxValueChars));
        }
      };
      add(s.globals);
      if (s.code(ev.f)[0] !== '<module>') add(s.locals.get(ev.f) ?? new Map());
      const changed: string[] = [];
      for (const [name, r] of rendered) {
        state[name] = r;
        if (previous.get(name) !== r) changed.push(name);
      }
      previous = rendered;
      steps.push({ line: p.line, func: s.code(ev.f)[0], depth: p.depth, state, changed, stdoutEnd: ev.o });
    }
    if (ev.k === 'l') pending.set(ev.f, { line: ev.ln, depth: Math.max(0, s.stack.lastIndexOf(ev.f)) });
    else pending.delete(ev.f);
  });
  return steps;
}

/**
 * Splits CodeExecutor trace text into steps for scoring. This is the metric's own lenient view of
 * a trace (a model's output may be anything): it never throws, and it marks what it cannot read.
 */

/** Dataset prefixes that may open a trace (`<singleline>`, `<tutorial>`, `<codenet>`). */
const DATASET_PREFIX = /^\s*<(singleline|tutorial|codenet)>\s*/;
const STEP_START = /<line>|<output>/g;
const LINE_HEAD = /^<line>\s+<(\d+)>$/;

/** One step of a trace as the metrics see it. */
export interface ScoredStep {
  /** `line` (`<line> <k> <state> … </state>`), `output` (`<output> VALUE`) or `malformed`. */
  kind: 'line' | 'output' | 'malformed';
  /** The step text, whitespace-normalised (runs of spaces collapsed, ends trimmed). */
  text: string;
  /** For line steps: the text before `<state>`, e.g. `<line> <3>`. */
  head?: string;
  /** For line and readable malformed steps: `name → value` (values whitespace-normalised). */
  state?: Map<string, string>;
  /** For output steps: the printed value. */
  output?: string;
  /** Why a step is malformed. */
  reason?: string;
}

/** Result of {@link splitTraceSteps}. */
export interface SplitTrace {
  steps: ScoredStep[];
  /** True when a final `<line>` step without `</state>` (a step cut off by truncation) was dropped. */
  droppedIncomplete: boolean;
}

/** Collapses whitespace runs to one space and trims. */
export function normalizeSpace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * Splits trace text at every `<line>` and `<output>` marker (the reference's rule).
 *
 * - A leading dataset prefix (`<singleline>` …) is skipped; any other text before the first
 *   marker becomes a malformed step.
 * - A final `<line>` step with no `</state>` is dropped (it was cut mid-step, as the reference does).
 *   Output steps never carry `</state>`, so a final output step is kept (the reference drops it too,
 *   which loses the last printed value of many programs; we do not keep that quirk).
 */
export function splitTraceSteps(trace: string): SplitTrace {
  const text = trace.replace(DATASET_PREFIX, '');
  const starts: number[] = [];
  for (const m of text.matchAll(STEP_START)) starts.push(m.index);
  const chunks: string[] = [];
  const lead = text.slice(0, starts[0] ?? text.length);
  if (lead.trim() !== '') chunks.push(lead);
  starts.forEach((s, i) => chunks.push(text.slice(s, starts[i + 1] ?? text.length)));
  let droppedIncomplete = false;
  const last = chunks[chunks.length - 1];
  if (last?.startsWith('<line>') && !last.includes('</state>')) {
    chunks.pop();
    droppedIncomplete = true;
  }
  return { steps: chunks.map(parseStep), droppedIncomplete };
}

/** Parses one step chunk; unreadable parts make it `malformed` (with a reason), never an error. */
export function parseStep(chunk: string): ScoredStep {
  const text = normalizeSpace(chunk);
  if (text.startsWith('<output>')) {
    return { kind: 'output', text, output: normalizeSpace(text.slice('<output>'.length)) };
  }
  if (!text.startsWith('<line>')) return { kind: 'malformed', text, reason: 'text outside any <line>/<output> step' };
  const open = text.indexOf('<state>');
  if (open < 0) return { kind: 'malformed', text, reason: 'line step without <state>' };
  const head = text.slice(0, open).trim();
  let body = text.slice(open + '<state>'.length);
  const close = body.lastIndexOf('</state>');
  const closed = close >= 0 && body.slice(close + '</state>'.length).trim() === '';
  if (close >= 0) body = body.slice(0, close);
  const { state, bad } = parseState(body);
  if (!LINE_HEAD.test(head)) return { kind: 'malformed', text, head, state, reason: `bad line marker "${head}"` };
  if (!closed) return { kind: 'malformed', text, head, state, reason: 'text after </state> or </state> missing' };
  if (bad) return { kind: 'malformed', text, head, state, reason: `state entry without " : " ("${bad}")` };
  return { kind: 'line', text, head, state };
}

/** Reads `name : value <dictsep> …`; the first `:` separates name and value (values may hold `:`). */
function parseState(body: string): { state: Map<string, string>; bad?: string } {
  const state = new Map<string, string>();
  let bad: string | undefined;
  for (const part of body.split('<dictsep>')) {
    const entry = part.trim();
    if (entry === '') continue;
    const colon = entry.indexOf(':');
    if (colon < 0) {
      bad ??= entry;
      continue;
    }
    const name = entry.slice(0, colon).trim();
    if (name === '') {
      bad ??= entry;
      continue;
    }
    state.set(name, normalizeSpace(entry.slice(colon + 1)));
  }
  return bad === undefined ? { state } : { state, bad };
}

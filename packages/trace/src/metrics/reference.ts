/**
 * CodeExecutor's reference metric, `compute_metrics` of CodeBERT's `CodeExecutor/inference/metric.py`,
 * reproduced rule for rule so lmkit's numbers sit beside the paper's on the same definition, quirks
 * included (each is pinned by a test):
 *
 * - a trace is split at every `<line>` and `<output>` (and at its start): text before the first
 *   marker is a sentence of its own;
 * - the last sentence is dropped when it has no `</state>` — a final `<output>` step included;
 * - output steps are compared as raw strings (trailing spaces and all); printed values are read as the
 *   text after `<output>` plus one character, stripped, cut at `_____event`, empty ones skipped;
 * - a state is read as `<dictsep>`-separated pieces split at their first `:` (pieces without one are
 *   ignored, later duplicates win); identifiers count only where the line markers are equal;
 * - every sentence is counted for identifiers, output steps included: for a sentence without
 *   `<state>` Python's `find` returns -1 and the state is its last character (one identifier with an
 *   empty name when that character is `:`);
 * - the eight numbers are `round(100 * x, 2)` (round half to even on the exact double); where the
 *   reference divides by zero (and would stop with ZeroDivisionError) the number is null.
 *
 * Browser-safe.
 */

/** Python's `str.isspace()` characters (`str.strip()` removes them). */
const PY_SPACE = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006,
  0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

/** Python's `str.strip()` (no arguments). */
export function pyStrip(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && PY_SPACE.has(s.charCodeAt(a))) a++;
  while (b > a && PY_SPACE.has(s.charCodeAt(b - 1))) b--;
  return s.slice(a, b);
}

/** Python's slice `s[start:end]` with Python's negative-index rules (`end` may be -1 from a failed `find`). */
function pySlice(s: string, start: number, end?: number): string {
  const n = s.length;
  const norm = (i: number): number => (i < 0 ? Math.max(0, n + i) : Math.min(i, n));
  return s.slice(norm(start), end === undefined ? n : norm(end));
}

/**
 * Python's `round(x, 2)`: the exact value of the double rounded to 2 decimals, ties to even.
 * (`toFixed(100)` gives the double's exact decimal expansion for the magnitudes used here.)
 */
export function pyRound2(x: number): number {
  if (!Number.isFinite(x)) return x;
  const neg = x < 0;
  const exact = Math.abs(x).toFixed(100);
  const [int, frac = ''] = exact.split('.');
  const keep = frac.slice(0, 2);
  const rest = frac.slice(2);
  let units = BigInt(int! + keep);
  const half = rest[0] === '5' && /^0*$/.test(rest.slice(1));
  if (rest[0]! > '5' || (rest[0] === '5' && !half) || (half && units % 2n === 1n)) units += 1n;
  const s = units.toString().padStart(3, '0');
  const v = Number(`${s.slice(0, -2)}.${s.slice(-2)}`);
  return neg ? -v : v;
}

/** The split points: every `<line>` and `<output>`, 0 and the end, sorted and unique. */
function splitPoints(text: string): number[] {
  const locs = new Set<number>([0, text.length]);
  for (const marker of ['<line>', '<output>']) {
    let from = 0;
    for (;;) {
      const i = text.indexOf(marker, from);
      if (i < 0) break;
      locs.add(i);
      from = i + 1;
    }
  }
  return [...locs].sort((a, b) => a - b);
}

/** The chunks between split points, `[start, end]`, without a last one that has no `</state>` (both parsers' rule). */
function kept(text: string): Array<[number, number]> {
  const locs = splitPoints(text);
  const out: Array<[number, number]> = [];
  for (let i = 1; i < locs.length; i++) {
    const [a, b] = [locs[i - 1]!, locs[i]!];
    if (i === locs.length - 1 && !text.slice(a, b).includes('</state>')) continue;
    out.push([a, b]);
  }
  return out;
}

/** `parse_text_into_sent` / `parse_gold_into_sent`: the sentences, a last one without `</state>` dropped. */
export function referenceSentences(text: string): string[] {
  return kept(text).map(([a, b]) => text.slice(a, b));
}

/** `get_output_from_trace`: the printed values, as the reference reads them. */
export function referenceOutputs(text: string): string[] {
  const out: string[] = [];
  for (const [a, b] of kept(text)) {
    if (!text.slice(a, b).includes('<output>')) continue;
    let value = pyStrip(text.slice(a + '<output> '.length, b));
    const ev = value.indexOf('_____event');
    if (ev >= 0) value = pyStrip(value.slice(0, ev));
    if (value.length > 0) out.push(value);
  }
  return out;
}

/** A sentence's line marker (text before `<state>`) and its state, read as the reference reads them. */
export function referenceState(sentence: string): { head: string; state: Map<string, string> } {
  const at = sentence.indexOf('<state>');
  const head = pyStrip(pySlice(sentence, 0, at));
  let sep = pyStrip(pySlice(sentence, at));
  if (sep.startsWith('<state>')) sep = sep.slice('<state>'.length);
  if (sep.endsWith('</state>')) sep = sep.slice(0, -'</state>'.length);
  const state = new Map<string, string>();
  for (const piece of sep.split('<dictsep>')) {
    const c = piece.indexOf(':');
    if (c >= 0) state.set(pyStrip(piece.slice(0, c)), pyStrip(piece.slice(c + 1)));
  }
  return { head, state };
}

function sameKeyValues(a: Map<string, string>, b: Map<string, string>): number {
  let n = 0;
  for (const [k, v] of a) if (b.has(k) && b.get(k) === v) n++;
  return n;
}

/** `same_sent`: are two sentences equal, and how many identifiers agree (counted only on equal line markers). */
export function referenceSameSentence(text: string, gold: string): { same: boolean; identifiers: number } {
  if (text.includes('<output>') || gold.includes('<output>')) return { same: text === gold, identifiers: 0 };
  if (!text.includes('<state>') || !gold.includes('<state>')) return { same: text === gold, identifiers: 0 };
  const t = referenceState(text);
  const g = referenceState(gold);
  if (t.head !== g.head) return { same: false, identifiers: 0 };
  const identifiers = sameKeyValues(t.state, g.state);
  const same = t.state.size === g.state.size && identifiers === t.state.size;
  return { same, identifiers };
}

/** Per-program counts of the reference metric. */
export interface ReferenceProgramCounts {
  /** Gold trace prints something (after the reference's reading). */
  goldPrints: boolean;
  /** Printed values equal (only counted when the gold prints). */
  outputSame: boolean;
  /** Whole trace equal (same number of sentences, each equal). */
  exact: boolean;
  sentences: { same: number; predicted: number; gold: number };
  identifiers: { same: number; predicted: number; gold: number };
}

/** Scores one prediction against one gold trace with the reference's rules (both stripped first). */
export function referenceProgram(pred: string, gold: string): ReferenceProgramCounts {
  const text = pyStrip(pred);
  const g = pyStrip(gold);
  const goldOut = referenceOutputs(g);
  const predOut = referenceOutputs(text);
  const ts = referenceSentences(text);
  const gs = referenceSentences(g);
  let same = 0;
  let ids = 0;
  for (let i = 0; i < gs.length; i++) {
    if (i >= ts.length) continue;
    const r = referenceSameSentence(ts[i]!, gs[i]!);
    ids += r.identifiers;
    if (r.same) same++;
  }
  const count = (list: string[]): number => list.reduce((a, s) => a + referenceState(s).state.size, 0);
  return {
    goldPrints: goldOut.length > 0,
    outputSame: goldOut.length > 0 && goldOut.length === predOut.length && goldOut.every((o, i) => o === predOut[i]),
    exact: same === gs.length && ts.length === gs.length,
    sentences: { same, predicted: ts.length, gold: gs.length },
    identifiers: { same: ids, predicted: count(ts), gold: count(gs) },
  };
}

/** The eight numbers of `compute_metrics`, in its order, as percentages rounded to 2 decimals (null: division by zero). */
export interface ReferenceNumbers {
  outputAccuracy: number | null;
  traceAccuracy: number | null;
  lineP: number | null;
  lineR: number | null;
  lineF1: number | null;
  identifierP: number | null;
  identifierR: number | null;
  identifierF1: number | null;
}

/** The fractions behind {@link ReferenceNumbers} (unrounded), with the corpus counts. */
export interface ReferenceResult {
  numbers: ReferenceNumbers;
  fractions: { outputAccuracy: number | null; traceAccuracy: number | null; lines: PRF; identifiers: PRF };
  counts: {
    programs: number;
    outputPrograms: number;
    outputSame: number;
    exact: number;
    lines: { same: number; predicted: number; gold: number };
    identifiers: { same: number; predicted: number; gold: number };
  };
  perProgram: ReferenceProgramCounts[];
}

/** Micro precision, recall, F1 (null where the reference divides by zero). */
export interface PRF {
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

const div = (a: number, b: number): number | null => (b === 0 ? null : a / b);

function prf(same: number, predicted: number, gold: number): PRF {
  const precision = div(same, predicted);
  const recall = div(same, gold);
  const f1 = precision === null || recall === null ? null : div(2 * precision * recall, precision + recall);
  return { precision, recall, f1 };
}

const pct = (x: number | null): number | null => (x === null ? null : pyRound2(100 * x));

/** `compute_metrics(preds, golds)`: corpus scores of predicted against gold traces (same order, same count). */
export function referenceMetrics(preds: readonly string[], golds: readonly string[]): ReferenceResult {
  if (preds.length !== golds.length) throw new RangeError(`referenceMetrics: ${preds.length} predictions but ${golds.length} gold traces`);
  const perProgram = preds.map((p, i) => referenceProgram(p, golds[i]!));
  const sum = (f: (c: ReferenceProgramCounts) => number): number => perProgram.reduce((a, c) => a + f(c), 0);
  const counts = {
    programs: perProgram.length,
    outputPrograms: sum((c) => (c.goldPrints ? 1 : 0)),
    outputSame: sum((c) => (c.outputSame ? 1 : 0)),
    exact: sum((c) => (c.exact ? 1 : 0)),
    lines: { same: sum((c) => c.sentences.same), predicted: sum((c) => c.sentences.predicted), gold: sum((c) => c.sentences.gold) },
    identifiers: { same: sum((c) => c.identifiers.same), predicted: sum((c) => c.identifiers.predicted), gold: sum((c) => c.identifiers.gold) },
  };
  const lines = prf(counts.lines.same, counts.lines.predicted, counts.lines.gold);
  const identifiers = prf(counts.identifiers.same, counts.identifiers.predicted, counts.identifiers.gold);
  const fractions = { outputAccuracy: div(counts.outputSame, counts.outputPrograms), traceAccuracy: div(counts.exact, counts.programs), lines, identifiers };
  return {
    numbers: {
      outputAccuracy: pct(fractions.outputAccuracy),
      traceAccuracy: pct(fractions.traceAccuracy),
      lineP: pct(lines.precision),
      lineR: pct(lines.recall),
      lineF1: pct(lines.f1),
      identifierP: pct(identifiers.precision),
      identifierR: pct(identifiers.recall),
      identifierF1: pct(identifiers.f1),
    },
    fractions,
    counts,
    perProgram,
  };
}

/**
 * The CodeExecutor trace text (arXiv 2305.05383) and its parser. Browser-safe.
 *
 * One line step: `<line> <k> <state> name : value <dictsep> name : value </state>` with `k` the 0-based
 * line; printed output: `<output> VALUE`; optional data prefix `<singleline>`, `<tutorial>`,
 * `<codenet>`. Values are space-separated tokens with string quotes dropped:
 * `['x', 'y', 'z']` → `[ x , y , z ]`. Tokens are joined by single spaces, so
 * `formatCodeExecutor(parseCodeExecutor(text)) === text` for every text this module writes, except
 * when a value or printed line itself contains a structure word (`<line>`, `<output>`, `<state>`,
 * `</state>`, `<dictsep>`): the format has no escape for them (neither has the paper's), so such a
 * step reads back as malformed.
 */
import { LmkitError } from '@lmkit/tensor';
import type { Trace } from '../tracer/types.js';

/** Data-source prefixes of the paper's datasets. */
export type CodeExecutorPrefix = 'singleline' | 'tutorial' | 'codenet';
/** Every prefix, in the paper's curriculum order. */
export const CODEEXECUTOR_PREFIXES: readonly CodeExecutorPrefix[] = ['singleline', 'tutorial', 'codenet'];

/** Structure tokens of the format. */
export const CE_TOKENS = { line: '<line>', state: '<state>', endState: '</state>', dictsep: '<dictsep>', output: '<output>', sep: ':' } as const;

/** One step of a CodeExecutor trace. Values are already tokenised (space-separated, quotes dropped). */
export type CodeExecutorStep =
  | { kind: 'line'; /** 0-based line. */ line: number; state: Array<[name: string, value: string]> }
  | { kind: 'output'; value: string };

/** A parsed or generated CodeExecutor trace. */
export interface CodeExecutorTrace {
  prefix?: CodeExecutorPrefix;
  steps: CodeExecutorStep[];
}

/** Result of the lenient parser: what could not be read is listed, never thrown. */
export interface ParsedCodeExecutorTrace extends CodeExecutorTrace {
  /** Token runs that are not a well-formed step (e.g. a model's garbled output). */
  malformed: string[];
  /** True when the text ended inside a step (no closing `</state>`): that step is dropped, like the reference. */
  truncated: boolean;
}

const PUNCT = new Set(['[', ']', '(', ')', '{', '}', ',', ':']);

/**
 * Tokenises a rendered (repr-like) value: punctuation becomes its own token, string quotes are
 * dropped, whitespace separates tokens. `"{'a': [1, 'b c']}"` → `"{ a : [ 1 , b c ] }"`.
 */
export function tokenizeValue(rendered: string): string {
  const out: string[] = [];
  let cur = '';
  const flush = (): void => {
    if (cur) out.push(cur);
    cur = '';
  };
  for (let i = 0; i < rendered.length; i++) {
    const c = rendered[i]!;
    if ((c === "'" || c === '"') && (cur === '' || /^[rbuf]+$/i.test(cur) || cur.endsWith('='))) {
      // A string literal: drop the quotes (and a b/r/f prefix), keep its words; `y='q'` → `y=q`.
      const lead = /^[rbuf]+$/i.test(cur) ? '' : cur;
      cur = '';
      let j = i + 1;
      let body = '';
      while (j < rendered.length && rendered[j] !== c) {
        if (rendered[j] === '\\' && j + 1 < rendered.length) {
          body += rendered[j]! + rendered[j + 1]!;
          j += 2;
        } else body += rendered[j++]!;
      }
      const words = body.split(/\s+/).filter(Boolean);
      if (lead) words[0] = lead + (words[0] ?? '');
      out.push(...words);
      i = j;
    } else if (/\s/.test(c)) flush();
    else if (PUNCT.has(c)) {
      flush();
      out.push(c);
    } else cur += c;
  }
  flush();
  return out.join(' ');
}

/** Tokenises one printed line (whitespace-separated words). */
export function tokenizeOutput(line: string): string {
  return line.split(/\s+/).filter(Boolean).join(' ');
}

/** Options of {@link toCodeExecutor}. */
export interface ToCodeExecutorOptions {
  prefix?: CodeExecutorPrefix;
}

/**
 * Converts a {@link Trace} to CodeExecutor steps: one line step per executed line (full visible state
 * after the line), each preceded by an `<output>` step per line of text the program printed by then
 * (a call line's step comes after the callee's steps, and so do the lines the callee printed). The
 * last line step is preceded by everything still unprinted, so a trace never ends with `<output>`
 * (the reference metric drops a final step without `</state>`).
 */
export function toCodeExecutor(trace: Trace, opts: ToCodeExecutorOptions = {}): CodeExecutorTrace {
  const steps: CodeExecutorStep[] = [];
  let printed = 0;
  let partial = '';
  const flush = (end: number, all: boolean): void => {
    if (end > printed) {
      partial += trace.stdout.slice(printed, end);
      printed = end;
    }
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    if (all && partial) {
      lines.push(partial);
      partial = '';
    }
    for (const l of lines) steps.push({ kind: 'output', value: tokenizeOutput(l) });
  };
  trace.steps.forEach((s, i) => {
    const last = i === trace.steps.length - 1;
    flush(last ? Math.max(s.stdoutEnd, trace.stdout.length) : s.stdoutEnd, last);
    steps.push({ kind: 'line', line: s.line - 1, state: Object.entries(s.state).map(([k, v]) => [k, tokenizeValue(v)]) });
  });
  if (trace.steps.length === 0) flush(trace.stdout.length, true);
  return { ...(opts.prefix ? { prefix: opts.prefix } : {}), steps };
}

/** Writes the CodeExecutor text of a trace (tokens joined by single spaces). */
export function formatCodeExecutor(trace: CodeExecutorTrace): string {
  const parts: string[] = [];
  if (trace.prefix) parts.push(`<${trace.prefix}>`);
  for (const s of trace.steps) {
    if (s.kind === 'output') {
      parts.push(CE_TOKENS.output);
      if (s.value) parts.push(s.value);
      continue;
    }
    parts.push(CE_TOKENS.line, `<${s.line}>`, CE_TOKENS.state);
    s.state.forEach(([name, value], i) => {
      if (i > 0) parts.push(CE_TOKENS.dictsep);
      parts.push(name, CE_TOKENS.sep);
      if (value) parts.push(value);
    });
    parts.push(CE_TOKENS.endState);
  }
  return parts.join(' ');
}

/** Shortcut: `formatCodeExecutor(toCodeExecutor(trace, opts))`. */
export function traceToCodeExecutorText(trace: Trace, opts: ToCodeExecutorOptions = {}): string {
  return formatCodeExecutor(toCodeExecutor(trace, opts));
}

const LINE_TOKEN = /^<(\d+)>$/;

/**
 * Parses CodeExecutor text. Lenient by default (bad steps go to `malformed`); with `strict: true`
 * any malformed or truncated step throws an `LMKIT_BAD_TRACE` error.
 */
export function parseCodeExecutor(text: string, opts: { strict?: boolean } = {}): ParsedCodeExecutorTrace {
  const toks = text.split(/\s+/).filter(Boolean);
  const out: ParsedCodeExecutorTrace = { steps: [], malformed: [], truncated: false };
  let i = 0;
  const first = toks[0];
  if (first) {
    const m = /^<(singleline|tutorial|codenet)>$/.exec(first);
    if (m) {
      out.prefix = m[1] as CodeExecutorPrefix;
      i = 1;
    }
  }
  const isStart = (t: string | undefined): boolean => t === CE_TOKENS.line || t === CE_TOKENS.output;
  const bad = (from: number, to: number): void => {
    out.malformed.push(toks.slice(from, to).join(' '));
  };
  while (i < toks.length) {
    const t = toks[i]!;
    if (t === CE_TOKENS.output) {
      let j = i + 1;
      while (j < toks.length && !isStart(toks[j])) j++;
      out.steps.push({ kind: 'output', value: toks.slice(i + 1, j).join(' ') });
      i = j;
      continue;
    }
    if (t !== CE_TOKENS.line) {
      let j = i + 1;
      while (j < toks.length && !isStart(toks[j])) j++;
      bad(i, j);
      i = j;
      continue;
    }
    const start = i;
    const lm = LINE_TOKEN.exec(toks[i + 1] ?? '');
    let j = i + 2;
    let end = -1;
    for (let k = j; k < toks.length && !isStart(toks[k]); k++) {
      if (toks[k] === CE_TOKENS.endState) {
        end = k;
        break;
      }
    }
    if (end < 0) {
      let k = j;
      while (k < toks.length && !isStart(toks[k])) k++;
      if (k >= toks.length) out.truncated = true;
      else bad(start, k);
      i = k;
      continue;
    }
    i = end + 1;
    if (!lm || toks[j] !== CE_TOKENS.state) {
      bad(start, end + 1);
      continue;
    }
    j++;
    const body = toks.slice(j, end);
    const state: Array<[string, string]> = [];
    let ok = true;
    if (body.length > 0) {
      const entries: string[][] = [[]];
      for (const b of body) {
        if (b === CE_TOKENS.dictsep) entries.push([]);
        else entries[entries.length - 1]!.push(b);
      }
      for (const e of entries) {
        if (e.length < 2 || e[1] !== CE_TOKENS.sep) {
          ok = false;
          break;
        }
        state.push([e[0]!, e.slice(2).join(' ')]);
      }
    }
    if (!ok) {
      bad(start, end + 1);
      continue;
    }
    out.steps.push({ kind: 'line', line: Number(lm[1]), state });
  }
  if (opts.strict && (out.malformed.length > 0 || out.truncated)) {
    throw new LmkitError(
      'LMKIT_BAD_TRACE',
      `not a well-formed CodeExecutor trace: ${out.truncated ? 'the last step has no </state>' : `cannot read "${out.malformed[0]!.slice(0, 80)}"`}`,
    );
  }
  return out;
}

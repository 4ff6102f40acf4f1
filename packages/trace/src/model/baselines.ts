/**
 * Baselines that read only the source, to show what the trace model adds:
 *
 * - **line order only**: one step per statement in static order (top to bottom, function bodies
 *   skipped, `else:`/`try:`/`finally:` lines skipped since they produce no step), every state empty;
 * - **copy the previous state**: the same steps, each state the previous one plus what a line copies
 *   without computing — `name = literal` binds the literal, `name = other` copies a known value.
 *
 * Neither runs anything: on straight-line code the line order is right, and the copies are right
 * for every value that is only written down, never computed. Browser-safe.
 */
import { CE_TOKENS, tokenizeValue } from '../format/codeexecutor.js';

/** A statement line of the source (0-based line, its indentation and text). */
interface StatementLine {
  line: number;
  indent: number;
  text: string;
}

/** Logical statement lines in static execution order (see the module comment). */
export function staticLineOrder(source: string): StatementLine[] {
  const out: StatementLine[] = [];
  let depth = 0; // open brackets: continuation lines belong to the statement before
  let skipBelow: number | null = null; // inside a def body: skip lines indented deeper than this
  source.split('\n').forEach((raw, line) => {
    const text = raw.replace(/\t/g, '    ');
    const body = text.trim();
    const startsStatement = depth === 0 && body !== '' && !body.startsWith('#');
    depth = Math.max(0, depth + bracketBalance(body));
    if (!startsStatement) return;
    const indent = text.length - text.trimStart().length;
    if (skipBelow !== null) {
      if (indent > skipBelow) return;
      skipBelow = null;
    }
    if (/^(async\s+)?def\s/.test(body) || body.startsWith('@')) {
      if (!body.startsWith('@')) skipBelow = indent;
      out.push({ line, indent, text: body });
      return;
    }
    if (/^(else|try|finally)\s*:/.test(body)) return;
    out.push({ line, indent, text: body });
  });
  return out;
}

/** Opening minus closing brackets outside string literals (a rough count; good for the generated programs). */
function bracketBalance(text: string): number {
  let n = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '#') break;
    else if ('([{'.includes(c)) n++;
    else if (')]}'.includes(c)) n--;
  }
  return n;
}

const step = (line: number, state: ReadonlyMap<string, string>): string =>
  [CE_TOKENS.line, `<${line}>`, CE_TOKENS.state, [...state].map(([k, v]) => (v ? `${k} : ${v}` : `${k} :`)).join(` ${CE_TOKENS.dictsep} `), CE_TOKENS.endState].filter(Boolean).join(' ');

/** The "line order only" baseline trace of `source`. */
export function lineOrderBaseline(source: string): string {
  return staticLineOrder(source)
    .map((s) => step(s.line, new Map()))
    .join(' ');
}

const LITERAL = /^(?:-?\d+(?:\.\d+)?|'[^'\\]*'|"[^"\\]*"|True|False|None|[[({][\s\d.,:'"A-Za-z_\-+[\](){}]*[\])}])$/;

/** True when `expr` is a literal whose rendering is its own text (numbers, strings, containers of literals). */
function isLiteral(expr: string): boolean {
  if (!LITERAL.test(expr)) return false;
  // Containers: every bare word must be True/False/None (no names, no calls).
  const bare = expr.replace(/'[^']*'|"[^"]*"/g, '').match(/[A-Za-z_]\w*/g) ?? [];
  return bare.every((w) => w === 'True' || w === 'False' || w === 'None');
}

/** The "copy the previous state" baseline trace of `source`. */
export function copyStateBaseline(source: string): string {
  const state = new Map<string, string>();
  const steps: string[] = [];
  for (const s of staticLineOrder(source)) {
    const m = /^([A-Za-z_]\w*)\s*=(?!=)\s*(.+)$/.exec(s.text);
    if (m && s.indent === 0) {
      const [, name, rhs] = m as unknown as [string, string, string];
      const expr = rhs.trim();
      if (isLiteral(expr)) state.set(name, tokenizeValue(expr));
      else if (/^[A-Za-z_]\w*$/.test(expr) && state.has(expr)) state.set(name, state.get(expr)!);
    }
    steps.push(step(s.line, state));
  }
  return steps.join(' ');
}

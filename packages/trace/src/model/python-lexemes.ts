/**
 * Python source → typed lexemes for the character-level trace tokenizer: each logical line starts
 * with its 0-based line token (`<k>`, the token a trace step uses for that line), indentation changes
 * become `indent`/`dedent`, comments are dropped, and every lexeme says what it is (name, number,
 * string, operator), so the tokenizer can keep names whole and spell numbers and strings.
 * Browser-safe, never throws.
 */

/** Highest line token (`<0>` … `<199>`, like the reference). */
export const MAX_LINE_TOKEN = 199;

/** The line token of 0-based line `k` (lines past 199 share `<199>`). */
export const lineToken = (k: number): string => `<${Math.min(k, MAX_LINE_TOKEN)}>`;

/** One lexeme. `string` carries the literal's quote and its whitespace-separated words. */
export type Lexeme =
  | { kind: 'line'; token: string }
  | { kind: 'indent' | 'dedent' }
  | { kind: 'name' | 'number' | 'op'; text: string }
  | { kind: 'string'; prefix: string; quote: string; words: string[] };

const TOKEN = new RegExp(
  [
    String.raw`(?<str>[rRbBfFuU]{0,2}(?:'''[\s\S]*?'''|"""[\s\S]*?"""|'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"))`,
    String.raw`(?<num>\d[\d_]*(?:\.\d*)?(?:[eE][+-]?\d+)?j?|\.\d+(?:[eE][+-]?\d+)?j?)`,
    '(?<name>[A-Za-z_][A-Za-z0-9_]*)',
    String.raw`(?<op>\*\*=|//=|>>=|<<=|\*\*|//|==|!=|<=|>=|\+=|-=|\*=|/=|%=|&=|\|=|\^=|@=|->|:=|<<|>>|[-+*/%@&|^~<>=()[\]{}:;,.])`,
    '(?<comment>#.*)',
    String.raw`(?<other>\S)`,
  ].join('|'),
  'g',
);

/** Splits `source` into lexemes (see the module comment). */
export function lexPython(source: string): Lexeme[] {
  const out: Lexeme[] = [];
  const indents: number[] = [0];
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  let depth = 0; // open brackets: continuation lines keep the logical line
  let k = 0;
  while (k < lines.length) {
    const raw = lines[k]!.replace(/\t/g, '    ');
    const body = raw.trim();
    if ((body === '' || body.startsWith('#')) && depth === 0) {
      k++;
      continue;
    }
    if (depth === 0) {
      out.push({ kind: 'line', token: lineToken(k) });
      const width = raw.length - raw.trimStart().length;
      if (width > indents[indents.length - 1]!) {
        indents.push(width);
        out.push({ kind: 'indent' });
      }
      while (width < indents[indents.length - 1]!) {
        indents.pop();
        out.push({ kind: 'dedent' });
      }
    }
    // A triple-quoted string may span lines: lex the rest of the source from here when one opens.
    let text = body;
    let used = 1;
    const opens = (text.match(/'''|"""/g) ?? []).length;
    if (opens % 2 === 1) {
      let j = k + 1;
      while (j < lines.length && (text.match(/'''|"""/g) ?? []).length % 2 === 1) text += '\n' + lines[j++]!;
      used = j - k;
    }
    for (const m of text.matchAll(TOKEN)) {
      const g = m.groups!;
      if (g.comment !== undefined) break;
      if (g.str !== undefined) {
        const q = g.str.search(/['"]/);
        const triple = g.str.startsWith(g.str[q]!.repeat(3), q);
        const quote = triple ? g.str.slice(q, q + 3) : g.str[q]!;
        const inner = g.str.slice(q + quote.length, g.str.length - quote.length);
        out.push({ kind: 'string', prefix: g.str.slice(0, q), quote, words: inner.split(/\s+/).filter(Boolean) });
      } else if (g.num !== undefined) out.push({ kind: 'number', text: m[0] });
      else if (g.name !== undefined) out.push({ kind: 'name', text: m[0] });
      else {
        const word = m[0];
        if ('([{'.includes(word)) depth++;
        else if (')]}'.includes(word)) depth = Math.max(0, depth - 1);
        out.push({ kind: 'op', text: word });
      }
    }
    k += used;
  }
  return out;
}

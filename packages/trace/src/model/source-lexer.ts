/**
 * Splits Python source into the words the trace model reads: each non-blank line starts with its
 * 0-based line token `<k>` (the same token a trace step uses for that line), indentation changes
 * become `<indent>`/`<dedent>`, comments are dropped, and a string literal becomes its quote, its
 * whitespace-separated words, and its quote. Browser-safe, never throws.
 */

/** Highest line token (`<0>` … `<199>`, like the reference). */
export const MAX_LINE_TOKEN = 199;

const TOKEN = new RegExp(
  [
    String.raw`(?<str>[rRbBfFuU]{0,2}(?:'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"))`,
    String.raw`(?<num>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+)`,
    String.raw`(?<name>[A-Za-z_][A-Za-z0-9_]*)`,
    String.raw`(?<op>\*\*=|//=|>>=|<<=|\*\*|//|==|!=|<=|>=|\+=|-=|\*=|/=|%=|&=|\|=|\^=|->|:=|<<|>>|[-+*/%@&|^~<>=()[\]{}:;,.])`,
    String.raw`(?<other>\S)`,
  ].join('|'),
  'g',
);

/** The line token of 0-based line `k` (`<unk>`-like `<199+>` lines share `<199>`). */
export const lineToken = (k: number): string => `<${Math.min(k, MAX_LINE_TOKEN)}>`;

/** Source → words (see the module comment). */
export function lexSource(source: string): string[] {
  const out: string[] = [];
  const indents: number[] = [0];
  let depth = 0; // open brackets: continuation lines keep the logical line
  source.split('\n').forEach((raw, k) => {
    const line = raw.replace(/\t/g, '    ');
    const body = line.trim();
    if (body === '' || body.startsWith('#')) return;
    if (depth === 0) {
      out.push(lineToken(k));
      const width = line.length - line.trimStart().length;
      if (width > indents[indents.length - 1]!) {
        indents.push(width);
        out.push('<indent>');
      }
      while (width < indents[indents.length - 1]!) {
        indents.pop();
        out.push('<dedent>');
      }
    }
    for (const m of body.matchAll(TOKEN)) {
      const g = m.groups!;
      if (g.str !== undefined) {
        const q = g.str.search(/['"]/);
        const quote = g.str[q]!;
        out.push(quote, ...g.str.slice(q + 1, -1).split(/\s+/).filter(Boolean), quote);
      } else if (g.other === '#') {
        break; // a comment runs to the end of the line
      } else {
        const word = m[0];
        if ('([{'.includes(word)) depth++;
        else if (')]}'.includes(word)) depth = Math.max(0, depth - 1);
        out.push(word);
      }
    }
  });
  return out;
}

import { loadPyodide, type PyodideAPI } from 'pyodide';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractTutorialPool, type TutorialPool } from './tutorial.js';

let py: PyodideAPI;
let pool: TutorialPool;
beforeAll(async () => {
  py = await loadPyodide({ jsglobals: {} });
  pool = extractTutorialPool(py);
});

describe('Tutorial pool from the stdlib doctests', () => {
  it('records where each program came from, in file/line order', () => {
    expect(pool.programs.length).toBeGreaterThan(40);
    expect(pool.zip).toMatch(/^\/lib\/python3\d+\.zip$/);
    const keys = pool.programs.map((p) => [p.origin.file, p.origin.line] as const);
    const sorted = [...keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    expect(keys.map((k) => k[0])).toEqual(sorted.map((k) => k[0]));
    for (const p of pool.programs) {
      expect(p.origin.file.endsWith('.py')).toBe(true);
      expect(p.origin.line).toBeGreaterThan(0);
    }
  });

  it('each program is the docstring example it names (its first statement or import line appears there)', () => {
    const docOf = py.runPython(
      [
        'import zipfile, ast, sys',
        'def _doc(file, line):',
        '    z = zipfile.ZipFile(next(p for p in sys.path if p.endswith(".zip")))',
        '    tree = ast.parse(z.read(file).decode())',
        '    for n in ast.walk(tree):',
        '        if getattr(n, "lineno", 1) == line and isinstance(n, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):',
        '            return ast.get_docstring(n) or ""',
        '    return ""',
        '_doc',
      ].join('\n'),
    ) as (file: string, line: number) => string;
    for (const p of pool.programs.slice(0, 25)) {
      const doc = docOf(p.origin.file, p.origin.line);
      const body = p.source.split('\n').filter((l) => !l.startsWith('from ') && l.trim() !== '');
      const first = body[0]!.replace(/^print\((.*)\)$/, '$1');
      // ast.unparse may change quotes and spacing: compare without them.
      const bare = (x: string) => x.replace(/['"\s]/g, '');
      expect(bare(doc), `${p.origin.file}:${p.origin.line}`).toContain(bare(first).slice(0, 20));
    }
  });

  it('every program parses, runs without an exception, and imports only allowed modules', () => {
    const run = py.runPython(
      'def _run(src):\n    try:\n        exec(compile(src, "<p>", "exec"), {"__name__": "__main__"})\n        return ""\n    except BaseException as e:\n        return repr(e)\n_run',
    ) as (s: string) => string;
    const failures = pool.programs.map((p) => [p.origin.file, run(p.source)]).filter(([, e]) => e !== '');
    expect(failures).toEqual([]);
    for (const p of pool.programs) expect(p.source).not.toMatch(/^import (os|sys|random|time|subprocess)\b/m);
  });
});

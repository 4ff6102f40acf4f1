import { loadPyodide, type PyodideAPI } from 'pyodide';
import { beforeAll, describe, expect, it } from 'vitest';
import { SINGLELINE_TYPES, singleLineProgram, singleLineTemplateCount } from './singleline.js';

let py: PyodideAPI;
beforeAll(async () => {
  py = await loadPyodide({ jsglobals: {} });
});

describe('SingleLine generator', () => {
  it('depends only on (seed, index)', () => {
    expect(singleLineProgram(3, 17)).toEqual(singleLineProgram(3, 17));
    const a = Array.from({ length: 50 }, (_, i) => singleLineProgram(3, i).source);
    const b = Array.from({ length: 50 }, (_, i) => singleLineProgram(4, i).source);
    expect(a).not.toEqual(b);
  });

  it('covers every type and ends with one transformation line after the setup', () => {
    const progs = Array.from({ length: 300 }, (_, i) => singleLineProgram(1, i));
    expect(new Set(progs.map((p) => p.type))).toEqual(new Set(SINGLELINE_TYPES));
    const templates = new Set(progs.map((p) => `${p.type}.${p.template}`));
    const total = Object.values(singleLineTemplateCount()).reduce((x, y) => x + y, 0);
    expect(templates.size).toBe(total); // 300 draws reach all templates
    for (const p of progs) {
      const lines = p.source.trimEnd().split('\n');
      expect(lines.length).toBeGreaterThanOrEqual(2);
      expect(lines.length).toBeLessThanOrEqual(3);
    }
  });

  it('every program runs in Python without an exception', () => {
    const run = py.runPython(
      'def _run(src):\n    try:\n        exec(compile(src, "<p>", "exec"), {})\n        return ""\n    except Exception as e:\n        return repr(e)\n_run',
    ) as (s: string) => string;
    const failures = Array.from({ length: 400 }, (_, i) => singleLineProgram(11, i).source)
      .map((s) => [s, run(s)])
      .filter(([, e]) => e !== '');
    expect(failures).toEqual([]);
  });
});

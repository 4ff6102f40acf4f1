import { loadPyodide, type PyodideAPI } from 'pyodide';
import { beforeAll, describe, expect, it } from 'vitest';
import { Mutator } from '../mutate/mutator.js';
import { generatedCandidate } from './generated-candidates.js';
import { drawNames, NameDrawer } from './names.js';
import { SINGLELINE_HELDOUT_TEMPLATES, SINGLELINE_SCALE_TEMPLATES, scaledSingleLineProgram } from './singleline-scale.js';
import { canonicalSource, dedupeBySource, fnv1a, HELD_OUT_PERCENT, programSplit } from './splits.js';
import { TEACHING_FAMILY_NAMES, TEACHING_MAX_LINES, teachingProgram } from './teaching.js';
import { Rng } from '@lmkit/tensor';

let py: PyodideAPI;
let run: (src: string) => string;
beforeAll(async () => {
  py = await loadPyodide({ jsglobals: {} });
  run = py.runPython(
    'import io, contextlib\ndef _run(src):\n    try:\n        with contextlib.redirect_stdout(io.StringIO()):\n            exec(compile(src, "<p>", "exec"), {"__name__": "__main__"})\n        return ""\n    except Exception as e:\n        return repr(e)\n_run',
  ) as (s: string) => string;
});

describe('names', () => {
  it('never hands out a name twice in one program, across kinds', () => {
    const r = new Rng(5);
    for (let t = 0; t < 200; t++) {
      const names = drawNames(r, 'int', 'int', 'float', 'list', 'str', 'dict', 'bool', 'func');
      expect(new Set(names).size).toBe(names.length);
    }
    const d = new NameDrawer(new Rng(1));
    const loops = Array.from({ length: 8 }, () => d.takeFrom(['i', 'j']));
    expect(new Set(loops).size).toBe(8); // i, j, then suffixed names
    expect(loops.slice(0, 2).sort()).toEqual(['i', 'j']);
  });
});

describe('SingleLine at scale', () => {
  it('is a pure function of (seed, index) and gives ≥ 50,000 distinct programs from 60,000 draws', () => {
    expect(scaledSingleLineProgram(4, 99)).toEqual(scaledSingleLineProgram(4, 99));
    const seen = new Set<string>();
    for (let i = 0; i < 60_000; i++) seen.add(scaledSingleLineProgram(1, i).source);
    expect(seen.size).toBeGreaterThanOrEqual(50_000);
  });

  it('reaches every template, flags the held-out ones, and every program runs', () => {
    const progs = Array.from({ length: 3000 }, (_, i) => scaledSingleLineProgram(7, i));
    expect(new Set(progs.map((p) => p.template))).toEqual(new Set(SINGLELINE_SCALE_TEMPLATES));
    for (const p of progs) expect(p.heldOutTemplate).toBe(SINGLELINE_HELDOUT_TEMPLATES.has(p.template));
    for (const t of SINGLELINE_HELDOUT_TEMPLATES) expect(SINGLELINE_SCALE_TEMPLATES).toContain(t);
    const failures = progs.map((p) => [p.source, run(p.source)]).filter(([, e]) => e !== '');
    expect(failures).toEqual([]);
    for (const p of progs) {
      const lines = p.source.trimEnd().split('\n');
      expect(lines.length).toBeGreaterThanOrEqual(2);
      expect(lines.length).toBeLessThanOrEqual(3);
    }
  });
});

describe('teaching programs', () => {
  it('are 3–15 lines, reach every family, run without an exception, and mostly differ', () => {
    const progs = Array.from({ length: 2000 }, (_, i) => teachingProgram(3, i));
    expect(new Set(progs.flatMap((p) => p.families))).toEqual(new Set(TEACHING_FAMILY_NAMES));
    for (const p of progs) {
      const n = p.source.trimEnd().split('\n').length;
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(TEACHING_MAX_LINES);
    }
    const failures = progs.map((p) => [p.source, run(p.source)]).filter(([, e]) => e !== '');
    expect(failures).toEqual([]);
    expect(new Set(progs.map((p) => p.source)).size).toBeGreaterThan(1900);
    expect(progs.filter((p) => p.families.length === 2).length).toBeGreaterThan(100);
  });
});

describe('splits', () => {
  it('FNV-1a matches its published test vectors', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });

  it('holds out by source: duplicates share a side, trailing spaces do not matter, the share is near the percent', () => {
    expect(programSplit('a = 1\nb = a + 2\n', 5)).toBe(programSplit('a = 1   \nb = a + 2\n\n', 5));
    expect(canonicalSource('x = 1  \n\n')).toBe('x = 1');
    const sources = Array.from({ length: 20_000 }, (_, i) => teachingProgram(1, i).source);
    const test = sources.filter((s) => programSplit(s, HELD_OUT_PERCENT.teaching) === 'test').length / sources.length;
    expect(test).toBeGreaterThan(0.04);
    expect(test).toBeLessThan(0.06);
    const { records, duplicates } = dedupeBySource([{ source: 'a = 1\n' }, { source: 'b = 2\n' }, { source: 'a = 1  \n' }]);
    expect(records.map((r) => r.source)).toEqual(['a = 1\n', 'b = 2\n']);
    expect(duplicates).toBe(1);
  });

  it('records the split in every generated candidate; a mutant has the split of its base program (every 4th held out)', () => {
    for (let i = 0; i < 200; i++) {
      const c = generatedCandidate('singleline2', 2, i)!;
      const t = c.origin.template as string;
      expect(c.origin.split).toBe(SINGLELINE_HELDOUT_TEMPLATES.has(t) ? 'test-template' : programSplit(c.source, HELD_OUT_PERCENT.singleline));
      const tc = generatedCandidate('teaching', 2, i)!;
      expect(tc.origin.split).toBe(programSplit(tc.source, HELD_OUT_PERCENT.teaching));
    }
    const mutator = new Mutator(py);
    let made = 0;
    for (let i = 0; i < 12; i++) {
      const m = generatedCandidate('codenetmut', 2, i, mutator);
      if (!m) continue;
      made++;
      const base = teachingProgram(2, (m.origin.base as { index: number }).index);
      expect(m.origin.split).toBe(i % 4 === 0 ? 'test' : 'train');
      expect(programSplit(base.source, HELD_OUT_PERCENT.teaching)).toBe(m.origin.split);
      expect(m.source).not.toBe(base.source);
    }
    expect(made).toBeGreaterThan(8);
  });
});

/**
 * The Tutorial set's programs: human-written doctest examples from the standard library bundled in
 * Pyodide, converted to runnable programs (see tutorial.py for the rules). Browser-safe.
 */
import { LmkitError } from '@lmkit/tensor';
import { installPythonModule, type PythonEval } from '../python/install.js';
import { TUTORIAL_PY } from '../python/sources.gen.js';

/** Where a Tutorial program came from. */
export interface TutorialOrigin {
  /** Path inside Pyodide's stdlib zip, e.g. `statistics.py`. */
  file: string;
  /** Module name, e.g. `statistics`. */
  module: string;
  /** Function/class whose docstring holds the examples (`<module>` for the module docstring). */
  object: string;
  /** 1-based line of that function/class in the file. */
  line: number;
}

/** One converted example program. */
export interface TutorialProgram {
  source: string;
  origin: TutorialOrigin;
}

/** The extracted pool with the interpreter it came from. */
export interface TutorialPool {
  programs: TutorialProgram[];
  /** Python version of the stdlib read. */
  python: string;
  /** The zip read, e.g. `/lib/python314.zip`. */
  zip: string;
}

/**
 * Extracts the Tutorial pool (a few dozen programs, in file/line order) from the stdlib inside the
 * given Pyodide interpreter. Parses only; runs nothing.
 */
export function extractTutorialPool(py: PythonEval): TutorialPool {
  installPythonModule(py, 'lmkit_tutorial', TUTORIAL_PY);
  const out = py.runPython(`__import__('lmkit_tutorial').extract()`);
  if (typeof out !== 'string') throw new LmkitError('LMKIT_PYTHON', 'Tutorial extraction returned no JSON; is this a Pyodide interpreter with its stdlib zip?');
  return JSON.parse(out) as TutorialPool;
}

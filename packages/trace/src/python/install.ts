/**
 * Installs the package's Python modules (the `.py` files under src/, embedded at build time) into a
 * Python interpreter. Browser-safe.
 */

/** The one thing the Python helpers need from an interpreter (Pyodide's `runPython` fits). */
export interface PythonEval {
  /** Runs code; the value of the last expression is returned (a Python `str` arrives as a JS string). */
  runPython(code: string): unknown;
}

// Runs in a throw-away dict (nothing is left in `__main__`): puts the module in sys.modules first,
// as an import does, so the module may remove itself; takes it out again when its code fails.
const INSTALL = `import sys, types
m = sys.modules.get(name)
if m is None:
    m = types.ModuleType(name)
    m.__file__ = name + '.py'
    sys.modules[name] = m
    try:
        exec(compile(source, m.__file__, 'exec'), m.__dict__)
    except BaseException:
        sys.modules.pop(name, None)
        raise
`;

/**
 * Installs `source` as the module `name` (importable afterwards as `__import__(name)`) unless a
 * module of that name is already loaded. A module that takes itself out of `sys.modules` while it
 * runs (the sandbox layer does, so programs cannot import it) is returned, as the interpreter hands
 * it to JS (a PyProxy in Pyodide: destroy it when done): that is the only way to reach it.
 * Otherwise the result is `undefined`.
 */
export function installPythonModule(py: PythonEval, name: string, source: string): unknown {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new TypeError(`not a Python module name: ${name}`);
  const args = `{'name': ${JSON.stringify(name)}, 'source': ${JSON.stringify(source)}}`;
  const result = `(None if d['sys'].modules.get(d['name']) is d['m'] else d['m'])`;
  return py.runPython(`(lambda d: (exec(${JSON.stringify(INSTALL)}, d), ${result})[1])(${args})`);
}

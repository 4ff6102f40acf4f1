"""The Python side of the Tutorial set: reads the doctest (`>>>`) examples in the docstrings of the
standard library that ships inside Pyodide (`/lib/python3xx.zip`, the npm package's
python_stdlib.zip) and turns each docstring's examples into one runnable program. Only parses
source (ast + doctest.DocTestParser); nothing is executed here. Installed as the module
`lmkit_tutorial`.
"""
import ast, builtins, doctest, json, sys, zipfile

# Modules whose examples are deterministic, need no files, network, clock or randomness.
ALLOWED = {
    'math', 'cmath', 'fractions', 'decimal', 'statistics', 'collections', 'itertools', 'functools',
    'operator', 'string', 're', 'heapq', 'bisect', 'textwrap', 'json', 'copy', 'enum', 'dataclasses',
    'difflib', 'keyword', 'numbers', 'reprlib', 'pprint', 'graphlib', 'base64', 'binascii', 'struct',
    'array', 'shlex', 'fnmatch', 'colorsys', 'html', 'ipaddress', 'calendar', 'typing', 'unicodedata',
    'contextlib', 'abc', 'types', 'codecs', 'stringprep', 'quopri', 'uu', 'zlib', 'hashlib', 'secrets_off',
}
SKIP_TOP = {'test', 'idlelib', 'tkinter', 'turtledemo', 'lib2to3', 'ensurepip', 'pydoc_data', '_pyodide',
            'pyodide', 'antigravity.py', 'this.py', 'doctest.py', 'pdb.py', 'pydoc.py'}
BUILTINS = set(dir(builtins))
MAX_LINES = 40

def _module_name(path):
    mod = path[:-3].replace('/', '.')
    return mod[:-9] if mod.endswith('.__init__') else mod

def _top_level_names(tree):
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target]):
                if isinstance(t, ast.Name):
                    names.add(t.id)
        elif isinstance(node, ast.ImportFrom):
            for a in node.names:
                if a.name != '*':
                    names.add(a.asname or a.name)
    return {n for n in names if not n.startswith('_')}

def _imports_ok(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            if any(a.name.split('.')[0] not in ALLOWED for a in node.names):
                return False
        elif isinstance(node, ast.ImportFrom):
            if node.level or (node.module or '').split('.')[0] not in ALLOWED:
                return False
    return True

def _free_names(tree):
    bound, used = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (bound if isinstance(node.ctx, (ast.Store, ast.Del)) else used).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for a in node.names:
                bound.add((a.asname or a.name).split('.')[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
    return used - bound - BUILTINS

def _convert(examples):
    """Doctest examples -> program lines; an expression whose doctest shows output is printed."""
    lines = []
    for ex in examples:
        if ex.exc_msg is not None or any(v for k, v in ex.options.items() if k == doctest.SKIP):
            return None
        src = ex.source.rstrip('\n')
        try:
            tree = ast.parse(src)
        except SyntaxError:
            return None
        if ex.want.strip() and len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr):
            value = tree.body[0].value
            if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == 'print':
                lines.extend(src.split('\n'))
            else:
                lines.append('print(' + ast.unparse(value) + ')')
        else:
            lines.extend(src.split('\n'))
    return lines

def extract():
    zpath = next(p for p in sys.path if p.endswith('.zip'))
    parser = doctest.DocTestParser()
    out = []
    with zipfile.ZipFile(zpath) as z:
        for path in sorted(n for n in z.namelist() if n.endswith('.py')):
            if path.split('/')[0] in SKIP_TOP:
                continue
            module = _module_name(path)
            raw = z.read(path)
            if b'>>>' not in raw:
                continue
            try:
                tree = ast.parse(raw.decode('utf-8'))
            except (SyntaxError, UnicodeDecodeError, ValueError):
                continue
            exported = _top_level_names(tree)
            nodes = [n for n in ast.walk(tree) if isinstance(n, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
            for node in sorted(nodes, key=lambda n: getattr(n, 'lineno', 0)):
                doc = ast.get_docstring(node, clean=True)
                if not doc or '>>>' not in doc:
                    continue
                try:
                    examples = parser.get_examples(doc)
                except ValueError:
                    continue
                lines = _convert(examples) if examples else None
                if not lines or len(lines) > MAX_LINES:
                    continue
                body = '\n'.join(lines) + '\n'
                try:
                    prog = ast.parse(body)
                except SyntaxError:
                    continue
                free = sorted(_free_names(prog))
                if free:
                    if module.split('.')[0] not in ALLOWED or not set(free) <= exported:
                        continue
                    body = 'from ' + module + ' import ' + ', '.join(free) + '\n' + body
                    prog = ast.parse(body)
                if not _imports_ok(prog):
                    continue
                line = getattr(node, 'lineno', 1)
                out.append({'source': body, 'origin': {'file': path, 'module': module,
                            'object': getattr(node, 'name', '<module>'), 'line': line}})
    return json.dumps({'zip': zpath, 'python': sys.version.split()[0], 'programs': out})

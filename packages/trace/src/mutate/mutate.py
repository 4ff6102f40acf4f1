"""The Python side of the mutation operators: runs inside Pyodide, works on the program's `ast` only
(parse -> change one node -> `ast.unparse` -> `compile` check). The program is never executed.
Installed once per interpreter as the module `lmkit_mutate`; called with a JSON request, answers JSON.
"""
import ast, copy, json

class _Rng:
    """mulberry32: the same stream on every Python version (seeded choices stay stable)."""
    def __init__(self, seed):
        self.s = seed & 0xFFFFFFFF
    def random(self):
        self.s = (self.s + 0x6D2B79F5) & 0xFFFFFFFF
        t = self.s
        t = ((t ^ (t >> 15)) * (t | 1)) & 0xFFFFFFFF
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & 0xFFFFFFFF)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296
    def below(self, n):
        return int(self.random() * n)
    def choice(self, xs):
        return xs[self.below(len(xs))]
    def shuffled(self, xs):
        xs = list(xs)
        for i in range(len(xs) - 1, 0, -1):
            j = self.below(i + 1)
            xs[i], xs[j] = xs[j], xs[i]
        return xs

ARITH = [ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow]
BITWISE = [ast.BitAnd, ast.BitOr, ast.BitXor, ast.LShift, ast.RShift]
RELATIONAL = [ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq]
NEGATED = {ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is}
SYMBOL = {ast.Add: '+', ast.Sub: '-', ast.Mult: '*', ast.Div: '/', ast.FloorDiv: '//', ast.Mod: '%',
          ast.Pow: '**', ast.BitAnd: '&', ast.BitOr: '|', ast.BitXor: '^', ast.LShift: '<<', ast.RShift: '>>',
          ast.Lt: '<', ast.LtE: '<=', ast.Gt: '>', ast.GtE: '>=', ast.Eq: '==', ast.NotEq: '!=',
          ast.In: 'in', ast.NotIn: 'not in', ast.Is: 'is', ast.IsNot: 'is not', ast.And: 'and', ast.Or: 'or',
          ast.USub: '-', ast.UAdd: '+', ast.Invert: '~', ast.Not: 'not'}
SIMPLE_STMTS = (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Expr)

def _pos(node):
    return (getattr(node, 'lineno', 0), getattr(node, 'col_offset', 0))

def _walk(tree):
    """Every node in source order (the sort is stable for equal positions)."""
    return sorted(ast.walk(tree), key=_pos)

def _replace(tree, target, new):
    class R(ast.NodeTransformer):
        def visit(self, node):
            if node is target:
                return new
            return self.generic_visit(node)
    return R().visit(tree)

def _src(node):
    return ast.unparse(node)

def _num(v):
    return ast.UnaryOp(ast.USub(), ast.Constant(-v)) if v < 0 else ast.Constant(v)

# Each operator: sites(tree) -> list of sites; apply(tree, site, rng) -> (tree, line, before, after).

def crp_sites(tree):
    return [n for n in _walk(tree) if isinstance(n, ast.Constant) and type(n.value) in (int, float)]
def crp_apply(tree, n, rng):
    v = n.value
    one = 1 if type(v) is int else 1.0
    options = []
    for c in (v + one, v - one, 0 * one):
        if c != v and c not in options:
            options.append(c)
    new = rng.choice(options)
    tree = _replace(tree, n, _num(new))
    return tree, n.lineno, repr(v), repr(new)

def _op_sites(kinds, node_type):
    def sites(tree):
        return [n for n in _walk(tree) if isinstance(n, node_type) and type(n.op) in kinds]
    return sites
def _op_apply(kinds):
    def apply(tree, n, rng):
        old = type(n.op)
        new = rng.choice([k for k in kinds if k is not old])
        n.op = new()
        return tree, n.lineno, SYMBOL[old], SYMBOL[new]
    return apply

def asr_sites(tree):
    return [n for n in _walk(tree) if isinstance(n, ast.AugAssign)]
def asr_apply(tree, n, rng):
    old = type(n.op)
    group = ARITH if old in ARITH else BITWISE
    new = rng.choice([k for k in group if k is not old])
    n.op = new()
    return tree, n.lineno, SYMBOL[old] + '=', SYMBOL[new] + '='

def lcr_sites(tree):
    return [n for n in _walk(tree) if isinstance(n, ast.BoolOp)]
def lcr_apply(tree, n, rng):
    old = type(n.op)
    n.op = ast.Or() if old is ast.And else ast.And()
    return tree, n.lineno, SYMBOL[old], SYMBOL[type(n.op)]

def ror_sites(tree):
    return [(n, i) for n in _walk(tree) if isinstance(n, ast.Compare) for i in range(len(n.ops))]
def ror_apply(tree, site, rng):
    n, i = site
    old = type(n.ops[i])
    new = NEGATED[old] if old in NEGATED else rng.choice([k for k in RELATIONAL if k is not old])
    n.ops[i] = new()
    return tree, n.lineno, SYMBOL[old], SYMBOL[new]

def uoi_sites(tree):
    return [(n, f) for n in _walk(tree) if isinstance(n, ast.BinOp) for f in ('left', 'right')
            if not isinstance(getattr(n, f), ast.UnaryOp)]
def uoi_apply(tree, site, rng):
    n, f = site
    old = getattr(n, f)
    before = _src(old)
    setattr(n, f, ast.UnaryOp(ast.USub(), old))
    return tree, n.lineno, before, _src(getattr(n, f))

def uod_sites(tree):
    return [n for n in _walk(tree) if isinstance(n, ast.UnaryOp)]
def uod_apply(tree, n, rng):
    before = _src(n)
    tree = _replace(tree, n, n.operand)
    return tree, n.lineno, before, _src(n.operand)

def cng_sites(tree):
    return [n for n in _walk(tree) if isinstance(n, (ast.If, ast.While, ast.IfExp))]
def cng_apply(tree, n, rng):
    before = _src(n.test)
    n.test = ast.UnaryOp(ast.Not(), n.test)
    return tree, n.lineno, before, _src(n.test)

def _stmt_sites(tree, keep):
    out = []
    for parent in ast.walk(tree):
        for field in ('body', 'orelse', 'finalbody'):
            stmts = getattr(parent, field, None)
            if isinstance(stmts, list):
                for i, s in enumerate(stmts):
                    if isinstance(s, ast.stmt) and keep(s):
                        out.append((parent, field, i))
    return sorted(out, key=lambda t: _pos(getattr(t[0], t[1])[t[2]]))

def _is_docstring(s):
    return isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant) and isinstance(s.value.value, str)

def sdl_sites(tree):
    return _stmt_sites(tree, lambda s: isinstance(s, SIMPLE_STMTS) and not _is_docstring(s))
def sdl_apply(tree, site, rng):
    parent, field, i = site
    stmts = getattr(parent, field)
    s = stmts.pop(i)
    emptied = not stmts
    if emptied:
        stmts.append(ast.Pass())
    return tree, s.lineno, _src(s), 'pass' if emptied else '(deleted)'

def _changes_state(s):
    if isinstance(s, ast.AugAssign):
        return True
    if isinstance(s, ast.Expr):
        return isinstance(s.value, ast.Call)
    if isinstance(s, ast.Assign):
        stored = {t.id for t in s.targets if isinstance(t, ast.Name)}
        return any(isinstance(n, ast.Name) and n.id in stored for n in ast.walk(s.value))
    return False
def sin_sites(tree):
    return _stmt_sites(tree, _changes_state)
def sin_apply(tree, site, rng):
    parent, field, i = site
    stmts = getattr(parent, field)
    s = stmts[i]
    stmts.insert(i + 1, copy.deepcopy(s))
    return tree, s.lineno, _src(s), _src(s) + '; ' + _src(s)

def _variables(tree):
    names = set()
    for n in ast.walk(tree):
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
            names.add(n.id)
        elif isinstance(n, ast.arg):
            names.add(n.arg)
    return sorted(names)
def vsw_sites(tree):
    names = _variables(tree)
    if len(names) < 2:
        return []
    return [n for n in _walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id in names]
def vsw_apply(tree, n, rng):
    old = n.id
    n.id = rng.choice([v for v in _variables(tree) if v != old])
    return tree, n.lineno, old, n.id

OPERATORS = {
    'CRP': (crp_sites, crp_apply),
    'AOR': (_op_sites(ARITH, ast.BinOp), _op_apply(ARITH)),
    'ASR': (asr_sites, asr_apply),
    'BOR': (_op_sites(BITWISE, ast.BinOp), _op_apply(BITWISE)),
    'LCR': (lcr_sites, lcr_apply),
    'ROR': (ror_sites, ror_apply),
    'UOI': (uoi_sites, uoi_apply),
    'UOD': (uod_sites, uod_apply),
    'CNG': (cng_sites, cng_apply),
    'SDL': (sdl_sites, sdl_apply),
    'SIN': (sin_sites, sin_apply),
    'VSW': (vsw_sites, vsw_apply),
}

def _parse(source):
    try:
        return ast.parse(source), None
    except (SyntaxError, ValueError, RecursionError, MemoryError) as e:
        return None, type(e).__name__ + ': ' + str(e)

def count_sites(source):
    tree, err = _parse(source)
    if tree is None:
        return {'ok': False, 'reason': 'syntax', 'message': err}
    return {'ok': True, 'sites': {k: len(v[0](tree)) for k, v in OPERATORS.items()}}

def mutate(source, op, seed):
    tree, err = _parse(source)
    if tree is None:
        return {'ok': False, 'reason': 'syntax', 'message': err}
    base = ast.unparse(tree)
    sites_of, apply = OPERATORS[op]
    n = len(sites_of(tree))
    if n == 0:
        return {'ok': False, 'reason': 'no-site', 'message': 'the program has no site for ' + op}
    rng = _Rng(seed)
    for k in rng.shuffled(range(n)):
        fresh = ast.parse(source)
        site = sites_of(fresh)[k]
        fresh, line, before, after = apply(fresh, site, rng)
        ast.fix_missing_locations(fresh)
        try:
            out = ast.unparse(fresh)
            compile(out, '<mutant>', 'exec', dont_inherit=True)
        except (SyntaxError, ValueError, RecursionError):
            continue
        if out != base:
            return {'ok': True, 'source': out, 'original': base, 'line': line, 'before': before,
                    'after': after, 'site': k, 'sites': n}
    return {'ok': False, 'reason': 'no-valid-site', 'message': 'no site of ' + op + ' gives a program that compiles'}

def normalize(source):
    tree, err = _parse(source)
    if tree is None:
        return {'ok': False, 'reason': 'syntax', 'message': err}
    return {'ok': True, 'source': ast.unparse(tree)}

def handle(request_json):
    req = json.loads(request_json)
    kind = req['kind']
    if kind == 'mutate':
        return json.dumps(mutate(req['source'], req['operator'], req['seed']))
    if kind == 'sites':
        return json.dumps(count_sites(req['source']))
    return json.dumps(normalize(req['source']))

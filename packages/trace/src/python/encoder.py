"""Values and heap objects of the event stream (installed as the module `lmkit_encoder`).

A value is a JSON primitive (None, bools, ints below 2**53, short printable ASCII strings) or a tagged
list: `['R', id]` a heap object, `['float', repr, pg]` (pg: pg_encoder's form, rounded to 4 digits or
`['SPECIAL_FLOAT', text]`), `['int', text]`, `['str', prefix, length, repr(prefix)]`. A heap record is
pg_encoder-like and shallow (children are values):

    ['list' | 'tuple' | 'set', n, items]          exact builtin types, first items only
    ['dict', n, [[key, value], ...]]
    ['func', 'name(args)', parent frame id | None, [[arg, default], ...] | None, code index]
    ['bfunc', 'name(...)']                        builtin functions and methods
    ['class', name, [base names], [[attr, value], ...]]
    ['imported', label]                           pg_encoder's IMPORTED_FAUX_PRIMITIVE
    ['inst', type name, str() or None, repr() or None, [[attr, value], ...] | None, base | None, hide]

`base` is the contents of a container subclass or frozenset (as a record of its own kind), `repr` the
repr of builtin/stdlib value types (the CodeExecutor view shows it), `hide` marks what the CodeExecutor
state leaves out (modules, generators, descriptors). Objects are identified by identity and kept
alive for the run; a record is sent again only when it changed. No classes here: nothing of the
encoder is reachable from a program (see program_io.py).
"""
import sys, types, re, itertools
from operator import is_ as _is
from lmkit_io import Stop

_SAFE_INT = 1 << 53
_FunctionType = types.FunctionType
_MethodType = types.MethodType
_BuiltinType = types.BuiltinFunctionType
_ModuleType = types.ModuleType
_HIDE = frozenset((_ModuleType, types.GeneratorType, types.CoroutineType, types.AsyncGeneratorType,
                   types.MethodWrapperType, types.WrapperDescriptorType, types.MethodDescriptorType, _BuiltinType))
_REPR_MODULES = frozenset(('builtins', 'fractions', 'decimal', 'datetime', 'enum', 'collections'))
_CONTAINERS = (list, tuple, dict, set, frozenset)
# Objects of these C types cannot change (no attributes, a str/repr fixed at creation): once recorded,
# never rendered again (a builtin class's dict holds dozens of them, walked at every event).
_IMMUTABLE = frozenset((types.MethodDescriptorType, types.WrapperDescriptorType, types.MethodWrapperType,
                        types.ClassMethodDescriptorType, types.GetSetDescriptorType, types.MemberDescriptorType))
_PG_HIDDEN_ATTRS = frozenset(('__doc__', '__module__', '__return__', '__dict__', '__locals__', '__weakref__', '__qualname__'))
_ADDR = re.compile(r' at 0x[0-9a-fA-F]+')
_INF = float('inf')
_islice = itertools.islice
_chain = itertools.chain.from_iterable
_class_dict = type.__dict__['__dict__'].__get__
# Identity of a live object (every recorded object stays alive for the run): object.__hash__ is its
# address, rotated; id() would raise an audit event, i.e. call the sandbox's hook, for each value.
_key = object.__hash__


def fmt_float(v):
    """pg_encoder's form of a float: SPECIAL_FLOAT for whole numbers, inf and nan, else rounded to 4 digits."""
    if v != v:
        return ['SPECIAL_FLOAT', 'NaN']
    if v == _INF or v == -_INF:
        return ['SPECIAL_FLOAT', 'Infinity' if v > 0 else '-Infinity']
    if v == int(v):
        return ['SPECIAL_FLOAT', '%.1f' % v]
    return round(v, 4)


def trivial_str(s):
    """pg_encoder ignores '<__main__.C object at 0x…>' and '<module …>' as a pretty-print."""
    return s[:1] == '<' and s[-1:] == '>' and (' at ' in s or s.startswith('<module'))


def external(v):
    """pg_encoder's IMPORTED_FAUX_PRIMITIVE test: defined in a module that has an absolute file path."""
    try:
        mod = getattr(v, '__module__', None)
    except Exception:
        return False
    if type(mod) is not str or mod == '__main__':
        return False
    m = sys.modules.get(mod)
    f = getattr(m, '__file__', None) if m is not None else None
    return type(f) is str and f[:1] == '/'


def make_heap(max_items, max_chars, code_info, parent_of, foreign, shallow_defs=False):
    """The encoder of one run: returns (val, set_kids, collect, drop).

    `val(v)` encodes a value (a heap object's id is also appended to the current kids list, set
    with `set_kids(list)`); `collect(roots, out)` walks everything reachable from the ids in `roots`
    and appends `[id, record]` to `out` for each object whose record changed; `drop()` lets go of every
    object (at the end of the run, so the program's objects can die). `code_info(code)` gives
    `(index, pretty name, argument names, keyword-only names)`; `parent_of(function)` a frame id or None;
    `foreign(on)` marks the calls into an object's own code (str, repr) for the sandbox.
    `shallow_defs`: the objects a class's attributes or a function's defaults refer to are not walked
    (the CodeExecutor view shows a class or function by its kind only; Python Tutor's needs them).
    """
    ids = {}
    objs = [None]
    refs = [None]
    cache = [None]
    str_kind = {}
    kids = []
    k = max_items
    lim = max_chars

    def set_kids(lst):
        nonlocal kids
        kids = lst

    def val(v):
        t = type(v)
        if t is int:
            if -_SAFE_INT < v < _SAFE_INT:
                return v
            n = v.bit_length()
            return ['int', repr(v) if n <= 4000 else '<int of %d bits>' % n]
        if t is str:
            if len(v) <= lim and v.isascii() and v.isprintable():
                return v
            p = v if len(v) <= lim else v[:lim]
            return ['str', p, len(v), repr(p)]
        if t is bool or v is None:
            return v
        if t is float:
            return ['float', repr(v), fmt_float(v)]
        i = _key(v)
        sid = ids.get(i)
        if sid is None:
            sid = len(objs)
            ids[i] = sid
            objs.append(v)
            refs.append(['R', sid])
            cache.append(None)
        kids.append(sid)
        return refs[sid]

    def collect(roots, out):
        seen = set()
        todo = list(roots)
        while todo:
            sid = todo.pop()
            if sid in seen:
                continue
            seen.add(sid)
            old = cache[sid]
            set_kids([])
            mine = kids
            snap, rec = record(objs[sid], old)
            if rec is None:
                # Unchanged (same elements, by identity): its children still need a look.
                todo.extend(old[2])
                continue
            if old is None or old[1] != rec:
                out.append([sid, rec])
            if shallow_defs and (rec[0] == 'class' or rec[0] == 'func'):
                mine = []
            cache[sid] = (snap, rec, mine)
            todo.extend(mine)

    def same(old, n, pre):
        return old is not None and old[0] is not None and n == old[0][0] and all(map(_is, pre, old[0][1]))

    def record(v, old):
        """(snapshot, record); record None when the snapshot shows the object unchanged."""
        t = type(v)
        if t in _IMMUTABLE and old is not None:
            return None, None
        if t is list or t is tuple:
            pre = v[:k]
            if same(old, len(v), pre):
                return None, None
            return (len(v), pre), ['list' if t is list else 'tuple', len(v), [val(x) for x in pre]]
        if t is dict:
            pre = list(_islice(v.items(), k))
            flat = list(_chain(pre))
            if same(old, len(v), flat):
                return None, None
            return (len(v), flat), ['dict', len(v), [[val(a), val(b)] for a, b in pre]]
        if t is set:
            pre = list(_islice(v, k))
            if same(old, len(v), pre):
                return None, None
            return (len(v), pre), ['set', len(v), [val(x) for x in pre]]
        if t is _FunctionType or t is _MethodType:
            # Everything its record is made of, by identity: unchanged, it is not rendered again.
            f = v.__func__ if t is _MethodType else v
            kw = f.__kwdefaults__
            snap = [external(v), f.__code__, f.__defaults__, kw, parent_of(v)]
            if kw:
                snap.extend(_chain(kw.items()))
            if same(old, len(snap), snap):
                return None, None
            return (len(snap), snap), function(snap)
        if t is _BuiltinType:
            if external(v):
                return None, ['imported', 'imported object']
            return None, ['bfunc', getattr(v, '__name__', '?') + '(...)']
        if isinstance(v, type):
            snap = [external(v), v.__name__, v.__bases__]
            snap.extend(_chain(_class_dict(v).items()))
            if same(old, len(snap), snap):
                return None, None
            return (len(snap), snap), klass(v)
        return None, instance(v, t)

    def function(snap):
        """A function's record from its snapshot `[external, code, defaults, kwdefaults, parent, …]`."""
        if snap[0]:
            return ['imported', 'imported object']
        code, dv, kw, parent = snap[1], snap[2], snap[3], snap[4]
        ci, pretty, args, kwonly = code_info(code)
        defaults = []
        if dv:
            for name, d in zip(args[len(args) - len(dv):], dv):
                defaults.append([name, val(d)])
        if kw:
            for name in kwonly:
                if name in kw:
                    defaults.append([name, val(kw[name])])
        return ['func', pretty, parent, defaults or None, ci]

    def klass(v):
        if external(v):
            return ['imported', 'imported class']
        bases = [b.__name__ for b in v.__bases__ if b is not object]
        d = _class_dict(v)
        names = sorted(a for a in d if type(a) is str and a not in _PG_HIDDEN_ATTRS)[:k]
        return ['class', v.__name__, bases, [[a, val(d[a])] for a in names]]

    def instance(v, t):
        name = t.__name__
        pp = pprint(v, t)
        rp = None
        base = None
        if isinstance(v, _CONTAINERS):
            if isinstance(v, dict):
                pre = list(_islice(dict.items(v), k))
                base = ['dict', len(v), [[val(a), val(b)] for a, b in pre]]
            elif isinstance(v, (set, frozenset)):
                it = set.__iter__(v) if isinstance(v, set) else frozenset.__iter__(v)
                base = ['frozenset' if isinstance(v, frozenset) else 'set', len(v), [val(x) for x in _islice(it, k)]]
            else:
                it = tuple.__iter__(v) if isinstance(v, tuple) else list.__iter__(v)
                base = ['tuple' if isinstance(v, tuple) else 'list', len(v), [val(x) for x in _islice(it, k)]]
        elif t is bytes or t is bytearray:
            rp = repr(v[:lim + 1])
        elif getattr(t, '__module__', '') in _REPR_MODULES:
            foreign(True)
            try:
                rp = _ADDR.sub('', repr(v))[:lim + 1]
            except Stop:
                raise
            except Exception:
                rp = '<%s object>' % name
            finally:
                foreign(False)
        module = isinstance(v, _ModuleType)
        try:
            d = None if module else object.__getattribute__(v, '__dict__')
        except Exception:
            d = None
        attrs = None
        if type(d) is dict:
            attrs = [[a if type(a) is str else '<%s>' % type(a).__name__, val(b)] for a, b in _islice(d.items(), k)]
        return ['inst', name, pp, rp, attrs, base, 1 if (t in _HIDE or module) else 0]

    def pprint(v, t):
        """pg_encoder's pretty-print: str(v), unless it is object's trivial one (then None)."""
        kind = str_kind.get(t)
        if kind is None:
            kind = str_kind[t] = not (t.__str__ is object.__str__ and t.__repr__ is object.__repr__)
        if not kind:
            return None
        foreign(True)
        try:
            s = t.__str__(v)
        except Stop:
            raise
        except Exception:
            return None
        finally:
            foreign(False)
        if type(s) is not str or not s or trivial_str(s):
            return None
        return s if len(s) <= lim else s[:lim]

    def drop():
        ids.clear()
        del objs[1:]
        del refs[1:]
        del cache[1:]
        str_kind.clear()
        set_kids([])

    return val, set_kids, collect, drop

"""The line tracer. It runs inside Pyodide (and, for the benchmarks, unchanged in a native CPython).
Inside Pyodide it is installed as the module `lmkit_tracer` and taken out of `sys.modules` again by
the sandbox layer (sandbox.py), so a program cannot import it.

Entry point: `run(request) -> result`. One step is recorded per executed line, after the line ran:
`[line, func, depth, changed, removed, stdout_end]` where `changed` holds `[name, rendered]` pairs of
the visible variables (module globals + the frame's locals, without modules/functions/classes/dunders)
whose rendering changed, `removed` the names no longer visible, and `stdout_end` the length of the
program's stdout so far. Only changed values are rendered, and every rendering is bounded.
"""
import sys, io, builtins, types, re, time, gc, itertools
from operator import is_ as _is

_SETTRACE = sys.settrace

USER_FILE = '<program>'
_MON = getattr(sys, 'monitoring', None)
_TOOL = 0

_NoneType = type(None)
_SCALARS = frozenset((int, float, bool, _NoneType, complex))
_IMMUTABLE = frozenset((int, float, bool, _NoneType, complex, str, bytes, range))
_SKIP = frozenset((types.ModuleType, types.FunctionType, types.BuiltinFunctionType, types.MethodType,
                   types.BuiltinMethodType, type, types.WrapperDescriptorType, types.MethodDescriptorType,
                   types.GeneratorType, types.CoroutineType, types.MethodWrapperType))
_PLAIN = frozenset((int, float, bool, _NoneType, complex, str, bytes, list, tuple, dict, set, frozenset, range))
_REPR_MODULES = frozenset(('builtins', 'fractions', 'decimal', 'datetime', 'enum', 'collections'))
_ADDR = re.compile(r' at 0x[0-9a-fA-F]+')
# A size that does not fit the (32-bit wasm) address space: Python raises OverflowError, not MemoryError.
_TOO_BIG = re.compile(r'index-sized integer|too long|too large to allocate|cannot allocate|size does not fit')


class Stop(BaseException):
    """Raised into the program to end it when a limit is hit; sticky (raised again on every event)."""


class _Cut(Exception):
    pass


def render(v, lim):
    """repr-like rendering of v, cut to lim characters with a '...' marker. Never runs user code."""
    t = type(v)
    if t is str:
        s = repr(v if len(v) <= lim else v[:lim])
    elif t is int:
        s = repr(v) if v.bit_length() <= 4000 else '<int of %d bits>' % v.bit_length()
    elif t in _SCALARS:
        s = repr(v)
    else:
        buf = []
        bud = [lim + 1]
        try:
            _walk(v, buf, bud, 0, set())
        except _Cut:
            pass
        s = ''.join(buf)
    if len(s) > lim:
        s = s[:lim] + '...'
    return s


def _put(buf, bud, s):
    buf.append(s)
    bud[0] -= len(s)
    if bud[0] < 0:
        raise _Cut()


def _walk(v, buf, bud, depth, seen):
    t = type(v)
    if t is str or t is bytes:
        _put(buf, bud, repr(v if len(v) <= bud[0] else v[:bud[0] + 1]))
        return
    if t is int:
        _put(buf, bud, repr(v) if v.bit_length() <= 4000 else '<int of %d bits>' % v.bit_length())
        return
    if t in _SCALARS:
        _put(buf, bud, repr(v))
        return
    if depth > 12:
        _put(buf, bud, '...')
        return
    if isinstance(v, (list, tuple, dict, set, frozenset)):
        i = id(v)
        if i in seen:
            _put(buf, bud, '[...]' if isinstance(v, list) else '{...}')
            return
        seen.add(i)
        named = t not in _PLAIN
        if named:
            _put(buf, bud, t.__name__ + '(')
        if isinstance(v, dict):
            _put(buf, bud, '{')
            first = True
            for k in dict.keys(v):
                if not first:
                    _put(buf, bud, ', ')
                first = False
                _walk(k, buf, bud, depth + 1, seen)
                _put(buf, bud, ': ')
                _walk(dict.__getitem__(v, k), buf, bud, depth + 1, seen)
            _put(buf, bud, '}')
        elif isinstance(v, (set, frozenset)):
            fz = isinstance(v, frozenset) and not named
            if len(v) == 0:
                _put(buf, bud, 'frozenset()' if fz else ('set()' if not named else ''))
            else:
                _put(buf, bud, 'frozenset({' if fz else '{')
                first = True
                for x in set.__iter__(v) if isinstance(v, set) else frozenset.__iter__(v):
                    if not first:
                        _put(buf, bud, ', ')
                    first = False
                    _walk(x, buf, bud, depth + 1, seen)
                _put(buf, bud, '})' if fz else '}')
        else:
            tup = isinstance(v, tuple)
            _put(buf, bud, '(' if tup else '[')
            n = 0
            for x in (tuple.__iter__(v) if tup else list.__iter__(v)):
                if n:
                    _put(buf, bud, ', ')
                n += 1
                _walk(x, buf, bud, depth + 1, seen)
            _put(buf, bud, (',)' if n == 1 else ')') if tup else ']')
        if named:
            _put(buf, bud, ')')
        seen.discard(i)
        return
    if t is bytearray:
        _put(buf, bud, repr(v[:bud[0] + 1]))
        return
    mod = getattr(t, '__module__', '')
    if mod in _REPR_MODULES:
        try:
            s = repr(v)
        except Exception:
            s = '<%s object>' % t.__name__
        _put(buf, bud, _ADDR.sub('', s))
        return
    try:
        d = object.__getattribute__(v, '__dict__')
    except Exception:
        d = None
    if type(d) is dict:
        _put(buf, bud, t.__name__ + '(')
        first = True
        for k in d:
            if not first:
                _put(buf, bud, ', ')
            first = False
            _put(buf, bud, str(k) + '=')
            _walk(d[k], buf, bud, depth + 1, seen)
        _put(buf, bud, ')')
    else:
        _put(buf, bud, '<%s object>' % t.__name__)


_FLAT = frozenset((int, float, bool, _NoneType, complex, str, bytes))
_SNAPSHOT = frozenset((list, tuple, dict, set, frozenset))
_SKIP_INSTANCES = (type, types.ModuleType, types.FunctionType, types.BuiltinFunctionType)
_chain = itertools.chain.from_iterable
_islice = itertools.islice


def _prefix(v, t, k):
    """The first k elements (dict: keys and values) of a container, as a list."""
    if t is list or t is tuple:
        return list(v[:k])
    if t is dict:
        return list(_chain(_islice(v.items(), k)))
    return list(_islice(v, k))


_NUMERIC = frozenset((int, float, bool, _NoneType))


def _render_flat(v, t, pre, k, lim):
    """C-speed rendering of a container of numbers: repr of its first k elements, cut like render()."""
    try:
        if t is dict:
            s = repr(dict(_islice(v.items(), k)))
        elif t is list or t is tuple:
            s = repr(v[:k])
        else:
            return render(v, lim)
    except ValueError:  # an int beyond sys.get_int_max_str_digits
        return render(v, lim)
    if len(v) > k and len(s) <= lim:
        return render(v, lim)
    return s if len(s) <= lim else s[:lim] + '...'


def _visible_ok(k, v):
    if k[:2] == '__':
        return False
    t = type(v)
    if t in _PLAIN:
        return True
    if t in _SKIP:
        return False
    return not isinstance(v, (type, types.ModuleType, types.FunctionType, types.BuiltinFunctionType))


class Capture(io.TextIOBase):
    """stdout/stderr of the program: keeps stdout text, counts bytes of both against the limit."""

    def __init__(self, tracer, keep):
        self._t = tracer
        self._keep = keep

    def writable(self):
        return True

    def write(self, s):
        t = self._t
        if t.stop is not None:
            raise Stop(t.stop)
        if type(s) is not str:
            raise TypeError('write() argument must be str, not %s' % type(s).__name__)
        n = len(s) if s.isascii() else len(s.encode('utf-8', 'replace'))
        t.out_bytes += n
        if t.out_bytes > t.max_out:
            t.halt('output', 'the program wrote more than %d bytes of output' % t.max_out)
        if self._keep:
            t.out.append(s)
            t.out_len += len(s)
        return len(s)

    def flush(self):
        pass


class Tracer:
    def __init__(self, max_steps, max_value, max_out, max_depth=10 ** 9):
        self.max_steps = max_steps
        # Elements of a container that can appear in a rendering cut at max_value characters.
        self.prefix_items = max_value // 2 + 2
        self.max_depth = max_depth
        self.lim = max_value
        self.max_out = max_out
        self.steps = []
        self.events = 0
        self.pending = {}
        self.prev = {}
        self.out = []
        self.out_len = 0
        self.out_bytes = 0
        self.stop = None
        self.stop_message = ''

    def halt(self, kind, message):
        if self.stop is None:
            self.stop = kind
            self.stop_message = message
        raise Stop(kind)

    # -- events (shared by both hooks) --
    def on_line(self, frame, line):
        if self.stop is not None:
            raise Stop(self.stop)
        self.events += 1
        if self.events > self.max_steps:
            self.halt('steps', 'the program ran more than %d steps' % self.max_steps)
        p = self.pending.get(frame)
        if p is None:
            back = self.pending.get(frame.f_back)
            d = 0 if back is None else back[1] + 1
            if d > self.max_depth:
                self.halt('recursion', 'the program nested calls deeper than %d' % self.max_depth)
            self.pending[frame] = [line, d]
        else:
            self.emit(frame, p[0], p[1])
            p[0] = line

    def on_return(self, frame):
        p = self.pending.pop(frame, None)
        # After a limit stop sys.settrace is switched off by CPython; record nothing more in either hook.
        if p is not None and self.stop is None:
            self.emit(frame, p[0], p[1])

    def on_raise(self, exc):
        if isinstance(exc, KeyboardInterrupt) and self.stop is None:
            self.stop = 'interrupt'
            self.stop_message = 'interrupted'

    def emit(self, frame, line, depth):
        g = frame.f_globals
        code = frame.f_code
        prev = self.prev
        cur = {}
        changed = []
        lim = self.lim
        kk = self.prefix_items
        for scope in ((g,) if code.co_name == '<module>' else (g, frame.f_locals)):
            for k, v in scope.items():
                if k[:2] == '__':
                    continue
                t = type(v)
                if t not in _PLAIN and (t in _SKIP or isinstance(v, _SKIP_INSTANCES)):
                    continue
                old = prev.get(k)
                if old is not None and old[0] is v:
                    if t in _IMMUTABLE:
                        cur[k] = old
                        continue
                    # Same container: unchanged when the elements that can show in the bounded
                    # rendering are the same objects (flat containers only).
                    snap = old[2]
                    # Same length, so the prefix has as many elements as the snapshot.
                    if snap is not None and len(v) == old[3] and all(map(_is, v[:kk] if t is list else _prefix(v, t, kk), snap)):
                        cur[k] = old
                        continue
                snap = None
                if t in _SNAPSHOT:
                    pre = _prefix(v, t, kk)
                    if _FLAT.issuperset(map(type, pre)):
                        snap = pre
                    r = _render_flat(v, t, pre, kk, lim) if _NUMERIC.issuperset(map(type, pre)) else render(v, lim)
                else:
                    r = render(v, lim)
                cur[k] = (v, r, snap, len(v) if snap is not None else 0)
                if old is None or old[1] != r:
                    changed.append([k, r])
        removed = [] if cur.keys() >= prev.keys() else [k for k in prev if k not in cur]
        self.prev = cur
        self.steps.append([line, code.co_name, depth, changed, removed, self.out_len])

    # -- sys.settrace hook --
    def st_global(self, frame, event, arg):
        if frame.f_code.co_filename != USER_FILE:
            return None
        return self.st_local

    def st_local(self, frame, event, arg):
        if event == 'line':
            self.on_line(frame, frame.f_lineno)
        elif event == 'return':
            self.on_return(frame)
        elif event == 'exception':
            self.on_raise(arg[1])
        return self.st_local

    def count_global(self, frame, event, arg):
        if frame.f_code.co_filename != USER_FILE:
            return None
        return self.count_local

    def count_local(self, frame, event, arg):
        if event == 'line':
            self.events += 1
        return self.count_local

    # -- sys.monitoring hook --
    def mon_install(self):
        M = _MON
        ev = M.events
        M.use_tool_id(_TOOL, 'lmkit-trace')
        gf = sys._getframe
        DISABLE = M.DISABLE
        on_line, on_return, on_raise = self.on_line, self.on_return, self.on_raise

        def line_cb(code, line):
            if code.co_filename != USER_FILE:
                return DISABLE
            on_line(gf(1), line)

        def ret_cb(code, offset, value):
            if code.co_filename != USER_FILE:
                return DISABLE
            on_return(gf(1))

        def unwind_cb(code, offset, exc):
            if code.co_filename == USER_FILE:
                on_return(gf(1))

        def raise_cb(code, offset, exc):
            if code.co_filename == USER_FILE:
                on_raise(exc)

        lines_of = {}

        def line_at(code, offset):
            table = lines_of.get(code)
            if table is None:
                table = lines_of[code] = [(a, b, ln) for a, b, ln in code.co_lines()]
            for a, b, ln in table:
                if a <= offset < b:
                    return ln
            return None

        def jump_cb(code, src, dest):
            # sys.settrace also reports a line event on a backward jump that stays on the same line
            # (e.g. an inlined comprehension); do the same so both hooks give one trace.
            if dest > src or code.co_filename != USER_FILE:
                return DISABLE
            ln = line_at(code, dest)
            if ln is not None and ln == line_at(code, src):
                on_line(gf(1), ln)

        def start_cb(code, offset):
            # Without PY_START, CPython skips the LINE event of a body's first line when it shares
            # the line of RESUME (class bodies, one-line functions); sys.settrace reports it.
            if code.co_filename != USER_FILE:
                return DISABLE

        M.register_callback(_TOOL, ev.LINE, line_cb)
        M.register_callback(_TOOL, ev.PY_START, start_cb)
        M.register_callback(_TOOL, ev.JUMP, jump_cb)
        M.register_callback(_TOOL, ev.PY_RETURN, ret_cb)
        M.register_callback(_TOOL, ev.PY_YIELD, ret_cb)
        M.register_callback(_TOOL, ev.PY_UNWIND, unwind_cb)
        M.register_callback(_TOOL, ev.RAISE, raise_cb)
        M.restart_events()
        M.set_events(_TOOL, ev.LINE | ev.JUMP | ev.PY_START | ev.PY_RETURN | ev.PY_YIELD | ev.PY_UNWIND | ev.RAISE)

    def mon_remove(self):
        M = _MON
        try:
            M.set_events(_TOOL, 0)
            for e in (M.events.LINE, M.events.JUMP, M.events.PY_START, M.events.PY_RETURN, M.events.PY_YIELD, M.events.PY_UNWIND, M.events.RAISE):
                M.register_callback(_TOOL, e, None)
        finally:
            if M.get_tool(_TOOL) is not None:
                M.free_tool_id(_TOOL)


def _exc_line(exc):
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == USER_FILE:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _make_input(stream, capture):
    def input(prompt=''):
        if prompt:
            capture.write(str(prompt))
        line = stream.readline()
        if not line:
            raise EOFError('EOF when reading a line')
        return line[:-1] if line.endswith('\n') else line
    return input


class Hooks:
    """Optional sandbox callbacks (set by the sandbox layer in Pyodide; no-ops natively)."""
    arm = staticmethod(lambda tracer: None)
    disarm = staticmethod(lambda: None)
    trust = staticmethod(lambda on: None)


def run(req):
    """Traces one program. req: dict(source, stdin, mode, maxSteps, maxValueChars, maxOutputBytes, maxRecursionDepth)."""
    source = req['source']
    mode = req.get('mode') or 'auto'
    if mode == 'auto':
        mode = 'monitoring' if _MON is not None else 'settrace'
    if mode == 'monitoring' and _MON is None:
        mode = 'settrace'
    max_depth = int(req.get('maxRecursionDepth', 200))
    tr = Tracer(int(req.get('maxSteps', 1000)), int(req.get('maxValueChars', 100)), int(req.get('maxOutputBytes', 1 << 20)), max_depth)
    res = {'mode': mode, 'ok': True, 'error': None, 'exception': None}
    try:
        code = compile(source, USER_FILE, 'exec')
    except (SyntaxError, ValueError, OverflowError, MemoryError, RecursionError) as e:
        res.update(ok=False, error={'kind': 'python', 'message': '%s: %s' % (type(e).__name__, e)}, steps=[], stdout='', events=0)
        return res
    out = Capture(tr, True)
    err = Capture(tr, False)
    stdin = io.StringIO(''.join(str(s) + '\n' for s in (req.get('stdin') or [])))
    g_builtins = dict(builtins.__dict__)
    g_builtins['input'] = _make_input(stdin, out)
    g = {'__name__': '__main__', '__builtins__': g_builtins}
    saved = (sys.stdout, sys.stderr, sys.stdin, sys.getrecursionlimit())
    sys.stdout, sys.stderr, sys.stdin = out, err, stdin
    depth = 0
    f = sys._getframe()
    while f is not None:
        depth += 1
        f = f.f_back
    # The tracer enforces the depth itself (same in both hooks); the interpreter limit is the backstop.
    sys.setrecursionlimit(depth + max_depth + (3 if mode == 'none' else 40))
    exc = None
    try:
        if mode == 'monitoring':
            tr.mon_install()
        elif mode == 'count':
            # Benchmark floor: the hook alone, counting line events and recording nothing.
            Hooks.trust(True)
            sys.settrace(tr.count_global)
            Hooks.trust(False)
        elif mode == 'settrace':
            Hooks.trust(True)
            sys.settrace(tr.st_global)
            Hooks.trust(False)
        Hooks.arm(tr)
        t0 = time.perf_counter()
        try:
            exec(code, g)
        except SystemExit:
            pass
        except BaseException as e:
            exc = e
        finally:
            res['elapsed'] = time.perf_counter() - t0
            try:
                if mode == 'settrace' or mode == 'count':
                    _SETTRACE(None)
                elif mode == 'monitoring':
                    tr.mon_remove()
                # Still armed, untraced: describe the exception (its __str__ may be the program's),
                # then let the program's objects die here so their finalizers run under the
                # sandbox rules and not inside the next program.
                if exc is not None:
                    res['exception'] = _describe(exc)
                    exc = type(exc)
                tr.prev = {}
                tr.pending = {}
                g.clear()
                gc.collect(0)
            finally:
                Hooks.disarm()
    finally:
        sys.stdout, sys.stderr, sys.stdin = saved[0], saved[1], saved[2]
        sys.setrecursionlimit(saved[3])
    res['steps'] = tr.steps
    res['stdout'] = ''.join(tr.out)
    res['events'] = tr.events
    if tr.stop is not None:
        res['ok'] = False
        res['error'] = {'kind': tr.stop, 'message': tr.stop_message}
    elif exc is not None:
        info = res['exception']
        kind = None
        if issubclass(exc, RecursionError):
            kind = 'recursion'
        elif issubclass(exc, MemoryError) or (issubclass(exc, OverflowError) and _TOO_BIG.search(info['message'])):
            kind = 'memory'
        elif issubclass(exc, KeyboardInterrupt):
            kind = 'interrupt'
        if kind is not None:
            res['ok'] = False
            res['error'] = {'kind': kind, 'message': '%s: %s' % (info['type'], info['message'])}
    return res


def _describe(exc):
    try:
        msg = str(exc)
    except BaseException:
        msg = '<unprintable>'
    info = {'type': type(exc).__name__, 'message': msg[:1000], 'line': _exc_line(exc)}
    tb = exc.__traceback__
    while tb is not None:
        try:
            tb.tb_frame.clear()  # drops the finished frames' locals now (the running one refuses)
        except RuntimeError:
            pass
        tb = tb.tb_next
    exc.__traceback__ = None
    exc.__context__ = None
    return info

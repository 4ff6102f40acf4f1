"""The tracer: one event stream per program run (installed as the module `lmkit_tracer`; the sandbox
layer takes it out of `sys.modules` again). It also runs unchanged in a native CPython >= 3.11 (the
benchmarks), with `run(request)`.

The stream has one event per `call`, `line`, `return` and `exception` that CPython raises for the
program's own code, in order. `sys.monitoring` (the fast path) and `sys.settrace` (the fallback) feed
the same handlers, registered for exactly the events CPython maps to settrace's, so both give the same
stream. An event is a dict:

    k   'c' call (also a generator resumed), 'l' line, 'r' return (also a yield, and a frame left by an
        exception), 'x' exception (raised in or passing through the frame)
    ln  the frame's line; f the frame's id (1, 2, … in order of first appearance); o len(stdout) so far
    v   1 when Python Tutor's pg_logger would record the event (its filters: no module call, no class
        bodies, no __new__/__repr__ frames, …)
    b   bindings that changed: [scope, name, value], or [scope, name] when removed (scope 0 = globals)
    ko  [scope, names]: the full name order of a scope, when it changed other than by appending
    h   [[object id, record], …]: heap objects that changed (see encoder.py)
    rv  return value ('r'); x [type name, str(exception)] ('x')
    z   frames that became pg_logger's zombie/parent frames; p [[frame, parent frames, hidden names]]

The state an event describes is the state *before* its line runs; the state after a line is the state
at its frame's next event. The stream's `frames` list maps frame ids to `codes` entries
`[name, first line, varnames, generator]`.

No classes here (a program can enumerate classes with `object.__subclasses__()`): one run's state
lives in the closures made by `new_run`, which nothing a program can reach refers to.
"""
import sys, io, builtins, re, time, gc, types
from lmkit_io import Capture, Stop, make_input
from lmkit_encoder import make_heap

_SETTRACE = sys.settrace
_GETFRAME = sys._getframe

USER_FILE = '<program>'
_MON = getattr(sys, 'monitoring', None)
_TOOL = 0

# pg_logger's filters (OnlinePythonTutor v5-unity).
IGNORE_VARS = frozenset(('__builtins__', '__name__', '__exception__', '__doc__', '__package__'))
_CLASS_RE = re.compile(r'class\s+')
_GEN_FLAGS = 0x20 | 0x80 | 0x200  # CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR, as in bdb
_CodeType = types.CodeType
_FUNC_TYPES = (types.FunctionType, types.MethodType)
_PRIMS = frozenset((int, float, str, bool, type(None)))
# A size that does not fit the (32-bit wasm) address space: Python raises OverflowError, not MemoryError.
_TOO_BIG = re.compile(r'index-sized integer|too long|too large to allocate|cannot allocate|size does not fit')
_MISSING = object()
# Identity of a live object: object.__hash__ is the address, rotated (id() raises an audit event).
_key = object.__hash__

# Set by the monitoring callbacks around their own sys._getframe call, so the sandbox's audit hook
# lets it through without walking the frame chain (no program code runs in between).
TRUSTED_FRAME_CALL = [0]

# Outside the sandbox (native runs) one audit hook per process hands `lmkit.write` to the current run.
_NATIVE_SINK = [None]


def _native_audit(event, args):
    if event == 'lmkit.write' and _NATIVE_SINK[0] is not None:
        _NATIVE_SINK[0](args[0], args[1])


def _native_attach(sink):
    if not _NATIVE_SINK:
        return
    if len(_NATIVE_SINK) == 1:
        sys.addaudithook(_native_audit)
        _NATIVE_SINK.append(True)
    _NATIVE_SINK[0] = sink


_NO_HOOKS = {'arm': lambda: None, 'disarm': lambda: None, 'trust': lambda on: None, 'refused': lambda: None, 'attach': _native_attach, 'foreign': lambda on: None}


def _exc_line(exc):
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == USER_FILE:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _describe(exc, trust):
    try:
        msg = str(exc)
    except BaseException:
        msg = '<unprintable>'
    info = {'type': type(exc).__name__, 'message': msg[:1000]}
    trust(True)
    try:
        info['line'] = _exc_line(exc)
        tb = exc.__traceback__
        while tb is not None:
            try:
                tb.tb_frame.clear()  # drops the finished frames' locals now (the running one refuses)
            except RuntimeError:
                pass
            tb = tb.tb_next
    finally:
        trust(False)
    exc.__traceback__ = None
    exc.__context__ = None
    return info


def new_run(req, hooks=None):
    """One program run. Returns (prepare, program, finish):

    `prepare(base_depth)` compiles and installs the hooks and returns None, or the finished result when
    the source does not compile; `program()` is `(code, globals)` to `exec` (the sandbox starts it from
    JavaScript, so no frame of ours lies below the program's); `finish(exc)` removes the hooks and
    returns the result dict (`exc`: what the program raised, or None).
    """
    hooks = hooks or _NO_HOOKS
    source = req['source']
    mode = req.get('mode') or 'auto'
    if mode == 'auto':
        mode = 'monitoring' if _MON is not None else 'settrace'
    if mode == 'monitoring' and _MON is None:
        mode = 'settrace'
    max_steps = int(req.get('maxSteps', 1000))
    max_depth = int(req.get('maxRecursionDepth', 200))
    max_out = int(req.get('maxOutputBytes', 1 << 20))
    max_value = int(req.get('maxValueChars', 100))
    count_tutor = (req.get('countSteps') or 'lines') == 'tutor'
    full = bool(req.get('fullValues'))
    src_lines = source.splitlines()

    res = {'mode': mode, 'ok': True, 'error': None, 'exception': None}
    st = {'code': None, 'globals': None, 'saved': None, 't0': 0.0, 'mon': ()}
    events = []
    out = []
    out_len = 0
    out_bytes = 0
    lines_seen = 0
    visible_seen = 0
    stop = None
    stop_message = ''
    fids = {}
    fcodes = {}
    frames = []
    code_ids = {}
    codes = []
    code_extra = []
    stack = []
    module_frame = None
    scopes = {}
    # pg_logger's state: first line seen, class body being skipped, closures and zombie frames.
    waiting = True
    skip_frame = None
    called = set()
    closures = {}
    lambda_closures = {}
    global_funcs = set()
    zombies = []
    parents_sent = {}

    # -- codes and frames --
    def code_info(code):
        ci = code_ids.get(code)
        if ci is None:
            ci = len(codes)
            code_ids[code] = ci
            first = code.co_firstlineno
            line = src_lines[first - 1] if 0 < first <= len(src_lines) else ''
            names = list(code.co_varnames)
            n = code.co_argcount
            args = names[:n]
            kwonly = names[n:n + code.co_kwonlyargcount]
            pretty = args[:]
            i = n + code.co_kwonlyargcount
            if code.co_flags & 0x04:
                pretty.append('*' + names[i])
                i += 1
            pretty.extend(kwonly)
            if code.co_flags & 0x08:
                pretty.append('**' + names[i])
            pname = '%s(%s)' % (code.co_name, ', '.join(pretty))
            if code.co_name == '<lambda>':
                pname += ' <line %d>' % first
            codes.append([code.co_name, first, names, 1 if code.co_flags & _GEN_FLAGS else 0])
            nested = any(type(c) is _CodeType for c in code.co_consts)
            lambdas = [c for c in code.co_consts if type(c) is _CodeType and c.co_name == '<lambda>']
            code_extra.append((pname, args, kwonly, 1 if _CLASS_RE.match(line.lstrip()) else 0, nested, lambdas))
        e = code_extra[ci]
        return ci, e[0], e[1], e[2]

    def frame_id(frame):
        fid = fids.get(frame)
        if fid is None:
            fid = len(frames) + 1
            fids[frame] = fid
            frames.append(code_info(code_of(frame))[0])
        return fid

    def code_of(frame):
        # A frame's code never changes; reading `f_code` raises an audit event (a call of the sandbox's
        # hook) every time, so each frame's is read once.
        code = fcodes.get(frame)
        if code is None:
            code = fcodes[frame] = frame.f_code
        return code

    def parent_of_function(fn):
        p = closures.get(fn)
        return frame_id(p) if p is not None else None

    foreign = hooks['foreign']
    val, set_kids, collect, drop_heap = make_heap(10000 if full else max_value // 2 + 2, 100000 if full else max_value + 1, code_info, parent_of_function, foreign,
                                                  shallow_defs=not full)

    def halt(kind, message):
        nonlocal stop, stop_message
        if stop is None:
            stop = kind
            stop_message = message
        raise Stop(kind, message)

    # -- events (shared by both hooks) --
    def on_call(frame):
        nonlocal module_frame
        if stop is not None:
            raise Stop(stop, stop_message)
        if module_frame is None:
            module_frame = frame
        stack.append(frame)
        if len(stack) - 1 > max_depth:
            halt('recursion', 'the program nested calls deeper than %d' % max_depth)
        event('c', frame, frame.f_lineno, None)

    def on_line(frame, line):
        nonlocal lines_seen
        if stop is not None:
            raise Stop(stop, stop_message)
        lines_seen += 1
        if not count_tutor and lines_seen > max_steps:
            halt('steps', 'the program ran more than %d steps' % max_steps)
        event('l', frame, line, None)

    def on_return(frame, value):
        # After a limit stop sys.settrace is switched off by CPython; record nothing more in either hook.
        if stop is not None:
            return
        event('r', frame, frame.f_lineno, value)
        if stack and stack[-1] is frame:
            stack.pop()
        elif frame in stack:
            del stack[stack.index(frame):]

    def on_raise(frame, exc):
        nonlocal stop, stop_message
        if stop is not None:
            return
        if isinstance(exc, KeyboardInterrupt):
            stop = 'interrupt'
            stop_message = 'interrupted'
            return
        if type(exc) is Stop:
            a = exc.args
            stop = a[0] if a and type(a[0]) is str else 'forbidden'
            stop_message = a[1] if len(a) > 1 and type(a[1]) is str else 'stopped'
            return
        event('x', frame, frame.f_lineno, exc)

    def visible(kind, frame, arg):
        """Would pg_logger record this event? (bdb's dispatch plus PGLogger.interaction's filters.)"""
        nonlocal waiting, skip_frame
        if waiting:
            if kind != 'l' or frame.f_lineno <= 0:
                return False
            waiting = False
        code = code_of(frame)
        name = code.co_name
        if name == '__new__' or name == '__repr__':
            return False
        if skip_frame is not None:
            if kind == 'r' and frame is skip_frame:
                skip_frame = None
            return False
        if kind == 'c' and code_extra[code_info(code)[0]][3]:
            skip_frame = frame
            return False
        if kind == 'x' and code.co_flags & _GEN_FLAGS and type(arg) is StopIteration and arg.__traceback__ is None:
            return False
        return True

    def sink(stream, s):
        """Receives everything the program writes to sys.stdout/stderr (audit event `lmkit.write`)."""
        nonlocal out_bytes, out_len
        if stop is not None:
            raise Stop(stop, stop_message)
        if type(s) is not str:
            return
        out_bytes += len(s) if s.isascii() else len(s.encode('utf-8', 'replace'))
        if out_bytes > max_out:
            halt('output', 'the program wrote more than %d bytes of output' % max_out)
        if stream == 'out':
            out.append(s)
            out_len += len(s)

    def event(kind, frame, line, arg):
        nonlocal stop, stop_message
        try:
            record(kind, frame, line, arg)
        except KeyboardInterrupt:
            # The host's interrupt landed in the tracer, not in the program: stop here all the same
            # (the program could catch it, and most of its time may be spent in here).
            if stop is None:
                stop = 'interrupt'
                stop_message = 'interrupted'
            raise

    def record(kind, frame, line, arg):
        nonlocal visible_seen
        vis = visible(kind, frame, arg)
        if vis and count_tutor:
            visible_seen += 1
            if visible_seen > max_steps:
                halt('steps', 'the program ran more than %d steps' % max_steps)
        ev = {'k': kind, 'ln': line, 'f': frame_id(frame), 'o': out_len}
        if vis:
            ev['v'] = 1
            if kind == 'c':
                called.add(frame)
            pg_closures(frame, ev)
        b = []
        ko = []
        roots = []
        scan(0, frame.f_globals, b, ko, roots)
        for f in stack:
            if f is module_frame:
                continue
            fid = fids[f]
            code = fcodes[f]
            if f is frame or code.co_cellvars or code.co_freevars or fid not in scopes:
                scan(fid, f.f_locals, b, ko, roots)
            else:
                roots.extend(scopes[fid][2])
        for f in zombies:
            if f not in stack:
                scan(fids[f], f.f_locals, b, ko, roots)
        if kind == 'r':
            set_kids(roots)
            ev['rv'] = val(arg)
        elif kind == 'x':
            foreign(True)
            try:
                msg = str(arg)
            except Stop:
                raise
            except Exception:
                msg = '<unprintable %s object>' % type(arg).__name__
            finally:
                foreign(False)
            ev['x'] = [type(arg).__name__, msg[:100000]]
        if b:
            ev['b'] = b
        if ko:
            ev['ko'] = ko
        h = []
        collect(roots, h)
        if h:
            ev['h'] = h
        events.append(ev)

    def scan(key, d, b, ko, roots):
        prev = scopes.get(key)
        kids = []
        set_kids(kids)
        items = [(k, v) for k, v in d.items() if k not in IGNORE_VARS]
        names = [k for k, _ in items]
        vals = {}
        if prev is None:
            for k, v in items:
                e = vals[k] = val(v)
                b.append([key, k, e])
        else:
            pv = prev[1]
            for k, v in items:
                e = vals[k] = val(v)
                if pv.get(k, _MISSING) != e:
                    b.append([key, k, e])
            if len(pv) != len(vals) or prev[0] != names:
                kept = [k for k in prev[0] if k in vals]
                if len(kept) != len(prev[0]):
                    for k in prev[0]:
                        if k not in vals:
                            b.append([key, k])
                if kept + [k for k in names if k not in pv] != names:
                    ko.append([key, names])
        scopes[key] = (names, vals, kids)
        roots.extend(kids)

    # -- pg_logger's closures and zombie frames (PGLogger.interaction) --
    def pg_closures(top, ev):
        new = []
        if top is not module_frame:
            if any_nested(top):
                for v in reachable_functions(top):
                    if v in closures or v in global_funcs:
                        continue
                    code = v.__code__
                    f = top
                    chosen = None
                    while f is not None:
                        if any(c is code for c in code_of(f).co_consts):
                            chosen = f
                            break
                        f = f.f_back
                    if chosen is not None and chosen in called:
                        closures[v] = chosen
                        if chosen not in zombies:
                            zombies.append(chosen)
                            new.append(chosen)
            for c in code_extra[code_info(code_of(top))[0]][5]:
                lambda_closures[c] = top
                if top not in zombies:
                    zombies.append(top)
                    new.append(top)
        else:
            for k, v in top.f_globals.items():
                if k not in IGNORE_VARS and type(v) in _FUNC_TYPES and v not in closures:
                    global_funcs.add(v)
        if new:
            ev['z'] = [frame_id(f) for f in new]
        if closures or lambda_closures:
            p = []
            for f in stack + [z for z in zombies if z not in stack]:
                if f is module_frame or f not in called:
                    continue
                chain, hidden = parent_chain(f)
                fid = frame_id(f)
                entry = [chain, hidden]
                if parents_sent.get(fid) != entry:
                    parents_sent[fid] = entry
                    p.append([fid, chain, hidden])
            if p:
                ev['p'] = p

    def any_nested(top):
        f = top
        while f is not None:
            code = code_of(f)
            if code.co_filename == USER_FILE and code_extra[code_info(code)[0]][4]:
                return True
            if code.co_filename != USER_FILE and any(type(c) is _CodeType for c in code.co_consts):
                return True
            f = f.f_back
        return False

    def reachable_functions(frame):
        found = []
        seen = set()
        todo = [v for k, v in frame.f_locals.items() if k not in IGNORE_VARS]
        while todo:
            v = todo.pop()
            i = _key(v)
            if i in seen:
                continue
            seen.add(i)
            t = type(v)
            if t in _FUNC_TYPES:
                found.append(v)
            elif t is list or t is tuple or t is set:
                todo.extend(v)
            elif t is dict:
                for a, b in v.items():
                    todo.append(a)
                    todo.append(b)
            elif t not in _PRIMS:
                try:
                    d = object.__getattribute__(v, '__dict__')
                except Exception:
                    d = None
                if d is not None and (type(d) is dict or isinstance(v, type)):
                    for a, b in d.items():
                        todo.append(a)
                        todo.append(b)
        return found

    def parent_of(frame):
        """PGLogger.get_parent_frame: the frame a closure running in `frame` was defined in."""
        code = code_of(frame)
        loc = None
        for fn, parent in closures.items():
            if fn.__code__ == code:
                if loc is None:
                    loc = dict(frame.f_locals)
                ok = True
                pl = parent.f_locals
                for k, v in loc.items():
                    if k in code.co_varnames or k == '__return__' or k not in pl:
                        continue
                    foreign(True)
                    try:
                        if pl[k] != v:
                            ok = False
                            break
                    except Stop:
                        raise
                    except Exception:
                        ok = False
                        break
                    finally:
                        foreign(False)
                if ok:
                    return parent
        for lc, parent in lambda_closures.items():
            if lc == code:
                return parent
        return None

    def parent_chain(frame):
        chain = []
        parents = []
        f = frame
        while True:
            p = parent_of(f)
            if p is None or p in parents:
                break
            parents.append(p)
            chain.append(frame_id(p))
            f = p
        hidden = []
        if parents:
            code = code_of(frame)
            for k, v in frame.f_locals.items():
                if k in code.co_varnames or k == '__return__':
                    continue
                for p in parents:
                    pl = p.f_locals
                    if k in pl:
                        foreign(True)
                        try:
                            if pl[k] == v:
                                hidden.append(k)
                                break
                        except Stop:
                            raise
                        except Exception:
                            pass
                        finally:
                            foreign(False)
        return chain, hidden

    # -- sys.settrace hook --
    def st_global(frame, event_name, arg):
        if frame.f_code.co_filename != USER_FILE:
            return None
        on_call(frame)
        return st_local

    def st_local(frame, event_name, arg):
        if event_name == 'line':
            on_line(frame, frame.f_lineno)
        elif event_name == 'return':
            on_return(frame, arg)
        elif event_name == 'exception':
            on_raise(frame, arg[1])
        return st_local

    def count_global(frame, event_name, arg):
        if frame.f_code.co_filename != USER_FILE:
            return None
        return count_local

    def count_local(frame, event_name, arg):
        nonlocal lines_seen
        if event_name == 'line':
            lines_seen += 1
        return count_local

    # -- sys.monitoring hook: the events CPython itself maps to settrace's --
    def mon_install():
        M = _MON
        ev = M.events
        M.use_tool_id(_TOOL, 'lmkit-trace')
        DISABLE = M.DISABLE
        trusted = TRUSTED_FRAME_CALL
        gf = _GETFRAME

        def caller():
            # The program's frame that raised the event (our callback is frame 1).
            trusted[0] = 1
            f = gf(2)
            trusted[0] = 0
            return f

        def start_cb(code, offset):
            if code.co_filename != USER_FILE:
                return DISABLE
            on_call(caller())

        def throw_cb(code, offset, exc):
            if code.co_filename == USER_FILE:
                on_call(caller())

        def line_cb(code, line):
            if code.co_filename != USER_FILE:
                return DISABLE
            on_line(caller(), line)

        def ret_cb(code, offset, value):
            if code.co_filename != USER_FILE:
                return DISABLE
            on_return(caller(), value)

        def unwind_cb(code, offset, exc):
            if code.co_filename == USER_FILE:
                on_return(caller(), None)

        def raise_cb(code, offset, exc):
            if code.co_filename == USER_FILE:
                on_raise(caller(), exc)

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
            # sys.settrace reports a line event on a backward jump that stays on the same line.
            if dest > src or code.co_filename != USER_FILE:
                return DISABLE
            ln = line_at(code, dest)
            if ln is not None and ln == line_at(code, src):
                on_line(caller(), ln)

        st['mon'] = mon = ((ev.PY_START, start_cb), (ev.PY_RESUME, start_cb), (ev.PY_THROW, throw_cb), (ev.LINE, line_cb),
                           (ev.JUMP, jump_cb), (ev.PY_RETURN, ret_cb), (ev.PY_YIELD, ret_cb), (ev.PY_UNWIND, unwind_cb),
                           (ev.RAISE, raise_cb), (ev.STOP_ITERATION, raise_cb))
        mask = 0
        for e, cb in mon:
            M.register_callback(_TOOL, e, cb)
            mask |= e
        M.restart_events()
        M.set_events(_TOOL, mask)

    def mon_remove():
        M = _MON
        try:
            M.set_events(_TOOL, 0)
            for e, _ in st['mon']:
                M.register_callback(_TOOL, e, None)
        finally:
            if M.get_tool(_TOOL) is not None:
                M.free_tool_id(_TOOL)

    def stream():
        return {'codes': codes, 'frames': frames, 'events': events}

    # -- the run --
    def prepare(base_depth):
        try:
            st['code'] = compile(source, USER_FILE, 'exec')
        except (SyntaxError, ValueError, OverflowError, MemoryError, RecursionError) as e:
            err = {'kind': 'python', 'message': '%s: %s' % (type(e).__name__, e)}
            if isinstance(e, SyntaxError):
                err['syntax'] = {'type': type(e).__name__, 'msg': str(e.msg), 'line': e.lineno, 'offset': e.offset}
            res.update(ok=False, error=err, stream=stream(), stdout='', events=0)
            return res
        cap_out = Capture('out')
        cap_err = Capture('err')
        stdin = io.StringIO(''.join(str(s) + '\n' for s in (req.get('stdin') or [])))
        g_builtins = dict(builtins.__dict__)
        g_builtins['input'] = make_input(stdin, cap_out)
        st['globals'] = {'__name__': '__main__', '__builtins__': g_builtins}
        st['saved'] = (sys.stdout, sys.stderr, sys.stdin, sys.getrecursionlimit())
        sys.stdout, sys.stderr, sys.stdin = cap_out, cap_err, stdin
        hooks['attach'](sink)
        # The tracer enforces the depth itself (same in both hooks); the interpreter limit is the backstop.
        sys.setrecursionlimit(base_depth + max_depth + (3 if mode == 'none' else 60))
        if mode == 'monitoring':
            mon_install()
        elif mode == 'count':
            # Benchmark floor: the hook alone, counting line events and recording nothing.
            hooks['trust'](True)
            sys.settrace(count_global)
            hooks['trust'](False)
        elif mode == 'settrace':
            hooks['trust'](True)
            sys.settrace(st_global)
            hooks['trust'](False)
        hooks['arm']()
        st['t0'] = time.perf_counter()
        return None

    def program():
        return st['code'], st['globals']

    def finish(exc):
        nonlocal stop, module_frame, skip_frame
        g = st['globals']
        res['elapsed'] = time.perf_counter() - st['t0']
        try:
            try:
                if mode == 'settrace' or mode == 'count':
                    _SETTRACE(None)
                elif mode == 'monitoring':
                    mon_remove()
                # Still armed, untraced: describe the exception (its __str__ may be the program's),
                # then let the program's objects die here so their finalizers run under the
                # sandbox rules and not inside the next program.
                if isinstance(exc, SystemExit):
                    exc = None
                if type(exc) is Stop and stop is None:
                    # Untraced runs ('none', 'count') see a refusal only as the exception it raised.
                    a = exc.args
                    stop = a[0] if a and type(a[0]) is str else 'forbidden'
                    res['error'] = {'kind': stop, 'message': a[1] if len(a) > 1 and type(a[1]) is str else 'stopped'}
                if exc is not None:
                    res['exception'] = _describe(exc, hooks['trust'])
                    exc = type(exc)
                res['stream'] = stream()
                # Let go of the program's objects and frames, then of its globals: they die here.
                drop_heap()
                scopes.clear()
                fids.clear()
                fcodes.clear()
                stack.clear()
                zombies.clear()
                closures.clear()
                lambda_closures.clear()
                called.clear()
                global_funcs.clear()
                code_ids.clear()
                module_frame = skip_frame = None
                g.clear()
                gc.collect(0)
                # A refusal where no event could see it (a finalizer, an untraced run) still counts.
                refused = hooks['refused']()
                if refused is not None and stop is None:
                    stop = 'forbidden'
                    res['error'] = {'kind': 'forbidden', 'message': refused}
            finally:
                hooks['attach'](None)
                hooks['disarm']()
        finally:
            saved = st['saved']
            sys.stdout, sys.stderr, sys.stdin = saved[0], saved[1], saved[2]
            sys.setrecursionlimit(saved[3])
        res['stdout'] = ''.join(out)
        res['events'] = lines_seen
        if stop is not None:
            res['ok'] = False
            res['error'] = res['error'] or {'kind': stop, 'message': stop_message}
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

    return prepare, program, finish


def stack_depth():
    """Python frames below the caller (for the recursion limit)."""
    depth = 0
    f = _GETFRAME(1)
    while f is not None:
        depth += 1
        f = f.f_back
    return depth


def run(req):
    """Traces one program in-process (native CPython, the benchmarks). req: dict(source, stdin, mode,
    maxSteps, countSteps, fullValues, maxValueChars, maxOutputBytes, maxRecursionDepth). The result's
    `cpu` is the thread's CPU time in the program's exec, seconds (steadier than `elapsed` on a busy machine)."""
    prepare, program, finish = new_run(req)
    failed = prepare(stack_depth() + 1)
    if failed is not None:
        return failed
    code, g = program()
    exc = None
    c0 = time.thread_time()
    try:
        exec(code, g)
    except BaseException as e:
        exc = e
    cpu = time.thread_time() - c0
    res = finish(exc)
    res['cpu'] = cpu
    return res

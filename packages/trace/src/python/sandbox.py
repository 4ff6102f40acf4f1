"""The sandbox layer, run once per Pyodide instance right after the tracer (tracer.py). It:
- unregisters the `js` / `pyodide_js` modules, drops every JS-bridge module (`js`, `pyodide*`,
  `_pyodide*`, `micropip`) plus `gc` and `_imp` from `sys.modules`, and removes Pyodide's JS finder
  from `sys.meta_path`, so that no JsProxy stays reachable from the Python heap;
- takes itself, the tracer and the encoder out of `sys.modules` (a program must not import them) and
  defines no classes (a program could find them through `object.__subclasses__()`): its state and
  the tracer's live in closures and module dicts nothing a program holds refers to;
- blocks re-importing them (an audit hook, then a meta-path finder);
- refuses `sys.settrace`/`sys.setprofile`/`sys.gettrace`/`sys.getprofile`, `sys.monitoring`, audit
  hooks of the program, process and socket events, and file access outside the scratch folders —
  each ends the run with kind `forbidden`. Only the tracer's own calls are trusted; the idle time
  after a program (when its finalizers may run) is guarded like the run itself;
- hands out no frame that leads to the tracer: `sys._getframe`, `tb_frame` and the like are refused
  when the frame's chain of callers holds a frame of ours or a generator/coroutine frame (whose
  caller changes when it resumes), and always in settrace mode (a frame's `f_trace` is the tracer's);
  generator/coroutine frames (`gi_frame`, …) are refused. The program itself is started from
  JavaScript (`begin` → the returned starter → `end`), so no frame of ours lies below it;
- after each run restores the interpreter: new modules, files, `builtins`, `sys` attributes.
"""
import sys, os, json, shutil
from importlib import import_module as _import_module
import gc as _gc
import lmkit_io
from lmkit_tracer import TRUSTED_FRAME_CALL, new_run, stack_depth

# A program must import none of our modules: they leave sys.modules (the engine keeps its own
# reference to this one; the tracer's functions hold the others).
for _n in ('lmkit_tracer', 'lmkit_encoder', 'lmkit_io', __name__):
    sys.modules.pop(_n, None)
# Frames running these files are the tracer's and the sandbox's (the starter, 'lmkit_start', is not).
OUR_FILES = frozenset(('lmkit_tracer.py', 'lmkit_encoder.py', 'lmkit_sandbox.py', 'lmkit_io.py'))

FORBIDDEN_ROOTS = frozenset(('js', 'pyodide_js', 'pyodide', '_pyodide', '_pyodide_core', 'micropip',
                             'pyodide_http', 'gc', '_imp', 'ctypes', '_ctypes', '_testcapi', '_testinternalcapi',
                             'faulthandler', 'tracemalloc', '_tracemalloc'))
SCRATCH = ('/tmp', '/home/pyodide')
READABLE = ('/dev/null', '/dev/urandom') + SCRATCH
STDLIB_PREFIX = '/lib/python'
FORBIDDEN_EVENT_PREFIXES = ('socket.', 'ctypes.', 'subprocess.', 'os.system', 'os.exec', 'os.spawn',
                            'os.posix_spawn', 'os.fork', 'os.kill', 'os.putenv', 'os.unsetenv',
                            'sys._settraceallthreads', 'sys._setprofileallthreads',
                            'sys.remote_exec', 'cpython.remote_debugger', 'webbrowser.', 'urllib.Request')
PATH_EVENTS = frozenset(('os.remove', 'os.rename', 'os.rmdir', 'os.mkdir', 'os.listdir', 'os.scandir',
                         'os.chmod', 'os.chown', 'os.link', 'os.symlink', 'os.truncate', 'os.utime',
                         'shutil.rmtree', 'shutil.copyfile', 'shutil.move', 'glob.glob'))

# --- cut the JS bridge --------------------------------------------------------------------------
try:
    from _pyodide._core_docs import JsProxy as _JsProxy
except ImportError:
    _JsProxy = None
try:
    from _pyodide._importhook import unregister_js_module as _unreg
    for _n in ('js', 'pyodide_js'):
        try:
            _unreg(_n)
        except Exception:
            pass
    del _unreg
except ImportError:
    pass
sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != 'JsFinder']


def _forbidden_name(name):
    return type(name) is str and name.partition('.')[0] in FORBIDDEN_ROOTS


for _n in list(sys.modules):
    if _forbidden_name(_n):
        del sys.modules[_n]
sys.excepthook = sys.__excepthook__
sys.displayhook = sys.__displayhook__
_gc.collect()


def _is_js(v):
    return _JsProxy is not None and isinstance(v, _JsProxy) and type(v).__name__ != 'JsNull'


def _scrub():
    # Whatever Pyodide's own modules kept (module dicts of pyodide.webloop, JsLoader objects …): drop it.
    for o in _gc.get_objects():
        t = type(o)
        if t is dict:
            for k in [k for k, v in o.items() if _is_js(v)]:
                o[k] = None
        elif t is list:
            for i, v in enumerate(o):
                if _is_js(v):
                    o[i] = None
        elif t is type(_scrub.__code__) or t is tuple:
            continue
        else:
            d = getattr(o, '__dict__', None) if not isinstance(o, type) else None
            if type(d) is dict:
                for k in [k for k, v in d.items() if _is_js(v)]:
                    d[k] = None


_scrub()
_gc.collect()


# armed: the program runs; trusted: the tracer's own privileged calls; neither: idle (finalizers
# of the program's objects may still run, so idle is treated like armed). frames: 'checked' while
# the monitoring hook traces, 'refused' in settrace mode.
# foreign: the tracer is calling an object's own code (str(), repr(), ==) to show it.
_S = {'armed': False, 'trusted': False, 'frames': 'checked', 'in_audit': False, 'run': None, 'refused': None, 'sink': None, 'foreign': False}
_MONITORING = getattr(sys, 'monitoring', None)


def _refuse(message):
    """Records the first refusal of the run (the tracer reports kind `forbidden`) and ends the program."""
    if _S['refused'] is None:
        _S['refused'] = message
    raise lmkit_io.Stop('forbidden', message)


def _deny(message):
    """A refused resource (import, file, process): ends the program, unless the tracer itself asked for
    it while showing an object (a stdlib `__str__` that reads a file): then only that call fails."""
    if _S['foreign']:
        raise PermissionError(message)
    _refuse(message)

lmkit_io.Blocker.roots = FORBIDDEN_ROOTS
sys.meta_path.insert(0, lmkit_io.Blocker)


def _allowed_path(p, readable):
    if type(p) is int:
        return True
    if type(p) is bytes:
        p = p.decode('utf-8', 'replace')
    if type(p) is not str:
        p = os.fspath(p)
    p = os.path.abspath(p)
    if readable and p.startswith(STDLIB_PREFIX):
        return True
    for root in (READABLE if readable else SCRATCH):
        if p == root or p.startswith(root + '/') or (root.startswith('/dev/') and p == root):
            return True
    return False


_GEN_FRAME_FLAGS = 0x20 | 0x80 | 0x100 | 0x200  # generator, coroutine, iterable coroutine, async generator
_FRAME_ATTRS = frozenset(('tb_frame', 'gi_frame', 'cr_frame', 'ag_frame'))


def _frame_refusal(frame):
    """Why a program may not have `frame` (None when it may): see the module docstring."""
    if _S['frames'] == 'refused':
        return 'frame objects are not available in settrace mode'
    f = frame
    while f is not None:
        code = f.f_code
        if code.co_flags & _GEN_FRAME_FLAGS:
            return 'frames of generators and coroutines are not available in the sandbox'
        if code.co_filename in OUR_FILES:
            return 'the tracer\'s frames are not available in the sandbox'
        f = f.f_back
    return None


def _audit(event, args):
    if event == 'lmkit.write':
        sink = _S['sink']
        if sink is not None and len(args) == 2:
            sink(args[0], args[1])
        return
    if _S['trusted']:
        return
    if event == 'lmkit.refuse':
        _refuse(args[0] if args and type(args[0]) is str else 'refused')
    if event == 'sys._getframe':
        if TRUSTED_FRAME_CALL[0] or _S['in_audit']:
            return
        _S['in_audit'] = True
        try:
            why = _frame_refusal(args[0])
        finally:
            _S['in_audit'] = False
        if why is not None:
            _refuse(why)
        return
    if event == 'object.__getattr__':
        if _S['in_audit'] or len(args) < 2 or args[1] not in _FRAME_ATTRS:
            return
        if args[1] != 'tb_frame':
            _refuse('frames of generators and coroutines are not available in the sandbox')
        _S['in_audit'] = True
        try:
            why = _frame_refusal(args[0].tb_frame)
        finally:
            _S['in_audit'] = False
        if why is not None:
            _refuse(why)
        return
    if event in ('sys._current_frames', 'sys._current_exceptions', 'sys.addaudithook'):
        _refuse('%s is not allowed in the sandbox' % event)
    if event == 'sys.settrace' or event == 'sys.setprofile':
        # While armed, CPython itself clears the trace function when a callback raises; user calls
        # are stopped by the attribute guards. When idle, nobody but the tracer may set one.
        if not _S['armed']:
            _refuse('%s is reserved for the tracer' % event)
        return
    if event == 'import':
        if _forbidden_name(args[0]):
            _deny('import of %s is not allowed in the sandbox' % args[0])
        return
    if event == 'open':
        path, mode = args[0], args[1]
        write = mode is not None and type(mode) is str and any(c in mode for c in 'wax+')
        if path is not None and not _allowed_path(path, not write):
            _deny('access to %r is not allowed in the sandbox' % (path,))
        return
    if event in PATH_EVENTS:
        for a in args[:2]:
            if isinstance(a, (str, bytes)) and not _allowed_path(a, event in ('os.listdir', 'os.scandir', 'glob.glob')):
                _deny('access to %r is not allowed in the sandbox' % (a,))
        return
    if event.startswith(FORBIDDEN_EVENT_PREFIXES):
        _deny('%s is not allowed in the sandbox' % event)


sys.addaudithook(_audit)


_GUARD = lmkit_io.MonitoringGuard()
_SETTRACE = sys.settrace
_SETPROFILE = sys.setprofile
_GETTRACE = sys.gettrace
_GETPROFILE = sys.getprofile


def _arm():
    sys.__stdout__, sys.__stderr__, sys.__stdin__ = sys.stdout, sys.stderr, sys.stdin
    if _MONITORING is not None:
        sys.monitoring = _GUARD
    sys.settrace, sys.setprofile = lmkit_io.guard_settrace, lmkit_io.guard_setprofile
    sys.gettrace, sys.getprofile = lmkit_io.guard_gettrace, lmkit_io.guard_getprofile
    _S['trusted'] = False
    _S['armed'] = True


def _disarm():
    _S['armed'] = False
    sys.settrace, sys.setprofile = _SETTRACE, _SETPROFILE
    sys.gettrace, sys.getprofile = _GETTRACE, _GETPROFILE
    if _MONITORING is not None:
        sys.monitoring = _MONITORING


def _trust(on):
    _S['trusted'] = on


def _attach(sink):
    _S['sink'] = sink


def _foreign(on):
    _S['foreign'] = on


_HOOKS = {'arm': _arm, 'disarm': _disarm, 'trust': _trust, 'refused': lambda: _S['refused'], 'attach': _attach, 'foreign': _foreign}


def _listing():
    out = set()
    for root in SCRATCH:
        try:
            out.update(os.path.join(root, n) for n in os.listdir(root))
        except OSError:
            pass
    return out


_BASE_MODULES = dict(sys.modules)
_BASE_DICTS = [(m.__dict__, dict(m.__dict__)) for m in _BASE_MODULES.values() if type(getattr(m, '__dict__', None)) is dict]
_BASE_META = list(sys.meta_path)
_BASE_PATH = list(sys.path)
_BASE_FILES = _listing()
_BASE_CWD = os.getcwd()


def _stdlib_module(m):
    spec = getattr(m, '__spec__', None)
    origin = getattr(spec, 'origin', None)
    return type(origin) is str and (origin.startswith(STDLIB_PREFIX) or origin in ('built-in', 'frozen'))


def restore():
    """Puts the interpreter back to the state it had before the first program."""
    _S['armed'] = False
    _S['trusted'] = False
    _S['frames'] = 'checked'
    _S['run'] = None
    _S['refused'] = None
    _S['sink'] = None
    _S['foreign'] = False
    lmkit_io.Blocker.roots = FORBIDDEN_ROOTS
    new = [k for k in sys.modules if k not in _BASE_MODULES]
    stdlib = [k for k in new if not _forbidden_name(k) and _stdlib_module(sys.modules[k])]
    for k in new:
        del sys.modules[k]
    for k, v in _BASE_MODULES.items():
        if sys.modules.get(k) is not v:
            sys.modules[k] = v
    for d, snap in _BASE_DICTS:
        # Refilled whether or not the program changed it: a C-speed copy, cheaper in Pyodide than
        # comparing the entries by identity one call at a time, and it never runs the program's
        # __eq__/__hash__ (the keys are the snapshot's own). `builtins` and `sys` are among these
        # modules, so their names (open, print, sys.stdout, sys.settrace …) come back here too.
        d.clear()
        d.update(snap)
    sys.meta_path[:] = _BASE_META
    sys.path[:] = _BASE_PATH
    try:
        os.chdir(_BASE_CWD)
    except OSError:
        pass
    for p in _listing() - _BASE_FILES:
        try:
            if os.path.isdir(p) and not os.path.islink(p):
                shutil.rmtree(p)
            else:
                os.remove(p)
        except OSError:
            pass
    if stdlib:
        # Standard-library modules the program imported are imported again, pristine, and kept (with
        # a snapshot restored after every later program): the next program does not pay the import.
        _S['trusted'] = True
        try:
            for k in stdlib:
                try:
                    _import_module(k)
                except BaseException:
                    pass
        finally:
            _S['trusted'] = False
        for k, m in list(sys.modules.items()):
            if k not in _BASE_MODULES:
                _BASE_MODULES[k] = m
                if type(getattr(m, '__dict__', None)) is dict:
                    _BASE_DICTS.append((m.__dict__, dict(m.__dict__)))


# The program's starter: a function with almost empty globals, called from JavaScript, so the
# program's bottom frame has no caller of ours (made fresh per run: a program may change its globals).
_STARTER = compile("""
def make(code, g):
    def start():
        try:
            exec(code, g)
        except BaseException as e:
            return e
    return start
""", 'lmkit_start', 'exec')


def begin(req_json):
    """Starts a run: returns the finished result JSON (the source does not compile), or the starter
    to call from JavaScript and pass, with what it returned, to `end`."""
    try:
        req = json.loads(req_json)
        prepare, program, finish = new_run(req, _HOOKS)
        mode = req.get('mode') or 'auto'
        _S['frames'] = 'refused' if mode == 'settrace' or (mode == 'auto' and _MONITORING is None) else 'checked'
        _S['trusted'] = True
        try:
            depth = stack_depth()
        finally:
            _S['trusted'] = False
        # Below the program at run time: the starter only (and JavaScript).
        failed = prepare(depth + 1)
    except BaseException:
        restore()
        raise
    if failed is not None:
        restore()
        return json.dumps(failed)
    _S['run'] = finish
    ns = {'__builtins__': {'exec': exec, 'BaseException': BaseException}}
    exec(_STARTER, ns)
    return ns['make'](*program())


def end(exc):
    """Finishes the run started by `begin`; `exc` is what the starter returned. Returns the result JSON."""
    finish = _S['run']
    _S['run'] = None
    try:
        res = finish(exc if isinstance(exc, BaseException) else None)
    finally:
        restore()
    return json.dumps(res)


def reachable_js_objects():
    """Self-check: JS objects (other than null/undefined) referenced from any tracked Python object."""
    JsProxy = _JsProxy
    if JsProxy is None:
        return -1
    restore()
    n = 0
    for o in _gc.get_objects():
        for r in _gc.get_referents(o):
            if _is_js(r):
                n += 1
    for m in list(sys.modules.values()):
        for v in list(getattr(m, '__dict__', {}).values()):
            if _is_js(v):
                n += 1
    return n

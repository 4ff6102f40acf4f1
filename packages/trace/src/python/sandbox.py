"""The sandbox layer, run once per Pyodide instance right after the tracer (tracer.py). It:
- unregisters the `js` / `pyodide_js` modules, drops every JS-bridge module (`js`, `pyodide*`,
  `_pyodide*`, `micropip`) plus `gc` and `_imp` from `sys.modules`, and removes Pyodide's JS finder
  from `sys.meta_path`, so that no JsProxy stays reachable from the Python heap;
- takes itself and the tracer out of `sys.modules` (a program must not import them);
- blocks re-importing them (a meta-path finder and an audit hook);
- refuses `sys.settrace`/`sys.setprofile`, `sys.monitoring`, process and socket events, and file
  access outside the scratch folders (audit hook + attribute guards) -- each ends the run with kind
  `forbidden`. Only the tracer's own calls are trusted; the idle time after a program (when its
  finalizers may run) is guarded like the run itself;
- after each run restores the interpreter: new modules, files, `builtins`, `sys` attributes.

Entry point: `run_json(request_json) -> result_json`.
"""
import sys, os, json, builtins, shutil
from operator import is_ as _is
from importlib import import_module as _import_module
import gc as _gc
from lmkit_tracer import Hooks, Stop, run

# A program must import neither the tracer nor this layer: both leave sys.modules (the engine keeps
# its own reference to this module).
for _n in ('lmkit_tracer', __name__):
    sys.modules.pop(_n, None)

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


class _State:
    # armed: the program runs; trusted: the tracer's own privileged calls; neither: idle (finalizers
    # of the program's objects may still run, so idle is treated like armed).
    armed = False
    trusted = False
    tracer = None
    monitoring = getattr(sys, 'monitoring', None)


def _refuse(message):
    t = _State.tracer
    if t is not None:
        t.halt('forbidden', message)
    raise Stop('forbidden')


class _Blocker:
    """First meta-path finder: refuses the JS bridge and interpreter internals."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if _forbidden_name(name):
            if not _State.trusted:
                _refuse('import of %s is not allowed in the sandbox' % name)
            raise ImportError('%s is not available in the sandbox' % name)
        return None


sys.meta_path.insert(0, _Blocker)


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


def _audit(event, args):
    if _State.trusted:
        return
    if event == 'sys.settrace' or event == 'sys.setprofile':
        # While armed, CPython itself clears the trace function when a callback raises; user calls
        # are stopped by the attribute guards. When idle, nobody but the tracer may set one.
        if not _State.armed:
            _refuse('%s is reserved for the tracer' % event)
        return
    if event == 'import':
        if _forbidden_name(args[0]):
            _refuse('import of %s is not allowed in the sandbox' % args[0])
        return
    if event == 'open':
        path, mode = args[0], args[1]
        write = mode is not None and type(mode) is str and any(c in mode for c in 'wax+')
        if path is not None and not _allowed_path(path, not write):
            _refuse('access to %r is not allowed in the sandbox' % (path,))
        return
    if event in PATH_EVENTS:
        for a in args[:2]:
            if isinstance(a, (str, bytes)) and not _allowed_path(a, event in ('os.listdir', 'os.scandir', 'glob.glob')):
                _refuse('access to %r is not allowed in the sandbox' % (a,))
        return
    if event.startswith(FORBIDDEN_EVENT_PREFIXES):
        _refuse('%s is not allowed in the sandbox' % event)


sys.addaudithook(_audit)


class _MonitoringGuard:
    """Stands in for sys.monitoring while a program runs: touching it ends the run."""

    def __getattr__(self, name):
        _refuse('sys.monitoring is reserved for the tracer')


_GUARD = _MonitoringGuard()
_SETTRACE = sys.settrace
_SETPROFILE = sys.setprofile


def _guard_settrace(*args):
    _refuse('sys.settrace is reserved for the tracer')


def _guard_setprofile(*args):
    _refuse('sys.setprofile is reserved for the tracer')
_SYS_ATTRS = ('settrace', 'setprofile', 'stdout', 'stderr', 'stdin', '__stdout__', '__stderr__', '__stdin__', 'excepthook', 'displayhook',
              'path_hooks', 'path_importer_cache', 'dont_write_bytecode', 'monitoring', 'argv', 'flags')


def _arm(tracer):
    _State.tracer = tracer
    sys.__stdout__, sys.__stderr__, sys.__stdin__ = sys.stdout, sys.stderr, sys.stdin
    if _State.monitoring is not None:
        sys.monitoring = _GUARD
    sys.settrace, sys.setprofile = _guard_settrace, _guard_setprofile
    _State.trusted = False
    _State.armed = True


def _disarm():
    _State.armed = False
    sys.settrace, sys.setprofile = _SETTRACE, _SETPROFILE
    if _State.monitoring is not None:
        sys.monitoring = _State.monitoring


def _trust(on):
    _State.trusted = on


Hooks.arm = staticmethod(_arm)
Hooks.disarm = staticmethod(_disarm)
Hooks.trust = staticmethod(_trust)


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
_BASE_BUILTINS = dict(builtins.__dict__)
_BASE_SYS = {k: getattr(sys, k) for k in _SYS_ATTRS if hasattr(sys, k)}
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
    _State.armed = False
    _State.trusted = False
    _State.tracer = None
    new = [k for k in sys.modules if k not in _BASE_MODULES]
    stdlib = [k for k in new if not _forbidden_name(k) and _stdlib_module(sys.modules[k])]
    for k in new:
        del sys.modules[k]
    for k, v in _BASE_MODULES.items():
        if sys.modules.get(k) is not v:
            sys.modules[k] = v
    for d, snap in _BASE_DICTS:
        # Identity only (C speed, never calls the program's __eq__/__hash__).
        if len(d) != len(snap) or not all(map(_is, d.values(), snap.values())) or not all(map(_is, d.keys(), snap.keys())):
            d.clear()
            d.update(snap)
    bd = builtins.__dict__
    for k in [k for k in bd if k not in _BASE_BUILTINS]:
        del bd[k]
    for k, v in _BASE_BUILTINS.items():
        if bd.get(k) is not v:
            bd[k] = v
    for k, v in _BASE_SYS.items():
        setattr(sys, k, v)
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
        _State.trusted = True
        try:
            for k in stdlib:
                try:
                    _import_module(k)
                except BaseException:
                    pass
        finally:
            _State.trusted = False
        for k, m in list(sys.modules.items()):
            if k not in _BASE_MODULES:
                _BASE_MODULES[k] = m
                if type(getattr(m, '__dict__', None)) is dict:
                    _BASE_DICTS.append((m.__dict__, dict(m.__dict__)))


def run_json(req_json):
    try:
        res = run(json.loads(req_json))
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

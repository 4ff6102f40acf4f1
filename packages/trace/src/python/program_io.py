"""Everything of lmkit's that a traced program can reach: its sys.stdout/stderr, `input`, the guards
standing in for the tracing hooks, and the import blocker on sys.meta_path.

Installed as the module `lmkit_io`. Nothing here refers to the tracer or the sandbox layer, and
both of those define no classes (any class is reachable through `object.__subclasses__()`): a
program that takes these objects apart finds no way to the tracer's records. Output and refusals
leave through audit events, which only the tracer's and the sandbox's hooks see.
"""
import io
import sys


class Stop(BaseException):
    """Raised into the program to end it: `args` = (kind, message). The tracer sees it raised and
    makes the stop sticky (every later event raises it again)."""


class Capture(io.TextIOBase):
    """sys.stdout / sys.stderr of the program. It keeps nothing: every write goes out as the audit
    event `lmkit.write` (stream name, text), which the tracer's hook records where the program cannot
    reach it — a program can add output (as print does) but not change or remove any."""

    def __init__(self, stream):
        self._stream = stream

    def writable(self):
        return True

    def write(self, s):
        if type(s) is not str:
            raise TypeError('write() argument must be str, not %s' % type(s).__name__)
        sys.audit('lmkit.write', self._stream, s)
        return len(s)

    def flush(self):
        pass


def make_input(stream, capture):
    """The `input` builtin of a program: lines from `stream`, the prompt written to `capture`."""

    def input(prompt=''):
        if prompt:
            capture.write(str(prompt))
        line = stream.readline()
        if not line:
            raise EOFError('EOF when reading a line')
        return line[:-1] if line.endswith('\n') else line

    return input


def refuse(message):
    """Ends the run with kind `forbidden`. The audit event lets the sandbox record the refusal where a
    program cannot undo it (a refusal inside a finalizer raises into nowhere)."""
    sys.audit('lmkit.refuse', message)
    raise Stop('forbidden', message)


def guard_settrace(*args):
    refuse('sys.settrace is reserved for the tracer')


def guard_setprofile(*args):
    refuse('sys.setprofile is reserved for the tracer')


def guard_gettrace(*args):
    refuse('sys.gettrace is reserved for the tracer')


def guard_getprofile(*args):
    refuse('sys.getprofile is reserved for the tracer')


class MonitoringGuard:
    """Stands in for sys.monitoring while a program runs: touching it ends the run."""

    def __getattr__(self, name):
        refuse('sys.monitoring is reserved for the tracer')


class Blocker:
    """First sys.meta_path finder: the JS bridge and interpreter internals cannot be imported
    (`import` statements meet the sandbox's audit hook first; `importlib.import_module` meets this)."""

    roots = frozenset()

    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if type(name) is str and name.partition('.')[0] in cls.roots:
            refuse('import of %s is not allowed in the sandbox' % name)
        return None

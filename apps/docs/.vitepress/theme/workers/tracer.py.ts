/**
 * The Python side of the docs' fallback tracer: runs a program under sys.settrace and returns JSON
 * steps — the 0-based line just executed, the variables of its frame after it, and what it printed.
 * Steps are capped (`max_steps`), printed text per step too; only plain data values are shown.
 */
export const TRACER_PY = String.raw`
import sys, io, json, re, contextlib

_LMKIT_PLAIN = (int, float, complex, str, bool, type(None), list, tuple, dict, set, frozenset, bytes, range)

def _lmkit_render(v):
    text = re.sub(r"['\"]", "", repr(v))
    text = re.sub(r"([\[\](){},:])", r" \1 ", text)
    return " ".join(text.split())[:200]

def _lmkit_trace(src, max_steps, max_output):
    steps = []
    pending = {}
    out = io.StringIO()

    class _Stop(Exception):
        pass

    def emit(frame, line):
        if len(steps) >= max_steps:
            raise _Stop()
        printed = out.getvalue()[:max_output]
        out.seek(0)
        out.truncate()
        state = {k: _lmkit_render(v) for k, v in frame.f_locals.items()
                 if not k.startswith("__") and isinstance(v, _LMKIT_PLAIN)}
        steps.append({"line": line - 1, "vars": state, "output": printed})

    def tracer(frame, event, arg):
        if frame.f_code.co_filename != "<program>":
            return None
        if event == "line":
            prev = pending.get(id(frame))
            if prev is not None:
                emit(frame, prev)
            pending[id(frame)] = frame.f_lineno
        elif event == "return":
            prev = pending.pop(id(frame), None)
            if prev is not None:
                emit(frame, prev)
        return tracer

    error = None
    truncated = False
    try:
        code = compile(src, "<program>", "exec")
    except SyntaxError as e:
        return json.dumps({"steps": [], "error": "SyntaxError: %s (line %s)" % (e.msg, e.lineno), "truncated": False})
    g = {"__name__": "__main__"}
    with contextlib.redirect_stdout(out):
        sys.settrace(tracer)
        try:
            exec(code, g)
        except _Stop:
            truncated = True
        except KeyboardInterrupt:
            error = "stopped: the time limit was reached"
        except BaseException as e:
            error = "%s: %s" % (type(e).__name__, e)
        finally:
            sys.settrace(None)
    return json.dumps({"steps": steps, "error": error, "truncated": truncated})
`;

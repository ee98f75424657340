"""Run `render.py` commands one after another in one process whose address space is capped, for the fuzz test.

Usage: python tests/limited_runner.py HEADROOM_BYTES. Reads one JSON list of arguments per line on stdin and answers
each with one JSON line: the exit status (or "raised"), stdout and stderr. The cap is the address space in use after
the imports plus HEADROOM_BYTES, so a command that allocates more gets a MemoryError.
"""
import contextlib
import io
import json
import resource
import sys
import traceback
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import cli.render  # noqa: E402,F401  (imported now, so the cap counts what a command allocates, not modules)
import cli.report  # noqa: E402,F401
from cli.main import main as run  # noqa: E402


def address_space() -> int:
    """Bytes of virtual memory this process maps now (VmSize)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmSize in /proc/self/status")


def answer(argv: list) -> dict:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = run(argv)
        except BaseException:  # noqa: B036  (reported, so the test can show it)
            code = "raised"
            traceback.print_exc()
    return {"code": code, "out": out.getvalue(), "err": err.getvalue()}


def serve(headroom: int) -> None:
    warnings.simplefilter("always")
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (address_space() + headroom, hard))
    for line in sys.stdin:
        print(json.dumps(answer(json.loads(line))), flush=True)


if __name__ == "__main__":
    serve(int(sys.argv[1]))

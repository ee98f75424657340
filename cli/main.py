"""`render.py check FILE [--json]` and `render.py render FILE ...`: argument parsing and exit codes.

Exit 0 on success, 2 on a bad scenario or bad arguments, with one line on stderr and no traceback.
"""
import argparse
import json
import sys
from contextlib import contextmanager

import numpy as np

from lesson.errors import ScenarioError


def parser():
    p = argparse.ArgumentParser(prog="render.py", description="Softmax + cross-entropy backprop explainer.")
    sub = p.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="print the worked solution of a scenario and compare it with its source")
    check.add_argument("file")
    check.add_argument("--json", action="store_true", help="print one JSON object with every value")
    render = sub.add_parser("render", help="render a scenario's explainer video")
    render.add_argument("file")
    render.add_argument("-q", dest="quality", choices="lmhk", default="l", help="l=480p15 m=720p30 h=1080p60 k=4K60")
    render.add_argument("--format", choices=("mp4", "gif", "png"), default="mp4", help="png = the last frame")
    render.add_argument("-o", dest="output", help="output file (default: media/<scenario>.<format>)")
    render.add_argument("--section", help="render only this step")
    render.add_argument("--sections", action="store_true", help="also write one clip per step")
    return p


def check(args):
    from lesson.scenario import load
    from lesson.solution import Solution
    from .report import text

    scenario = load(args.file)
    with solving(scenario.file):
        sol = Solution(scenario)
        out = json.dumps(sol.as_json(), indent=1, allow_nan=False) if args.json else \
            text(sol, sol.claims(), sol.warnings())
    print(out)
    return 0


@contextmanager
def solving(file):
    """Solve quietly; arithmetic that fails on a valid file (core.NumericError is a ValueError) is one line."""
    try:
        with np.errstate(all="ignore"):
            yield
    except (ValueError, ArithmeticError) as e:
        raise ScenarioError(file, f"cannot be solved: {e}") from None


def run(args):
    """The command's exit status; any failure becomes a ScenarioError naming the file."""
    try:
        if args.command == "check":
            return check(args)
        from .render import render
        with solving(args.file):
            return render(args)
    except ScenarioError:
        raise
    except Exception as e:  # the promise is one line, never a traceback: a bug is reported, not shown
        raise ScenarioError(args.file, f"internal error, please report it: {type(e).__name__}: {e}") from None


def main(argv=None):
    """Run a command; exit status 0, or 2 with one line `error: FILE[:LINE]: FIELD: what is wrong` on stderr."""
    args = parser().parse_args(argv)
    try:
        return run(args)
    except ScenarioError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2

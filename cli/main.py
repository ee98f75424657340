"""`render.py check|render|handout|variant|worksheet ...`: argument parsing and exit codes.

Exit 0 on success, 2 on a bad scenario or bad arguments, with one line on stderr and no traceback.
"""
import argparse
import json
import os
import sys

from lesson import review
from lesson.errors import ScenarioError, solving
from lesson.export import as_json
from lesson.scenario import load
from lesson.solution import Solution
from . import report
from .section_cache import DEFAULT as DEFAULT_CACHE


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="render.py", description="Softmax + cross-entropy backprop explainer.")
    sub = p.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="print the worked solution of a scenario and compare it with its source")
    check.add_argument("file")
    check.add_argument("--json", action="store_true", help="print one JSON object with every value")
    render = sub.add_parser("render", help="render a scenario's explainer video")
    render.add_argument("files", nargs="+", metavar="FILE",
                        help="a scenario; several, or a folder of them, render in parallel, one process each")
    render.add_argument("-q", dest="quality", choices="lmhk", default="l", help="l=480p15 m=720p30 h=1080p60 k=4K60")
    render.add_argument("--format", choices=("mp4", "gif", "png"), default="mp4", help="png = the last frame")
    render.add_argument("-o", dest="output", help="output file (default: media/<scenario>.<format>)")
    render.add_argument("--section", help="render only this step")
    render.add_argument("--sections", action="store_true", help="also write one clip per step")
    render.add_argument("--burn-captions", action=argparse.BooleanOptionalAction, default=True,
                        help="draw each section's caption on the picture (default); the .srt is written either way")
    render.add_argument("--slides", action="store_true",
                        help="also write media/<scenario>.html: one slide per section, plays offline")
    render.add_argument("--no-cache", dest="cache", action="store_false",
                        help="render every section again instead of reusing cached clips")
    render.add_argument("--cache-dir", default=str(DEFAULT_CACHE), help=f"section cache (default: {DEFAULT_CACHE})")
    render.add_argument("--media-dir", default="media", help="Manim's working folder (partial movies, LaTeX)")
    render.add_argument("--quiet", action="store_true", help="no progress line")
    render.add_argument("-j", dest="jobs", type=int,
                        help="processes at once (default: cores): one scenario's sections, or several scenarios")
    sheet = sub.add_parser("sheet", help="one PNG per scenario with every section's last full frame, no animation "
                                         "rendered")
    sheet.add_argument("files", nargs="+", metavar="FILE", help="a scenario, or several")
    sheet.add_argument("-o", dest="output", help="the PNG (default: media/<scenario>_sheet.png); for several "
                                                 "scenarios a folder, each as <scenario>.png")
    sheet.add_argument("-q", dest="quality", choices="lmh", default="l", help="a tile's size: l=480p m=720p h=1080p")
    sheet.add_argument("--width", type=int,
                       help="scale the sheet to this many pixels wide, in 256 colours (for a web page)")
    sheet.add_argument("--section", help="only this section's last full frame, without a title bar (a still)")
    sheet.add_argument("--watch", action="store_true",
                       help="write it again each time the scenario is saved (the error line while it is invalid)")
    sheet.add_argument("--cache-dir", default=str(DEFAULT_CACHE), help="where formulas' shapes are kept")
    sheet.add_argument("--media-dir", default="media", help="Manim's working folder (LaTeX, texts)")
    handout = sub.add_parser("handout", help="write the worked solution as Markdown and PDF, with a still")
    handout.add_argument("file")
    handout.add_argument("-o", dest="output", help="the Markdown file (default: media/<scenario>.md); the PDF and "
                                                    "the still go beside it")
    variant = sub.add_parser("variant", help="write scenarios of the same network with new numbers a student can work "
                                             "by hand")
    variant.add_argument("file")
    variant.add_argument("-n", dest="count", type=int, default=10, help="how many variants (default: 10)")
    variant.add_argument("--seed", type=int, help="the seed that makes the run repeatable (default: drawn at random; "
                                                  "each file records its own)")
    variant.add_argument("-o", dest="output", help="the folder (default: variants/<scenario>/)")
    worksheet = sub.add_parser("worksheet", help="write a worksheet and its answer key, as Markdown and PDF")
    worksheet.add_argument("file", metavar="FILE|DIR", help="a scenario, or a folder of them (one page each)")
    worksheet.add_argument("-o", dest="output", help="the worksheet's Markdown (default: media/<name>_worksheet.md); "
                                                      "its PDF and the key's PATH_key.md and .pdf go beside it")
    return p


def check(args: argparse.Namespace) -> int:
    """Print the worked solution (or its JSON) and the comparison with the source document, built whole first."""
    scenario = load(args.file)
    with solving(scenario.file):
        solution = Solution(scenario)
        claims, warnings = review.claims(solution), review.warnings(solution)
        out = json.dumps(as_json(solution, claims, warnings), indent=1, allow_nan=False) if args.json else \
            report.text(solution, claims, warnings)
    print(out)
    return 0


def run(args: argparse.Namespace) -> int:
    """The command's exit status; any failure becomes a ScenarioError naming the file."""
    try:
        if args.command == "check":
            return check(args)
        if args.command == "sheet":
            from .sheet import sheet
            return sheet(args)
        if args.command == "handout":
            from .handout import handout
            return handout(args)
        if args.command == "variant":
            from .variant import variant
            return variant(args)
        if args.command == "worksheet":
            from .worksheet import worksheet
            return worksheet(args)
        from .many import render_all
        return render_all(args)
    except ScenarioError:
        raise
    except BrokenPipeError:  # the reader stopped early (`check | head`): what it read was complete, nothing failed
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as e:  # the promise is one line, never a traceback: a bug is reported, not shown
        file = getattr(args, "file", None) or " ".join(args.files)
        raise ScenarioError(file, f"internal error, please report it: {type(e).__name__}: {e}") from None


def main(argv: list[str] | None = None) -> int:
    """Run a command; exit status 0, or 2 with one line `error: FILE[:LINE]: FIELD: what is wrong` on stderr."""
    args = parser().parse_args(argv)
    try:
        return run(args)
    except ScenarioError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2

"""`render.py sheet FILE... [-o PATH] [-q l|m|h] [--width PX] [--section NAME] [--watch]`: per scenario one PNG
with the last full frame of every section, each tile titled with the section's number and heading, in the scenario's
language (with --section, that section's frame alone); no animation is rendered. Several scenarios go into the
folder `-o` names, one after another in this process."""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from lesson import storyboard
from lesson.errors import ScenarioError
from lesson.files import place
from lesson.scenario import load
from lesson.solution import Solution, solve
from scenes import theme
from scenes.texjail import TexError
from scenes.typeset import font
from . import svg_cache
from .outputs import check_outputs, sweep_shared
from .render import QUALITY, missing_tools, tex_failure


def shots(solution: Solution, quality: str, media_dir: str, cache_dir: str) -> list:
    """The sections' last frames, the scene's TeX typeset in one batch first when any is missing."""
    from manim import tempconfig
    from scenes.batch import explainer_class
    from scenes.sheet import section_ends
    from scenes.texbatch import prepare

    cls = explainer_class(solution)
    with tempconfig({"quality": QUALITY[quality], "format": "none", "media_dir": media_dir, "verbosity": "WARNING",
                     "progress_bar": "none", "disable_caching": True}):
        svg_cache.install(Path(cache_dir) / "svg")
        taken, typeset = prepare(lambda: section_ends(cls, solution))
        return section_ends(cls, solution) if typeset else taken


@cache
def _font(family: str, size: int) -> ImageFont.FreeTypeFont:
    """The font `family` at `size`, from the file fontconfig finds for it (looked up once per run)."""
    found = subprocess.run(["fc-match", "-f", "%{file}", family], capture_output=True, text=True).stdout
    return ImageFont.truetype(found, size) if found else ImageFont.load_default(size)


_SCRIPTS = "".join(f"{chr(low)}-{chr(high)}" for low, high in theme.SCRIPT_FONTS)
_RUNS = re.compile(f"[{_SCRIPTS}]+|[^{_SCRIPTS}]+")         # runs of text in one script font, or in none


def _title(draw: ImageDraw.ImageDraw, at: tuple[int, int], words: str, size: int) -> None:
    """`words` from `at` (left, middle), each run of one script in its font: a Bengali font has no ∂ or ·, which
    Pango would take from another font and PIL does not."""
    x, y = at
    for run in _RUNS.findall(words):
        face = _font(font(run), size)
        draw.text((x, y), run, fill=theme.TEXT, anchor="lm", font=face)
        x += face.getlength(run)


def compose(solution: Solution, taken: list) -> Image.Image:
    """The tiles in rows of `theme.SHEET_COLUMNS`, each under a bar with its heading."""
    height, width = taken[0].pixels.shape[:2]
    bar, gap, columns = round(height * theme.SHEET_BAR), round(height * theme.SHEET_GAP), theme.SHEET_COLUMNS
    rows = -(-len(taken) // columns)
    sheet = Image.new("RGB", (columns * width + (columns + 1) * gap, rows * (height + bar) + (rows + 1) * gap),
                      theme.SHEET_BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    for k, shot in enumerate(taken):
        x, y = gap + (k % columns) * (width + gap), gap + (k // columns) * (height + bar + gap)
        _title(draw, (x, y + bar // 2), storyboard.heading(shot.name, solution), round(bar * 0.6))
        sheet.paste(Image.fromarray(shot.pixels).convert("RGB"), (x, y + bar))
    return sheet


def targets(args: argparse.Namespace) -> list[Path]:
    """Where each scenario's sheet goes: `-o` itself for one, `-o/<stem>.png` for several."""
    stems = [Path(f).stem for f in args.files]
    if len(stems) == 1:
        return [Path(args.output or f"media/{stems[0]}_sheet.png")]
    return [Path(args.output or "media") / f"{stem}.png" for stem in stems]


def sheet(args: argparse.Namespace) -> int:
    """Write each scenario's contact sheet (with --watch, again on every save); 2 with one line when one cannot be
    made (the ones before it stay)."""
    if args.watch:
        return watch(args)
    solutions = [solve(load(file)) for file in args.files]
    places = targets(args)
    for file, target in zip(args.files, places):
        check_outputs(file, [target], ".png")
    for file, solution in zip(args.files, solutions):
        if args.section and not storyboard.has(solution, args.section):
            raise ScenarioError(file, f"no section {args.section!r} in this lesson; it has: "
                                      f"{', '.join(s.name for s in storyboard.sections(solution))}")
    if args.width is not None and not 100 <= args.width <= 8000:
        print(f"error: --width {args.width}: expected 100 to 8000 pixels", file=sys.stderr)
        return 2
    missing = missing_tools()
    if missing:
        print(f"error: {' and '.join(missing)} not found: run ./run setup", file=sys.stderr)
        return 2
    for solution, target in zip(solutions, places):
        write(solution, target, args)
    return 0


def write(solution: Solution, target: Path, args: argparse.Namespace) -> None:
    """One scenario's sheet, placed whole at `target`."""
    sweep_shared(target.parent, media_dir=args.media_dir, cache_dir=args.cache_dir)
    try:
        taken = shots(solution, args.quality, args.media_dir, args.cache_dir)
    except TexError as e:
        raise tex_failure(solution.scenario, e) from None
    image = compose(solution, taken) if not args.section else \
        Image.fromarray(next(shot.pixels for shot in taken if shot.name == args.section)).convert("RGB")
    if args.width:                      # for a web page: smaller, in 256 colours (a third of the bytes)
        image = image.resize((args.width, round(image.height * args.width / image.width)), Image.LANCZOS)
        image = image.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    place(target, lambda part: image.save(part, format="PNG", optimize=True))
    print(target, flush=True)


def watch(args: argparse.Namespace) -> int:
    """Write the sheet, then again each time the scenario is saved; while the file is invalid, its one-line error
    instead, the last good sheet left as it was. Ends with Ctrl-C."""
    from watchfiles import watch as saves

    if len(args.files) != 1:
        print("error: --watch follows one scenario", file=sys.stderr)
        return 2
    scenario = Path(args.files[0]).resolve()
    once = argparse.Namespace(**vars(args) | {"watch": False})

    def write_or_say() -> None:
        try:
            sheet(once)
        except ScenarioError as e:
            print(f"error: {e}", file=sys.stderr, flush=True)

    write_or_say()
    try:
        for _ in saves(scenario.parent, watch_filter=lambda change, path: Path(path) == scenario, debounce=300):
            write_or_say()
    except KeyboardInterrupt:
        pass
    return 0

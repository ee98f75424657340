"""`render.py render`: render a scenario's explainer in-process with Manim, then move the files into place whole.

Beside the video go its subtitles (`.srt`, one cue per section caption) and, with `--slides`, the HTML slides.
"""
import logging
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from lesson.errors import ScenarioError
from lesson.scenario import SECTIONS, load
from lesson.solution import Solution

QUALITY = {"l": "low_quality", "m": "medium_quality", "h": "high_quality", "k": "fourk_quality"}


def missing_tools():
    """LaTeX programs MathTex needs; checked up front so the user gets one sentence, not a Manim traceback."""
    return [tool for tool in ("latex", "dvisvgm") if shutil.which(tool) is None]


def _scene_class(sol, section=None, burn_captions=True, slides=False):
    """The explainer scene of this solution (as slides when asked), named after the scenario file."""
    if slides:
        from scenes.slides import ExplainerSlides as base
    else:
        from scenes.explainer import Explainer as base
    name = "Explainer_" + re.sub(r"\W", "_", Path(sol.scenario.file).stem)
    return type(name, (base,), {"solution": sol, "only_section": section, "burn_captions": burn_captions})


def _place(produced, target):
    """Copy the rendered file to `target` through a temporary file, so `target` is never half-written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.close(fd)
    try:
        shutil.copyfile(produced, tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)           # mkstemp makes it private; the output is an ordinary file
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def _refusal(args):
    """Why this render cannot go ahead (bad section, bad combination, missing tools), or None."""
    if args.section and args.section not in SECTIONS:
        raise ScenarioError(args.file, f"unknown section {args.section!r}; expected one of: {', '.join(SECTIONS)}")
    missing = missing_tools()
    if missing:
        return (f"{' and '.join(missing)} not found: MathTex needs LaTeX. Run ./run setup (it installs "
                "texlive-latex-base, texlive-latex-recommended, texlive-latex-extra and dvisvgm).")
    if args.slides:
        from .slides import unavailable
        if args.format != "mp4" or args.section:
            return "--slides needs the whole video as mp4 (no --section, no --format gif|png)"
        return unavailable()
    return None


def render(args):
    sol = Solution(load(args.file))
    refusal = _refusal(args)
    if refusal:
        print(f"error: {refusal}", file=sys.stderr)
        return 2
    from manim import tempconfig
    stem = Path(args.file).stem + (f"_{args.section}" if args.section else "")
    target = Path(args.output or f"media/{stem}.{args.format}")
    options = {"quality": QUALITY[args.quality], "format": args.format, "media_dir": "media",
               "save_sections": bool(args.sections), "verbosity": "WARNING", "progress_bar": "none",
               "max_files_cached": -1 if args.slides else 100}     # manim-slides cuts the slides from them
    cls = _scene_class(sol, args.section, args.burn_captions, args.slides)
    with tempconfig(options), tempfile.TemporaryDirectory(prefix="slides.") as slides_dir:
        scene = cls(output_folder=Path(slides_dir)) if args.slides else cls()
        logging.getLogger("manim-slides").setLevel(logging.getLogger("manim").level)
        scene.render()
        writer = scene.renderer.file_writer
        produced = Path(writer.image_file_path if args.format == "png" else writer.movie_file_path)
        _place(produced, target)
        if args.format != "png":
            _place(produced.with_suffix(".srt"), target.with_suffix(".srt"))
            print(target.with_suffix(".srt"))
        if args.slides:
            from .slides import write_html
            slides = Path(slides_dir) / f"{cls.__name__}.json"
            print(write_html(slides, target.with_suffix(".html"), sol.scenario.title))
    if args.sections:
        print(f"sections: {writer.sections_output_dir}")
    print(target)
    return 0

"""`render.py render`: render a scenario's explainer in-process with Manim, then move the file into place whole."""
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


def _scene_class(sol, section):
    from scenes.explainer import Explainer
    name = "Explainer_" + re.sub(r"\W", "_", Path(sol.scenario.file).stem)
    return type(name, (Explainer,), {"solution": sol, "only_section": section})


def _place(produced, target):
    """Copy the rendered file to `target` through a temporary file, so `target` is never half-written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.close(fd)
    try:
        shutil.copyfile(produced, tmp)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def render(args):
    sol = Solution(load(args.file))
    if args.section and args.section not in SECTIONS:
        raise ScenarioError(args.file, f"unknown section {args.section!r}; expected one of: {', '.join(SECTIONS)}")
    missing = missing_tools()
    if missing:
        print(f"error: {' and '.join(missing)} not found: MathTex needs LaTeX. Run ./run setup "
              "(it installs texlive-latex-base, texlive-latex-recommended, texlive-latex-extra and dvisvgm).",
              file=sys.stderr)
        return 2
    from manim import tempconfig
    stem = Path(args.file).stem + (f"_{args.section}" if args.section else "")
    target = Path(args.output or f"media/{stem}.{args.format}")
    options = {"quality": QUALITY[args.quality], "format": args.format, "media_dir": "media",
               "save_sections": bool(args.sections), "verbosity": "WARNING", "progress_bar": "none"}
    with tempconfig(options):
        scene = _scene_class(sol, args.section)()
        scene.render()
        writer = scene.renderer.file_writer
        produced = writer.image_file_path if args.format == "png" else writer.movie_file_path
    _place(Path(produced), target)
    if args.sections:
        print(f"sections: {writer.sections_output_dir}")
    print(target)
    return 0

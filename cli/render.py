"""`render.py render`: render a scenario's explainer in-process with Manim, then move the file into place whole."""
import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Callable

from manim import tempconfig

from lesson import storyboard
from lesson.errors import ScenarioError
from lesson.record import Record
from lesson.scenario import load
from lesson.solution import Solution
from scenes.explainer import Explainer

QUALITY = {"l": "low_quality", "m": "medium_quality", "h": "high_quality", "k": "fourk_quality"}


def missing_tools() -> list[str]:
    """LaTeX programs MathTex needs; checked up front so the user gets one sentence, not a Manim traceback."""
    return [tool for tool in ("latex", "dvisvgm") if shutil.which(tool) is None]


def _place(target: Path, write: Callable[[str], None]) -> None:
    """Write `target` through a temporary file beside it, so `target` is never half-written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def sidecar(solution: Solution, record: Record, video: Path) -> dict:
    """The record of what the video shows, with what it was rendered from."""
    scenario = solution.scenario
    return {"scenario": scenario.file, "video": video.name, "language": scenario.language,
            "precision": scenario.precision, "update_precision": scenario.update_precision} | record.as_json()


def render(args: argparse.Namespace) -> int:
    """Render the scenario's video (or one section of it) to its target file; 2 with one line when it cannot."""
    solution = Solution(load(args.file))
    if args.section and args.section not in storyboard.NAMES:
        raise ScenarioError(args.file, f"unknown section {args.section!r}; expected one of: "
                                       f"{', '.join(storyboard.NAMES)}")
    if args.section and args.section not in [s.name for s in storyboard.enabled(solution.scenario)]:
        raise ScenarioError(args.file, f"the scenario turns section {args.section!r} off (sections: "
                                       f"{{{args.section}: false}})")
    missing = missing_tools()
    if missing:
        print(f"error: {' and '.join(missing)} not found: MathTex needs LaTeX. Run ./run setup "
              "(it installs texlive-latex-base, texlive-latex-recommended, texlive-latex-extra and dvisvgm).",
              file=sys.stderr)
        return 2
    stem = Path(args.file).stem + (f"_{args.section}" if args.section else "")
    target = Path(args.output or f"media/{stem}.{args.format}")
    options = {"quality": QUALITY[args.quality], "format": args.format, "media_dir": "media",
               "save_sections": bool(args.sections), "verbosity": "WARNING", "progress_bar": "none",
               "output_file": stem}
    with tempconfig(options):
        scene = Explainer(solution, only=args.section)
        scene.render()
        writer = scene.renderer.file_writer
        produced = writer.image_file_path if args.format == "png" else writer.movie_file_path
    record = scene.record.only(args.section) if args.section else scene.record
    data = json.dumps(sidecar(solution, record, target), indent=1, ensure_ascii=False, allow_nan=False)
    _place(target, lambda tmp: shutil.copyfile(produced, tmp))
    _place(target.with_suffix(".json"), lambda tmp: Path(tmp).write_text(data, encoding="utf-8"))
    if args.sections:
        print(f"sections: {writer.sections_output_dir}")
    print(target)
    return 0

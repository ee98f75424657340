"""`render.py render`: render a scenario's explainer in-process with Manim, then move the files into place whole.

Beside the video go the record of what it shows (`.json`), its subtitles (`.srt`, one cue per section caption) and,
with `--slides`, the HTML slides.
"""
import argparse
import json
import logging
import os
import shutil
import sys
from pathlib import Path

from lesson import storyboard
from lesson.errors import ScenarioError
from lesson.files import place, place_text, private_folder
from lesson.record import Record
from lesson.scenario import Scenario, load
from lesson.solution import Solution, solve
from lesson.subtitles import srt
from scenes.texjail import TexError
from . import svg_cache
from .cached import render_cached
from .outputs import check_folder, check_outputs, sweep_shared
from .progress import Progress
from .section_cache import SectionCache

ENCODERS = 4                # clips encoded at once while the next is drawn (Manim waits for each by default)
X264 = {"crf": "23", "preset": "veryfast"}    # Manim's CRF; x264's default preset (medium) spends 1.3 to 1.9 times
                                            # the CPU on a lesson's flat colours, for a larger file (bench/encoding.py)
QUALITY = {"l": "low_quality", "m": "medium_quality", "h": "high_quality", "k": "fourk_quality"}


def missing_tools() -> list[str]:
    """LaTeX programs MathTex needs; checked up front so the user gets one sentence, not a Manim traceback."""
    return [tool for tool in ("latex", "dvisvgm") if shutil.which(tool) is None]


def tex_failure(scenario: Scenario, error: TexError) -> ScenarioError:
    """A TeX failure as one line, at the symbol it typeset (the longest one its formula holds)."""
    fields = [(path, symbol) for path, symbol in scenario.symbols() if symbol in error.expression]
    return scenario.error(max(fields, key=lambda f: len(f[1]))[0] if fields else (), str(error))


def sidecar(solution: Solution, record: Record, video: Path) -> dict:
    """The record of what the video shows, with what it was rendered from."""
    scenario = solution.scenario
    return {"scenario": scenario.file, "video": video.name, "language": scenario.language,
            "precision": scenario.precision, "update_precision": scenario.update_precision} | record.as_json()


def _refusal(args: argparse.Namespace, solution: Solution) -> str | None:
    """Why this render cannot go ahead (bad section, bad combination, missing tools), or None."""
    if args.section and args.section not in storyboard.NAMES:
        raise ScenarioError(args.file, f"unknown section {args.section!r}; expected one of: "
                                       f"{', '.join(storyboard.NAMES)}")
    if args.section and not storyboard.has(solution, args.section):
        raise ScenarioError(args.file, f"the scenario turns section {args.section!r} off (sections: "
                                       f"{{{args.section}: false}})")
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


def cacheable(args: argparse.Namespace) -> bool:
    """Whether this render is made from the section cache: a whole mp4 video without slides or Manim's clips."""
    return args.cache and args.format == "mp4" and not (args.section or args.sections or args.slides)


def render(args: argparse.Namespace) -> int:
    """Render the scenario's video (or one section of it) and what goes beside it; 2 with one line when it cannot."""
    return render_outcome(args)[0]


def render_outcome(args: argparse.Namespace) -> tuple[int, str]:
    """`render`, and what it did: "rendered", "reused from cache" (every section was cached) or the refusal."""
    solution = solve(load(args.file))
    refusal = _refusal(args, solution)
    if refusal:
        print(f"error: {refusal}", file=sys.stderr)
        return 2, refusal
    stem = Path(args.file).stem + (f"_{args.section}" if args.section else "")
    target = Path(args.output or f"media/{stem}.{args.format}")
    beside = [".json"] + ([".srt"] if args.format != "png" else []) + ([".html"] if args.slides else [])
    check_outputs(args.file, [target] + [target.with_suffix(s) for s in beside], f".{args.format}")
    check_folder(args.file, Path(args.media_dir), "--media-dir")
    check_folder(args.file, Path(args.cache_dir), "--cache-dir")
    sweep_shared(target.parent, media_dir=args.media_dir, cache_dir=args.cache_dir)
    options = {"quality": QUALITY[args.quality], "format": args.format, "media_dir": args.media_dir,
               "save_sections": bool(args.sections), "verbosity": "WARNING", "progress_bar": "none",
               "output_file": stem, "max_files_cached": -1 if args.slides else 100,   # slides are cut from them
               "max_inflight_encoders": ENCODERS,
               "disable_caching": not args.slides,                  # hashing each play: half the time
               "video_encoder_options": X264 if args.format == "mp4" else {}}
    progress = Progress(Path(args.file).stem, not args.quiet, Path(args.cache_dir) / "plays" / f"{stem}.json")
    try:
        return _render(args, solution, target, options, progress)
    except TexError as e:
        raise tex_failure(solution.scenario, e) from None
    finally:
        progress.close()                         # when a render fails too: the terminal gets its cursor back


def _render(args: argparse.Namespace, solution: Solution, target: Path, options: dict,
            progress: Progress) -> tuple[int, str]:
    """The render itself: from the section cache, or in one Manim run (one section, clips, slides, gif, png)."""
    if cacheable(args):
        cache = SectionCache(args.cache_dir)
        record, reused = render_cached(solution, progress, options, args.burn_captions, cache, target,
                                       args.jobs or os.cpu_count() or 1)
        progress.close()
        write_beside(solution, record, target, args.format)
        print(f"sections reused from the cache: {', '.join(reused) or 'none'}")
        print(target)
        return 0, "reused from cache" if len(reused) == len(record.sections) else "rendered"
    from manim import tempconfig                 # Manim takes seconds to import: only when a scene is built
    from scenes.batch import explainer_class
    from scenes.texbatch import prepare_scene
    cls = explainer_class(solution)
    with private_folder("slides") as slides_dir, private_folder("image") as image_dir, \
            private_folder("clips") as clip_dir, tempconfig(options | own_folders(args, image_dir, clip_dir)):
        if args.cache:
            svg_cache.install(Path(args.cache_dir) / "svg")     # the rehearsal's shapes serve the render
        prepare_scene(cls, solution, args.burn_captions, stop_after=args.section)
        if args.slides:
            from scenes.slides import slides_of
            cls = slides_of(cls)
            scene = cls(solution, burn_captions=args.burn_captions, output_folder=Path(slides_dir))
            logging.getLogger("manim-slides").setLevel(logging.getLogger("manim").level)
        else:
            scene = progress.tracked(cls)(solution, only=args.section, burn_captions=args.burn_captions,
                                          stop_after=args.section)
        scene.render()
        progress.close()
        writer = scene.renderer.file_writer
        produced = Path(writer.image_file_path if args.format == "png" else writer.movie_file_path)
        record = scene.record.only(args.section) if args.section else scene.record
        place(target, lambda tmp: shutil.copyfile(produced, tmp))
        write_beside(solution, record, target, args.format)
        if args.slides:
            from .slides import write_html
            print(write_html(Path(slides_dir) / f"{cls.__name__}.json", target.with_suffix(".html"),
                             solution.scenario.title))
    if args.sections:
        print(f"sections: {writer.sections_output_dir}")
    print(target)
    return 0, "rendered"


def own_folders(args: argparse.Namespace, image_dir: str, clip_dir: str) -> dict:
    """Manim's folders that this process writes in alone: a still is written in place, and partial movies are numbered
    per process (`uncached_00000.mp4`, …). The section clips `--sections` asks for stay in the media folder."""
    return {"images_dir": image_dir, "partial_movie_dir": clip_dir} | ({} if args.sections else {"video_dir": clip_dir})


def write_beside(solution: Solution, record: Record, target: Path, format: str) -> None:
    """The record (.json) and, for a video, the subtitles (.srt) beside the rendered file."""
    place_text(target.with_suffix(".json"), json.dumps(sidecar(solution, record, target), indent=1,
                                                       ensure_ascii=False, allow_nan=False))
    if format != "png":
        place_text(target.with_suffix(".srt"), srt(record))
        print(target.with_suffix(".srt"))

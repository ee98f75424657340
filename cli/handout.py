"""`render.py handout FILE [-o PATH.md]`: the worked solution as Markdown and as a PDF built with LuaLaTeX.

Both come from the same blocks (lesson.handout), so they say the same numbers as the video and as `check`. The
PDF includes a still of the network at the end of the backward pass, rendered by Manim. Everything is built in a
temporary folder and moved into place file by file, each whole.
"""
import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from lesson.errors import ScenarioError
from lesson.handout import blocks
from lesson.scenario import load
from lesson.solution import Solution, solve
from .handout_formats import to_latex, to_markdown
from scenes.batch import explainer_class
from .render import missing_tools, place

ENGINE = "lualatex"          # texlive-luatex: LuaHBTeX shapes Bengali with HarfBuzz; pdflatex cannot


def still(solution: Solution, target: Path) -> None:
    """The network as the video shows it at the end of the backward pass (720p, no caption line), as a PNG."""
    from manim import tempconfig

    options = {"quality": "medium_quality", "format": "png", "media_dir": str(target.parent / "media"),
               "verbosity": "WARNING", "progress_bar": "none"}
    with tempconfig(options):
        scene = explainer_class(solution)(solution, only="backward", burn_captions=False, stop_after="backward")
        scene.render()
        shutil.copyfile(scene.renderer.file_writer.image_file_path, target)


def pdf(tex: str, folder: Path) -> Path:
    """Typeset `tex` in `folder` with LuaLaTeX and return the PDF; a RuntimeError carries LaTeX's first error."""
    (folder / "handout.tex").write_text(tex, encoding="utf-8")
    done = subprocess.run([ENGINE, "-interaction=nonstopmode", "-halt-on-error", "handout.tex"], cwd=folder,
                          capture_output=True, text=True)
    if done.returncode != 0:
        error = next((l for l in done.stdout.splitlines() if l.startswith("!")), done.stdout[-300:])
        raise RuntimeError(f"{ENGINE} failed: {error}")
    return folder / "handout.pdf"


def handout(args: argparse.Namespace) -> int:
    """Write the handout's Markdown and PDF (and the still they show); 2 with one line when it cannot."""
    sol = solve(load(args.file))
    markdown = Path(args.output or f"media/{Path(args.file).stem}.md")
    if markdown.suffix != ".md":
        raise ScenarioError(args.file, f"-o {args.output}: the handout is Markdown, name a .md file")
    missing = missing_tools() + ([ENGINE] if shutil.which(ENGINE) is None else [])
    if missing:
        print(f"error: {' and '.join(missing)} not found: run ./run setup (it installs TeX Live's LaTeX, LuaTeX and "
              "dvisvgm)", file=sys.stderr)
        return 2
    image = markdown.with_name(f"{markdown.stem}_graph.png")
    with tempfile.TemporaryDirectory(prefix="handout.") as tmp:
        folder = Path(tmp)
        still(sol, folder / image.name)
        doc = blocks(sol, image.name)
        (folder / markdown.name).write_text(to_markdown(doc), encoding="utf-8")
        try:
            built = pdf(to_latex(doc), folder)
        except RuntimeError as e:
            print(f"error: {e}", file=sys.stderr)
            return 1
        for produced, target in ((folder / image.name, image), (folder / markdown.name, markdown),
                                 (built, markdown.with_suffix(".pdf"))):
            place(target, lambda tmp, produced=produced: shutil.copyfile(produced, tmp))
    print(markdown)
    print(markdown.with_suffix(".pdf"))
    return 0

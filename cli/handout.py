"""`render.py handout FILE [-o PATH.md]`: the worked solution as Markdown and as a PDF built with LuaLaTeX.

Both come from the same blocks (lesson.handout), so they say the same numbers as the video and as `check`. The
PDF includes a still of the network at the end of the backward pass, rendered by Manim. Everything is built in a
temporary folder, then the three files replace the old ones as a set. Where they go is checked before any work.
"""
import argparse
import shutil
import sys
from pathlib import Path

from lesson.files import place_all, private_folder, sweep
from lesson.handout import blocks
from lesson.scenario import load
from lesson.solution import Solution, solve
from scenes import texjail
from scenes.batch import explainer_class
from . import lualatex
from .handout_formats import FIGURE, to_latex, to_markdown
from .outputs import check_outputs
from .render import missing_tools, tex_failure


def still(solution: Solution, target: Path) -> None:
    """The network as the video shows it at the end of the backward pass (720p, no caption line), as a PNG."""
    from manim import tempconfig

    options = {"quality": "medium_quality", "format": "png", "media_dir": str(target.parent / "media"),
               "verbosity": "WARNING", "progress_bar": "none", "disable_caching": True}
    with tempconfig(options):
        scene = explainer_class(solution)(solution, only="backward", burn_captions=False, stop_after="backward")
        scene.render()
        shutil.copyfile(scene.renderer.file_writer.image_file_path, target)


def handout(args: argparse.Namespace) -> int:
    """Write the handout's Markdown and PDF (and the still they show); 2 with one line when it cannot."""
    sol = solve(load(args.file))
    markdown = Path(args.output or f"media/{Path(args.file).stem}.md")
    image = markdown.with_name(f"{markdown.stem}_graph.png")
    check_outputs(args.file, [markdown, markdown.with_suffix(".pdf"), image], ".md")
    missing = missing_tools() + lualatex.missing()
    if missing:
        print(f"error: {' and '.join(missing)} not found: run ./run setup (it installs TeX Live's LaTeX, LuaTeX and "
              "dvisvgm)", file=sys.stderr)
        return 2
    sweep(markdown.parent)
    with private_folder("handout") as tmp:
        folder = Path(tmp)
        try:                                        # the still's TeX, then LuaLaTeX's: one line at the field
            still(sol, folder / FIGURE)
            (folder / "handout.md").write_text(to_markdown(blocks(sol, image.name)), encoding="utf-8")
            built = lualatex.pdf(to_latex(blocks(sol, FIGURE)), folder)
        except texjail.TexError as e:
            raise tex_failure(sol.scenario, e) from None
        made = {image: folder / FIGURE, markdown: folder / "handout.md", markdown.with_suffix(".pdf"): built}
        place_all([(target, lambda part, source=source: shutil.copyfile(source, part))
                   for target, source in made.items()])
    print(markdown)
    print(markdown.with_suffix(".pdf"))
    return 0

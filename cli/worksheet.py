"""`render.py worksheet FILE|DIR [-o PATH.md]`: a worksheet and its answer key, each as Markdown and as a PDF.

FILE is one scenario (a variant, usually); DIR a folder of them, whose worksheets become one document with a page
break per variant, and whose keys another. The four files are PATH.md and PATH.pdf (the worksheet) and PATH_key.md
and PATH_key.pdf (the key); by default PATH is media/<FILE's or DIR's name>_worksheet. The PDFs are typeset by the
handout's jailed LuaLaTeX run, so every script the handout sets is set here; the four files replace the old ones as a
set. Where they go is checked before any work.
"""
import argparse
import shutil
import sys
from pathlib import Path

from lesson.variant import refuse_stated_z
from lesson.worksheet import document, key, sheet
from lesson.errors import ScenarioError
from lesson.files import place_all, private_folder, sweep
from lesson.scenario import load
from lesson.solution import solve
from scenes import texjail
from . import lualatex
from .handout_formats import to_latex, to_markdown
from .outputs import check_outputs


def scenario_files(path: Path) -> list[Path]:
    """The scenario itself, or a folder's scenario files in name order (variant 1 first)."""
    if not path.is_dir():
        return [path]
    files = sorted(path.glob("*.yaml"))
    if not files:
        raise ScenarioError(str(path), "the folder holds no scenario (.yaml) files")
    return files


def outputs(args: argparse.Namespace) -> list[Path]:
    """The worksheet's Markdown and PDF, then the key's."""
    markdown = Path(args.output or f"media/{Path(args.file).resolve().name.removesuffix('.yaml')}_worksheet.md")
    key = markdown.with_name(f"{markdown.stem}_key.md")
    return [markdown, markdown.with_suffix(".pdf"), key, key.with_suffix(".pdf")]


def build(blocks: list, name: str, folder: Path) -> list[Path]:
    """The blocks' Markdown and PDF, made in `folder`."""
    (folder / f"{name}.md").write_text(to_markdown(blocks), encoding="utf-8")
    return [folder / f"{name}.md", lualatex.pdf(to_latex(blocks), folder)]


def worksheet(args: argparse.Namespace) -> int:
    """Write the worksheet and the key and print their paths; 2 with one line on bad input, 1 when TeX fails."""
    solutions = [solve(load(str(file))) for file in scenario_files(Path(args.file))]
    for solution in solutions:
        refuse_stated_z(solution.scenario)
    targets = outputs(args)
    check_outputs(args.file, targets, ".md")
    if lualatex.missing():
        print(f"error: {lualatex.ENGINE} not found: run ./run setup (it installs TeX Live's LuaTeX)", file=sys.stderr)
        return 2
    sweep(targets[0].parent)
    with private_folder("handout") as sheets, private_folder("handout") as keys:
        try:
            made = build(document(solutions, sheet), "sheet", Path(sheets)) + \
                build(document(solutions, key), "key", Path(keys))
        except texjail.TexError as e:
            print(f"error: {e}", file=sys.stderr)
            return 1
        place_all([(target, lambda part, source=source: shutil.copyfile(source, part))
                   for target, source in zip(targets, made)])
    print("\n".join(map(str, targets)))
    return 0

"""TeX in batches: every formula a render needs, typeset as the pages of one document by one `latex` run and one
`dvisvgm` run, instead of a run of each per formula.

`prepare` builds the scene once without drawing it, with `texjail.svg_file` collecting the TeX documents Manim asks
for that are not typeset yet (and answering with a stand-in SVG of the right groups, so the scene can go on). The
documents become the pages of one `standalone` document; each page's SVG is placed where Manim looks for that
document's SVG. Whatever the batch leaves (a document the stand-ins' layout hid, or a string TeX refuses, so the
whole batch fails) is typeset alone by the render itself, with the one-line error it always had.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from lesson.files import place, private_folder
from . import texjail

_CLASS = r"\documentclass[preview]{standalone}"
_BEGIN, _END = r"\begin{document}", r"\end{document}"
_GROUP = re.compile(r"<g id='(unique\d+(?:ss)?)'>")
STAND_IN = "<!-- stand-in -->"          # the first line of a stand-in SVG: not a shape worth keeping


def prepare(build) -> tuple:
    """Typeset in one batch every document that `build()` (a scene built without drawing) asks for; what `build`
    returns, and whether it was given any stand-in (so built from boxes where formulas will be)."""
    wanted: dict[Path, str] = {}
    with private_folder("stand-ins") as tmp:
        def answer(code: str, target: Path, expression: str) -> Path:
            wanted.setdefault(target, code)
            return stand_in(expression, Path(tmp) / target.name)
        with texjail.collecting(answer):
            built = build()
    typeset_pages(wanted)
    return built, bool(wanted)


def prepare_scene(cls, solution, burn_captions: bool, stop_after: str | None = None):
    """`prepare` for a render of `cls` up to the section `stop_after` (all when None): a rehearsal of the scene
    (every animation skipped, no file written); its record, which has each of those sections' length in the
    video."""
    from manim import tempconfig

    def build():
        with tempconfig({"dry_run": True}):
            scene = cls(solution, only=frozenset(), burn_captions=burn_captions, rehearse=True, stop_after=stop_after)
            scene.render()
        return scene.record
    return prepare(build)[0]


def typeset_pages(documents: dict[Path, str]) -> None:
    """Each document's SVG at its target, from one `latex` and one `dvisvgm` run per preamble; nothing is placed
    for a batch that fails (the render then typesets its documents one by one)."""
    by_preamble: dict[str, dict[Path, str]] = {}
    for target, code in documents.items():
        head, body = _split(code)
        if head is not None:
            by_preamble.setdefault(head, {})[target] = body
    for head, bodies in by_preamble.items():
        _batch(head, bodies)


def _split(code: str) -> tuple[str | None, str]:
    """(preamble, body) of a document in Manim's default form; (None, '') for any other, left to be typeset alone."""
    if not code.startswith(_CLASS) or code.count(_BEGIN) != 1 or code.count(_END) != 1:
        return None, ""
    head, rest = code.split(_BEGIN)
    return head, rest.split(_END)[0]


def _batch(head: str, bodies: dict[Path, str]) -> None:
    """The documents sharing `head` as pages of one document: standalone's `multi` makes each page its own cropped
    box, exactly the box the document alone would give."""
    from manim import config
    pages = "".join(f"\\begin{{page}}{body}\\end{{page}}\n" for body in bodies.values())
    code = head.replace(_CLASS, r"\documentclass[preview,multi=page]{standalone}", 1) + f"{_BEGIN}\n{pages}{_END}\n"
    template = config["tex_template"]
    with private_folder("texbatch") as tmp:
        try:
            svgs = texjail.typeset(code, texjail.compilers(template), template.output_format, Path(tmp),
                                   pages=len(bodies))
        except texjail.TexError:
            return
        for target, made in zip(bodies, svgs):
            if not target.is_file():
                place(target, lambda part, svg=made: shutil.copyfile(svg, part))


def stand_in(expression: str, svg: Path) -> Path:
    """An SVG with one small box per group Manim will look for in `expression`, sized by the group's text, for a
    scene that is built only to find out what it will typeset."""
    ids = _GROUP.findall(expression)
    pieces = re.split(r"\\special\{dvisvgm:raw <g id='unique\d+(?:ss)?'>\}", expression)[1:] or [expression]
    boxes = "".join(f"<g id='{i}'><path d='M0 0H{max(2, 4 * len(re.sub(r'[^A-Za-z0-9]', '', p)))}V8H0Z'/></g>"
                    for i, p in zip(ids, pieces))
    svg.write_text(f"{STAND_IN}<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 400 10'>{boxes}</svg>",
                   encoding="utf-8")
    return svg

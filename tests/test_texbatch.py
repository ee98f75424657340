"""TeX in batches: each page of a batch is the SVG its document gives typeset alone (but for glyph names), and after
`prepare` a scene finds every formula typeset, from at most two `latex` and two `dvisvgm` runs."""
import re
from pathlib import Path

import pytest
from manim import tempconfig

from lesson.scenario import load
from lesson.solution import Solution
from scenes import texbatch, texjail
from scenes.batch import explainer_class

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.render


def drawn(svg: str) -> tuple:
    """What an SVG draws, whatever its glyphs and page are called: its size and box, and every use of a glyph (its
    outline, where) and every other element, in order. A batch numbers fonts and pages across the whole document."""
    glyphs = dict(re.findall(r"<path id='([^']+)' d='([^']*)'/>", svg))
    head = re.search(r"<svg [^>]*>", svg).group()
    body = svg.split("</defs>", 1)[-1]
    uses = re.sub(r"xlink:href='#([^']+)'", lambda m: f"d='{glyphs[m.group(1)]}'", body)
    return head, re.sub(r"<g id='page\d+'>", "<g id='page'>", uses)


def test_each_page_of_a_batch_is_the_svg_of_its_document_alone(tmp_path):
    expressions = [r"z_1 = 0.1 \cdot 1 + 0.2 \cdot 2 = 0.500", r"\frac{\partial L}{\partial z_j} = p_j - y_j",
                   r"\sum_i y_i = 0.8 + 0.1 + 0.1 = 1"]
    with tempconfig({"media_dir": str(tmp_path / "alone"), "tex_dir": str(tmp_path / "alone" / "Tex")}):
        alone = [texjail.svg_file(e, "align*").read_text() for e in expressions]
    with tempconfig({"media_dir": str(tmp_path / "batch"), "tex_dir": str(tmp_path / "batch" / "Tex")}):
        from manim import config
        from manim.utils.tex_file_writing import tex_hash
        template = config["tex_template"]
        codes = [template.get_texcode_for_expression_in_env(e, "align*") for e in expressions]
        targets = [config.get_dir("tex_dir") / f"{tex_hash(c)}.svg" for c in codes]
        config.get_dir("tex_dir").mkdir(parents=True, exist_ok=True)
        texbatch.typeset_pages(dict(zip(targets, codes)))
        batched = [t.read_text() for t in targets]
    assert [drawn(s) for s in batched] == [drawn(s) for s in alone]
    assert len(set(batched)) == len(expressions)


def test_a_batch_that_tex_refuses_places_nothing(tmp_path):
    target = tmp_path / "x.svg"
    code = r"\documentclass[preview]{standalone}\begin{document}$\undefinedcommand$\end{document}"
    texbatch.typeset_pages({target: code})
    assert not target.exists()


def test_after_prepare_the_scene_typesets_nothing_itself(tmp_path, monkeypatch):
    """A cold three_class: the dry builds' documents go to TeX in at most two batches, after which building the scene
    asks TeX for nothing (every formula, including the ones the stand-ins laid out differently, is there)."""
    runs = []
    real = texjail.run
    monkeypatch.setattr(texjail, "run", lambda command, folder, *a: runs.append(command[0]) or real(command, folder, *a))
    solution = Solution(load(str(ROOT / "scenarios" / "three_class.yaml")))
    cls = explainer_class(solution)
    with tempconfig({"media_dir": str(tmp_path), "tex_dir": str(tmp_path / "Tex"), "format": "png", "pixel_width": 320,
                     "pixel_height": 180, "frame_rate": 5, "verbosity": "ERROR", "progress_bar": "none",
                     "disable_caching": True}):         # the render draws every frame: few frames, as TeX needs none
        texbatch.prepare_scene(cls, solution, True)
        assert 1 <= runs.count("latex") <= 2 and runs.count("dvisvgm") == runs.count("latex")
        missing = []
        with texjail.collecting(lambda code, target, expression: missing.append(expression) or
                                texbatch.stand_in(expression, tmp_path / "stand-in.svg")):
            with tempconfig({"dry_run": True}):
                cls(solution, burn_captions=True).render()
    assert not missing

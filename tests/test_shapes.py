"""An SVG read through `shapes.mobjects_from` gives Manim's own `get_mobjects_from`: the same shapes in the same
order, and every group holding the same shapes; a copy of a formula keeps its groups over its own shapes."""
import io

import numpy as np
import pytest
import svgelements
from manim import MathTex, SVGMobject, Text

from scenes.shapes import mobjects_from

NESTED = b"""<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink' viewBox='0 0 40 20'>
<defs><path id='glyph' d='M0 0H4V4H0Z'/></defs>
<g id='outer'><path id='a' d='M1 1L5 1L5 5Z'/><g id='inner'><rect x='6' y='1' width='3' height='2'/>
<use xlink:href='#glyph' x='12' y='3'/></g><g id='a'><circle cx='20' cy='5' r='2'/></g></g>
<g><g id='twice'><g id='twice'><path d='M30 1Q32 6 34 1'/></g></g><line x1='0' y1='9' x2='9' y2='9'/></g>
</svg>"""


def both(mob: SVGMobject, svg: bytes):
    """(Manim's shapes and groups, ours) for one SVG document, read with `mob`'s settings."""
    return mob.get_mobjects_from(svgelements.SVG.parse(io.BytesIO(svg))), \
        mobjects_from(mob, svgelements.SVG.parse(io.BytesIO(svg)))


def assert_same(manims, ours):
    (want, want_groups), (got, got_groups) = manims, ours
    assert len(got) == len(want) > 3
    for a, b in zip(got, want):
        assert type(a) is type(b) and np.array_equal(a.points, b.points)
    place = {id(m): k for k, m in enumerate(want)}
    assert list(got_groups) == list(want_groups)
    for name, group in want_groups.items():
        assert [got.index(m) for m in got_groups[name].submobjects] == [place[id(m)] for m in group.submobjects], name


def test_a_hand_made_svg_with_nested_repeated_and_anonymous_groups_gives_manims_shapes_and_groups(tmp_path):
    (tmp_path / "nested.svg").write_bytes(NESTED)
    assert_same(*both(SVGMobject(tmp_path / "nested.svg"), NESTED))


@pytest.mark.parametrize("make", [lambda: MathTex(r"\frac{\partial L}{\partial z_1}", "=", r"p_1 - y_1"),
                                  lambda: Text("সফটম্যাক্স: p − y")],
                         ids=["formula", "bengali text"])
def test_a_formula_and_a_text_give_manims_shapes_and_groups(make):
    mob = make()
    assert_same(*both(mob, open(mob.get_file_path(), "rb").read()))


def test_a_copy_keeps_its_groups_over_its_own_shapes():
    formula = MathTex(r"e^{z_1}", "+", r"e^{z_2}")
    copy = formula.copy()
    own = {id(m) for m in copy.get_family()}
    for name in copy.id_to_vgroup_dict:
        group = copy.id_to_vgroup_dict[name]
        assert all(id(m) in own for m in group.submobjects), name
        assert [m.points.tolist() for m in group.submobjects] == \
            [m.points.tolist() for m in formula.id_to_vgroup_dict[name].submobjects]

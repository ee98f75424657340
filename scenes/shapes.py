"""An SVG's shapes and its groups by id, as Manim's `SVGMobject` makes them, but each group made only when looked up.

Manim makes a VGroup for every element of the SVG (a formula has hundreds, a text one per glyph and use), and every
copy of a formula copies them all; it looks up a few. Here a group is a list of its shapes' places until then.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np

SHAPES = ("Path", "SimpleLine", "Rect", "Circle", "Ellipse", "Polygon", "Polyline", "Text")   # svgelements' kinds


class Groups(Mapping):
    """An SVG's groups by id over its shapes `leaves`: group k holds the leaves `members[ends[k-1]:ends[k]]`."""

    def __init__(self, leaves: list, names: list[str], members: np.ndarray, ends: np.ndarray):
        self.leaves, self.members, self.ends = leaves, members, ends
        self.index, self.made = {name: k for k, name in enumerate(names)}, {}

    def __getitem__(self, name: str):
        if name not in self.made:
            from manim import VGroup
            k = self.index[name]
            start = self.ends[k - 1] if k else 0
            self.made[name] = VGroup(*[self.leaves[j] for j in self.members[start:self.ends[k]]])
        return self.made[name]

    def __iter__(self):
        return iter(self.index)

    def __len__(self) -> int:
        return len(self.index)


def mobjects_from(svg_mobject, svg) -> tuple[list, Groups]:
    """Manim's `SVGMobject.get_mobjects_from(svg)`: the same shapes, in the same order, and the same groups (a shape
    belongs to every group it is nested in; a repeated id names its last element's group)."""
    import svgelements as se
    from manim import logger

    shapes = tuple(getattr(se, kind) for kind in SHAPES)
    result: list = []
    groups: dict[str, list[int]] = {"root": []}
    stack, open_groups, numbered = [(svg, 1)], ["root"], 0
    while stack:
        element, depth = stack.pop()
        open_groups = open_groups[:depth]
        try:
            name = str(element.values["id"])
        except Exception:
            name, numbered = f"numbered_group_{numbered}", numbered + 1
        groups[name] = []
        open_groups.append(name)
        if isinstance(element, (se.Group, se.Use)):
            stack.extend((child, depth + 1) for child in element[::-1])
        try:
            mob = svg_mobject.get_mob_from_shape_element(element) if isinstance(element, shapes) else None
        except Exception as e:
            logger.error(f"Exception occurred in 'get_mobjects_from'. Details: {e}")
            continue
        if mob is not None:
            result.append(mob)
            for parent in dict.fromkeys(open_groups[:-1]):     # a VGroup holds a shape once
                groups[parent].append(len(result) - 1)
    ends = np.cumsum([len(m) for m in groups.values()], dtype=np.int64)
    members = np.array([j for m in groups.values() for j in m], dtype=np.int64)
    return result, Groups(result, list(groups), members, ends)

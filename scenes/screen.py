"""The account of every text on screen: after each animation the scene's texts are compared with the last look,
so each text's record holds when it was whole, when it began to leave or move, and where it stood.

A text says what it is by the `kind` and `shows` its maker gave it (scenes.typeset); the screen is read, not the
storyboard, so a text no section meant to leave up is still accounted for.
"""
from __future__ import annotations

from dataclasses import dataclass

from manim import Mobject, SingleStringMathTex, Text as TextMobject

from lesson.record import SectionRecord, Text

TEXTLIKE = (SingleStringMathTex, TextMobject)          # MathTex and Tex are SingleStringMathTex


def texts(mobjects) -> list[Mobject]:
    """The outermost text mobjects among `mobjects` and their families, not their glyphs."""
    out = []
    for mob in mobjects:
        if isinstance(mob, TEXTLIKE):
            out.append(mob)
        else:
            out += texts(mob.submobjects)
    return out


def tex_of(mob: Mobject) -> str:
    return getattr(mob, "tex_string", None) or getattr(mob, "original_text", None) or getattr(mob, "text", "")


def box_of(mob: Mobject) -> tuple[float, float, float, float]:
    (left, bottom, _), (right, top, _) = mob.get_corner([-1, -1, 0]), mob.get_corner([1, 1, 0])
    return tuple(round(float(v), 4) for v in (left, bottom, right, top))


def visible(mob: Mobject) -> bool:
    return any(part.get_fill_opacity() > 0.01 for part in mob.family_members_with_points())


@dataclass
class _Open:
    mob: Mobject
    on: float
    box: tuple


class Screen:
    """The texts up now, each since when and where; closed into the current section's record as they go."""

    def __init__(self):
        self.up: dict[int, _Open] = {}

    def look(self, mobjects, before: float, after: float, section: SectionRecord) -> None:
        """After an animation that ran from `before` to `after`: close what left or moved, open what is new."""
        now = {id(m): m for m in texts(mobjects) if visible(m)}
        for key, entry in list(self.up.items()):
            if key not in now or box_of(now[key]) != entry.box:
                self._close(key, before, section)
        for key, mob in now.items():
            if key not in self.up:
                self.up[key] = _Open(mob, after, box_of(mob))

    def cut(self, at: float, ended: SectionRecord | None) -> None:
        """A section boundary: every text up is closed in the section that ended and opened again at `at`."""
        for key, entry in list(self.up.items()):
            if ended is not None:
                self._close(key, at, ended)
            self.up[key] = _Open(entry.mob, at, entry.box)

    def _close(self, key: int, off: float, section: SectionRecord) -> None:
        entry = self.up.pop(key)
        mob = entry.mob
        section.texts.append(Text(getattr(mob, "kind", ""), tex_of(mob), tuple(getattr(mob, "shows", ())),
                                  min(entry.on, off), off, entry.box))

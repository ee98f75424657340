"""Every formula and line of text the video shows is made here, in the theme's fonts.

Manim keeps each glyph's parsed SVG path (`path_obj`) after the glyph's points are built, and every animation
deep-copies it: dropping it cut building the 3-class scene without video from 21 s to 4 s, same frames.
"""
from manim import MathTex, Text

from . import texjail, theme

texjail.install()


def _lean(mob, kind: str, shows=()):
    """The mobject without parsed paths, marked with what the record calls it and the quantity paths it shows."""
    for part in mob.get_family():
        if getattr(part, "path_obj", None) is not None:
            part.path_obj = None
    mob.kind, mob.shows = kind, tuple(str(s) for s in shows)
    return mob


def math(tex: str, size: float = theme.LABEL_SIZE, color: str = theme.TEXT, *, kind: str, shows=()) -> MathTex:
    """LaTeX math (align* environment, so `&=` aligns rows), of a kind of lesson.record.KINDS."""
    return _lean(MathTex(tex, font_size=size, color=color), kind, shows)


def pieces(*tex: str, size: float = theme.FORMULA_SIZE, color: str = theme.TEXT, shows=()) -> MathTex:
    """One formula typeset from several pieces, each a submobject of its own (`X =` and its matrix, or single
    numbers that move on their own)."""
    return _lean(MathTex(*tex, font_size=size, color=color), "formula", shows)


def font(words: str) -> str:
    """The theme's font for the script of `words`: the first script font whose block a character falls in."""
    for (low, high), name in theme.SCRIPT_FONTS.items():
        if any(low <= ord(ch) <= high for ch in words):
            return name
    return theme.FONT


def text(words: str, size: float, color: str = theme.TEXT, *, kind: str) -> Text:
    """Plain text in the font of its script (Pango shapes it, so conjuncts and marks join as they should)."""
    return _lean(Text(words, font=font(words), font_size=size, color=color), kind)

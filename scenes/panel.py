"""The side panel: formula lines written top-down in the right of the frame, each made to fit its width."""
import re

from manim import DOWN, LEFT, Mobject, VGroup

from lesson.worked import Formula
from . import theme
from .typeset import math, pieces

_TERM = re.compile(r" (?=[+-] )")      # a break before " + 0.4 \cdot 2" or " - 0.3 \cdot 2" in a written-out sum


def _tex(rows, size, shows):
    return math(r" \\ ".join(rows), size, kind="formula", shows=shows)


def no_wider(mob: Mobject, width: float) -> Mobject:
    """The mobject, scaled down to `width` if it is wider."""
    return mob.scale_to_fit_width(width) if mob.width > width else mob


def fitted(item: Formula | str | Mobject, width: float) -> Mobject:
    """A formula no wider than `width`: on one line if it fits, else its value on a row of its own and its sum
    broken between terms where needed; scaled down only as a last resort. A matrix formula is made of two parts,
    `lhs =` and the matrix, so a row of the matrix can be pointed at."""
    if isinstance(item, Mobject):
        return item
    if isinstance(item, Formula) and item.value.startswith(r"\begin{pmatrix}"):
        return no_wider(pieces(" = ".join(p for p in (item.lhs, item.rhs) if p) + " =", item.value,
                               size=theme.FORMULA_SIZE, shows=_paths(item)), width)
    shows = _paths(item) if isinstance(item, Formula) else ()
    mob = _tex([item.latex() if isinstance(item, Formula) else item], theme.FORMULA_SIZE, shows)
    if mob.width > width and isinstance(item, Formula) and item.rhs and item.value:
        mob = _tex(_rows(item, width / mob.width), theme.FORMULA_SIZE, shows)
    return no_wider(mob, width)


def _paths(formula: Formula) -> tuple[str, ...]:
    return tuple(str(s.quantity) for s in formula.shows)


def _rows(line, share):
    """`lhs &= rhs` and `&= value`, rhs split between terms so each row takes at most `share` of the one-line
    width (estimated by its length in characters, to avoid typesetting every candidate)."""
    whole, rows = len(line.latex()), []
    for term in _TERM.split(line.rhs):
        if rows and len(f"{line.lhs} = {rows[-1]} {term}") <= share * whole:
            rows[-1] = f"{rows[-1]} {term}"
        else:
            rows.append(term)
    return [f"{line.lhs} &= {rows[0]}"] + [rf"&\quad {r}" for r in rows[1:]] + [f"&{line.relation} {line.value}"]


class Panel:
    """What the panel shows now, and where the next block of lines goes."""

    def __init__(self, box: tuple = theme.PANEL_BOX):
        self.left, self.right, self.bottom, self.top = box
        self.content = VGroup()

    def block(self, items) -> VGroup:
        """The items (Formulas, LaTeX strings or ready mobjects) stacked, left-aligned, fitted to the panel."""
        return self.pages(items)[0]

    def pages(self, items) -> list[VGroup]:
        """The items stacked in as many blocks as it takes for each to fit the panel's height unscaled, so no
        formula is shrunk below the size it was typeset at; a single item too tall is scaled down."""
        width, height = self.right - self.left, self.top - self.bottom
        pages, page = [], VGroup()
        for mob in (fitted(item, width) for item in items):
            if len(page) and page.height + 0.28 + mob.height > height:
                pages.append(page)
                page = VGroup()
            page.add(mob)
            page.arrange(DOWN, aligned_edge=LEFT, buff=0.28)
        pages.append(page)
        return [p.scale_to_fit_height(height) if p.height > height else p for p in pages]

    def place(self, block: VGroup, keep: bool) -> bool:
        """Put the block under what is shown when `keep` and it fits, else at the top; True if the old must go."""
        top = self.content.get_bottom()[1] - 0.35 if len(self.content) else self.top
        below = bool(keep and len(self.content)) and top - block.height >= self.bottom
        block.move_to([self.left + block.width / 2, (top if below else self.top) - block.height / 2, 0])
        return bool(len(self.content)) and not below

"""One name for every number of a worked solution: a `Quantity` whose text is the path `check --json` uses.

`layers.output.dW[1][0]`, `softmax.jacobian[0][1]`, `history[3]`: field names joined by dots, indices in brackets.
Claims, worked lines, the record of what a video shows and the tests all name numbers this way.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_PATH = re.compile(rf"{_NAME}(?:\.{_NAME}|\[\d+\])*")
_TOKEN = re.compile(rf"({_NAME})|\[(\d+)\]")


@dataclass(frozen=True)
class Quantity:
    """A path into the worked solution: names (str) and indices (int), outermost first."""

    parts: tuple[str | int, ...]

    @classmethod
    def parse(cls, text: str) -> Quantity:
        """`layers.output.dW[1][0]` -> Quantity(("layers", "output", "dW", 1, 0)); ValueError if malformed."""
        if not _PATH.fullmatch(text):
            raise ValueError(f"not a quantity path: {text!r}")
        return cls(tuple(name or int(index) for name, index in _TOKEN.findall(text)))

    def __str__(self) -> str:
        out = ""
        for part in self.parts:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
        return out

    def __getitem__(self, index: int | tuple[int, ...]) -> Quantity:
        """The entry at `index` (an int or a tuple of ints) of the array this quantity names."""
        return Quantity(self.parts + (tuple(index) if isinstance(index, tuple) else (index,)))

    def field(self, name: str) -> Quantity:
        """A named part of this quantity: Quantity(("layers", "out")).field("dW") is layers.out.dW."""
        return Quantity(self.parts + (name,))


def q(*parts: str | int) -> Quantity:
    """Shorthand: q("layers", "output", "dW", 1, 0)."""
    return Quantity(tuple(parts))


def layer(name: str, field: str, *index: int) -> Quantity:
    """layers.<name>.<field>[i][j]: a quantity of one layer."""
    return Quantity(("layers", name, field, *index))

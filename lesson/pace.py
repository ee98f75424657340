"""How long the screen holds still so that a student can read what was just drawn: one model for every section.
Its constants are the theme's (scenes.theme.READING) and a scenario's `display.pace` scales them."""
from __future__ import annotations

import re
from dataclasses import dataclass

_INDEX = re.compile(r"[_^]\{[^{}]*\}|[_^]\w")                  # subscripts and superscripts name, they do not count
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


_PARTS = re.compile(r"\\frac|\\sum|\\begin\{cases\}")      # a fraction, a sum, a case split: each read on its own


def numbers(tex: str) -> int:
    """How many numbers a line shows (W_{12} = 0.2 shows one)."""
    return len(_NUMBER.findall(_INDEX.sub("", tex)))


def parts(tex: str) -> int:
    """What a reader takes in one at a time on a line: its numbers, fractions and sums."""
    return numbers(tex) + len(_PARTS.findall(tex))


@dataclass(frozen=True)
class Pace:
    """Seconds to read: a new line, each part of it (a number, a fraction, a sum), each word of a caption; the
    least a finished panel stands."""

    line: float
    number: float
    word: float
    panel: float

    def scaled(self, factor: float) -> Pace:
        return Pace(self.line * factor, self.number * factor, self.word * factor, self.panel * factor)

    def lines(self, texts: list[str]) -> float:
        """The hold after lines are written: a second to take in each, and a little more per number, fraction and
        sum, so a symbolic step of a derivation is held as long as a line of numbers."""
        return sum(self.line + self.number * parts(t) for t in texts)

    def caption(self, sentence: str) -> float:
        """The least time a caption stays up."""
        return self.word * len(sentence.split())

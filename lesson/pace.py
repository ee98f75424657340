"""How long the screen holds still so that a student can read what was just drawn: one model for every section.
Its constants are the theme's (scenes.theme.READING) and a scenario's `display.pace` scales them."""
from __future__ import annotations

import re
from dataclasses import dataclass

_INDEX = re.compile(r"[_^]\{[^{}]*\}|[_^]\w")                  # subscripts and superscripts name, they do not count
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def numbers(tex: str) -> int:
    """How many numbers a line shows (W_{12} = 0.2 shows one)."""
    return len(_NUMBER.findall(_INDEX.sub("", tex)))


@dataclass(frozen=True)
class Pace:
    """Seconds to read: a new line, each number on it, each word of a caption; the least a finished panel stands."""

    line: float
    number: float
    word: float
    panel: float

    def scaled(self, factor: float) -> Pace:
        return Pace(self.line * factor, self.number * factor, self.word * factor, self.panel * factor)

    def lines(self, texts: list[str]) -> float:
        """The hold after lines are written: a second to take in each, and a little more per number."""
        return sum(self.line + self.number * numbers(t) for t in texts)

    def caption(self, sentence: str) -> float:
        """The least time a caption stays up."""
        return self.word * len(sentence.split())

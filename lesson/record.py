"""The record of what a video shows: per section its time span, its caption lines, every number drawn and every
text on screen with when and where it was.

The scene fills it while it plays; a render writes it beside the video as JSON, and the tests hold every entry
against `check --json` of the same file under the same quantity path, and every text against the layout rules.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from .quantity import Quantity


@dataclass(frozen=True)
class Shown:
    """One number on screen: the quantity it is, its full-precision value and the text typeset for it."""

    quantity: Quantity
    value: float
    text: str

    def as_json(self) -> dict:
        return {"quantity": str(self.quantity), "value": self.value, "text": self.text}


def _ns(seconds: float) -> float:
    return round(seconds, 9)


KINDS = ("formula", "caption", "heading", "label", "legend", "tick")


@dataclass(frozen=True)
class Text:
    """One text on screen, whole: its kind (one of KINDS), the TeX or plain text drawn, the quantity paths it shows,
    the second it is fully drawn and the second it starts to leave (or moves), its box [left, bottom, right, top] in
    frame units. A text still up when its section ends is closed there and opened again in the next section."""

    kind: str
    tex: str
    quantities: tuple[str, ...]
    on: float
    off: float
    box: tuple[float, float, float, float]

    def as_json(self) -> dict:
        return {"kind": self.kind, "tex": self.tex, "quantities": list(self.quantities), "on": self.on,
                "off": self.off, "box": list(self.box)}

    def shifted(self, by: float) -> Text:
        return replace(self, on=_ns(self.on + by), off=_ns(self.off + by))


@dataclass
class SectionRecord:
    """One section of the video: where it starts and ends (seconds), its caption lines and the numbers shown."""

    name: str
    start: float = 0.0
    end: float = 0.0
    captions: list[str] = field(default_factory=list)
    shown: list[Shown] = field(default_factory=list)
    caption_start: float = 0.0       # when the caption appears (after the title card, in the first section)
    plotted: list[Shown] = field(default_factory=list)   # points drawn on axes (their text is not on screen)
    texts: list[Text] = field(default_factory=list)
    later_captions: list[tuple[float, list[str]]] = field(default_factory=list)   # (when, lines) of each step's own

    def as_json(self) -> dict:
        return {"name": self.name, "start": self.start, "end": self.end, "captions": self.captions,
                "caption_start": self.caption_start, "shown": [s.as_json() for s in self.shown],
                "plotted": [{"quantity": str(p.quantity), "value": p.value} for p in self.plotted],
                "texts": [t.as_json() for t in self.texts],
                "later_captions": [{"start": at, "captions": lines} for at, lines in self.later_captions]}

    def moved(self, start: float) -> SectionRecord:
        """The section as it is in a video where it starts at `start` (its times counted from its own start), every
        time to the nanosecond: a section rendered after skipped ones says the same times as in a whole render."""
        by = start - self.start
        return replace(self, start=_ns(start), end=_ns(self.end + by), caption_start=_ns(self.caption_start + by),
                       texts=[t.shifted(by) for t in self.texts],
                       later_captions=[(_ns(at + by), lines) for at, lines in self.later_captions])

    def cues(self) -> list[tuple[float, float, list[str]]]:
        """(start, end, lines) of each caption the section shows: its own, then each step's, each until the next."""
        starts = [(self.caption_start, self.captions), *self.later_captions]
        ends = [at for at, _ in starts[1:]] + [self.end]
        return [(at, end, lines) for (at, lines), end in zip(starts, ends)]


@dataclass
class Record:
    """Every section of one render, in order."""

    sections: list[SectionRecord] = field(default_factory=list)

    def begin(self, name: str, time: float) -> SectionRecord:
        """Close the current section at `time` and open the next one there."""
        self.close(time)
        self.sections.append(SectionRecord(name, start=time))
        return self.sections[-1]

    def close(self, time: float) -> None:
        if self.sections:
            self.sections[-1].end = time

    @property
    def current(self) -> SectionRecord:
        return self.sections[-1]

    def show(self, *shown: Shown) -> None:
        self.current.shown.extend(shown)

    def only(self, name: str) -> Record:
        """The record of a render of one section: that section alone, its times counted from 0."""
        return Record([next(s for s in self.sections if s.name == name).moved(0.0)])

    def as_json(self) -> dict:
        return {"sections": [s.as_json() for s in self.sections]}

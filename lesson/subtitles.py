"""Subtitles from the record of a render: one cue per caption, its lines, from when the caption appears until the
next one (a step's own) or the end of the section."""
from __future__ import annotations

from .record import Record


def _time(seconds: float) -> str:
    """SubRip time, 00:01:02,345."""
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"


def srt(record: Record) -> str:
    """The SubRip text of every caption the video shows (a section's, then its steps'), numbered from 1, in order."""
    cues = [(start, end, lines) for s in record.sections for start, end, captions in s.cues()
            if (lines := _lines(captions)) and end > start]
    return "".join(f"{k}\n{_time(start)} --> {_time(end)}\n" + "\n".join(lines) + "\n\n"
                   for k, (start, end, lines) in enumerate(cues, 1))


def _lines(captions: list[str]) -> list[str]:
    """A cue's lines with no blank line among them: a blank line would end the cue and begin a forged one."""
    return [line for line in (" ".join(c.split()) for c in captions) if line]

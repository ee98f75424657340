"""Subtitles from the record of a render: one cue per section, its caption lines, from when the caption appears
to the end of the section."""
from __future__ import annotations

from .record import Record


def _time(seconds: float) -> str:
    """SubRip time, 00:01:02,345."""
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"


def srt(record: Record) -> str:
    """The SubRip text of every section that has a caption, numbered from 1, in order."""
    cues = [(s, lines) for s in record.sections if (lines := _lines(s.captions)) and s.end > s.caption_start]
    return "".join(f"{k}\n{_time(s.caption_start)} --> {_time(s.end)}\n" + "\n".join(lines) + "\n\n"
                   for k, (s, lines) in enumerate(cues, 1))


def _lines(captions: list[str]) -> list[str]:
    """A cue's lines with no blank line among them: a blank line would end the cue and begin a forged one."""
    return [line for line in (" ".join(c.split()) for c in captions) if line]

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
    cues = [s for s in record.sections if s.captions and s.end > s.caption_start]
    return "".join(f"{k}\n{_time(s.caption_start)} --> {_time(s.end)}\n" + "\n".join(s.captions) + "\n\n"
                   for k, s in enumerate(cues, 1))

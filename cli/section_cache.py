"""Clips of rendered sections on disk, each under its key with the record of what it shows (times from 0).

A clip and its record are written through temporary files and the record last, so a clip counts as cached only
once both are whole; parallel renders may share the folder (the same key is the same content). The cache holds data,
never code, and heals itself: a record carries its clip's SHA-256 and length, and an entry whose record does not
read as one, whose clip is missing, changed or of another length is dropped with one warning and rendered again.
Beside the clips, under `fields/`, each section's frame key keeps the fields its last render showed (see
section_keys); a file there that is not a list of quantity paths counts as absent.
"""
from __future__ import annotations

import hashlib
import json
import math
import shutil
import sys
from pathlib import Path

import av

from lesson.files import place, place_text
from lesson.quantity import Quantity
from lesson.record import KINDS, SectionRecord, Shown, Text

DEFAULT = Path("media/section-cache")
RECORD_BYTES = 1 << 20            # a section's record is a few KB; a larger file is not one
FIELDS_BYTES = 1 << 16            # the fields a section shows: a few dozen paths
LENGTH_SLACK = 0.1                # seconds a record's length may differ from its clip's (a frame, rounded)
_NUMBER = (int, float)
_FIELDS = {"name": str, "start": _NUMBER, "end": _NUMBER, "captions": list, "caption_start": _NUMBER, "shown": list,
           "plotted": list, "texts": list, "later_captions": list, "sha256": str}


class Damaged(ValueError):
    """A cache entry that is not what its key promises."""


def _number(value, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise Damaged(f"{what} is not a finite number")
    return float(value)


def _shown(item, plotted: bool) -> Shown:
    if not isinstance(item, dict) or not isinstance(item.get("quantity"), str):
        raise Damaged("a shown number is not a quantity and a value")
    text = "" if plotted else item.get("text")
    if not isinstance(text, str):
        raise Damaged("a shown number has no text")
    try:
        quantity = Quantity.parse(item["quantity"])
    except ValueError:
        raise Damaged("a shown number names no quantity") from None
    return Shown(quantity, _number(item.get("value"), "a shown value"), text)


def record_from_json(data) -> SectionRecord:
    """A SectionRecord back from its `as_json` (with the clip's hash); Damaged when the data is not one."""
    if not isinstance(data, dict) or any(not isinstance(data.get(k), t) for k, t in _FIELDS.items()):
        raise Damaged("the record lacks a field or has one of the wrong type")
    start, end, caption_start = (_number(data[k], k) for k in ("start", "end", "caption_start"))
    if start != 0 or not 0 <= caption_start <= end or not all(isinstance(c, str) for c in data["captions"]):
        raise Damaged("the record's times or captions are not a section's")
    return SectionRecord(data["name"], start, end, list(data["captions"]),
                         [_shown(s, False) for s in data["shown"]], caption_start,
                         [_shown(p, True) for p in data["plotted"]], [_text(t, end) for t in data["texts"]],
                         [_cue(c, caption_start, end) for c in data["later_captions"]])


def _cue(item, after: float, end: float) -> tuple[float, list[str]]:
    """A step's caption back from JSON: when it appears, inside its section, and its lines."""
    if not isinstance(item, dict) or not isinstance(item.get("captions"), list) or \
            not all(isinstance(c, str) for c in item["captions"]):
        raise Damaged("a step's caption is not a time and lines")
    at = _number(item.get("start"), "a step caption's time")
    if not after <= at <= end:
        raise Damaged("a step's caption is outside its section")
    return at, list(item["captions"])


def _text(item, end: float) -> Text:
    """A text of a section's record back from JSON; Damaged unless every field is there, of its type and in range."""
    if not isinstance(item, dict) or item.get("kind") not in KINDS or not isinstance(item.get("tex"), str) or \
            not isinstance(item.get("quantities"), list) or not all(isinstance(p, str) for p in item["quantities"]) \
            or not isinstance(item.get("box"), list) or len(item["box"]) != 4:
        raise Damaged("a text of the record is not a kind, a tex, quantities and a box")
    on, off = _number(item.get("on"), "a text's time"), _number(item.get("off"), "a text's time")
    if not 0 <= on <= off <= end:
        raise Damaged("a text's times are not within its section")
    return Text(item["kind"], item["tex"], tuple(item["quantities"]), on, off,
                tuple(_number(v, "a text's box") for v in item["box"]))


def _sha256(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def clip_seconds(path: Path) -> float:
    """A clip's length, as its video stream states it."""
    with av.open(str(path)) as video:
        stream = video.streams.video[0]
        return float(stream.duration * stream.time_base)


class SectionCache:
    """A folder of `<key>.mp4` clips, each with its `<key>.json` record."""

    def __init__(self, root: Path = DEFAULT):
        self.root = Path(root)

    def clip(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.mp4"

    def lookup(self, key: str) -> SectionRecord | None:
        """The record of a whole, unchanged entry, or None (a damaged entry is dropped with one warning)."""
        clip, record = self.clip(key), self.clip(key).with_suffix(".json")
        if not record.is_file():
            return None
        try:
            with open(record, "rb") as f:
                data = json.loads(f.read(RECORD_BYTES + 1)[:RECORD_BYTES])
            section = record_from_json(data)
            if not clip.is_file():
                raise Damaged("its clip is missing")
            if _sha256(clip) != data["sha256"]:
                raise Damaged("its clip is not the one rendered")
            if abs(clip_seconds(clip) - section.end) > LENGTH_SLACK:
                raise Damaged("its record's length is not its clip's")
        except (OSError, ValueError, av.error.FFmpegError) as e:
            print(f"warning: section cache: {key[:12]}… is damaged ({e}); rendering it again", file=sys.stderr)
            for path in (record, clip):
                path.unlink(missing_ok=True)
            return None
        return section

    def fields(self, frame: str) -> list[str] | None:
        """The fields the last section rendered under the frame key `frame` showed, or None when none is kept or
        what is kept is not a list of quantity paths."""
        try:
            with open(self.root / "fields" / frame[:2] / f"{frame}.json", "rb") as f:
                names = json.loads(f.read(FIELDS_BYTES + 1)[:FIELDS_BYTES])
            if isinstance(names, list) and all(isinstance(n, str) and str(Quantity.parse(n)) == n for n in names):
                return names
        except (OSError, ValueError):
            pass
        return None

    def remember(self, frame: str, names: list[str]) -> None:
        """Keep the fields a section rendered under the frame key `frame` shows."""
        place_text(self.root / "fields" / frame[:2] / f"{frame}.json", json.dumps(names))

    def put(self, key: str, clip: Path, record: SectionRecord) -> None:
        """Store a rendered clip and its record (whole files only), the record with the clip's SHA-256."""
        target = self.clip(key)
        place(target, lambda tmp: shutil.copyfile(clip, tmp))
        data = record.as_json() | {"sha256": _sha256(target)}
        place_text(target.with_suffix(".json"), json.dumps(data, ensure_ascii=False, allow_nan=False))

"""Clips of rendered sections on disk, each under its key with the record of what it shows (times from 0).

A clip and its record are written through temporary files and the record last, so a clip counts as cached only
once both are whole; parallel renders may share the folder (the same key is the same content).
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from lesson.quantity import Quantity
from lesson.record import SectionRecord, Shown
from lesson.files import place, place_text

DEFAULT = Path("media/section-cache")


def record_from_json(data: dict) -> SectionRecord:
    """A SectionRecord back from its `as_json`."""
    shown = [Shown(Quantity.parse(s["quantity"]), s["value"], s["text"]) for s in data["shown"]]
    return SectionRecord(data["name"], data["start"], data["end"], data["captions"], shown, data["caption_start"])


class SectionCache:
    """A folder of `<key>.mp4` clips, each with its `<key>.json` record."""

    def __init__(self, root: Path = DEFAULT):
        self.root = Path(root)

    def clip(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.mp4"

    def has(self, key: str) -> bool:
        return self.clip(key).with_suffix(".json").is_file() and self.clip(key).is_file()

    def record(self, key: str) -> SectionRecord:
        return record_from_json(json.loads(self.clip(key).with_suffix(".json").read_text(encoding="utf-8")))

    def put(self, key: str, clip: Path, record: SectionRecord) -> None:
        """Store a rendered clip and its record (whole files only)."""
        target = self.clip(key)
        place(target, lambda tmp: shutil.copyfile(clip, tmp))
        place_text(target.with_suffix(".json"), json.dumps(record.as_json(), ensure_ascii=False, allow_nan=False))

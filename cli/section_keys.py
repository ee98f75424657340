"""The cache key of each section of a video: a hash of everything its frames can depend on, and nothing more.

Two parts. The section's frame key, known before any render: the render settings, the scene code, the scenario
without its numbers (symbols, layer sizes, captions, title), how many digits the new weights have (the edge labels'
spots are sized for them from the start), the reading pace, and the captions of the section (and of the one that
hands it its panel). Then the numbers it depends on, which its own record lists: every number it writes, every
text on screen while it plays (what earlier sections leave on the graph is re-opened in its record) and every point
it plots, each widened to its whole field (all of `layers.output.dW`, not one entry), so a number drawn without
being written (edge colours scaled by the largest gradient) is covered too. The fields come from the record of the
section's last render under the same frame key, kept in the cache; a section without them renders, and its record
then names them. The key hashes the fields' names with their values, so a clip is only ever found under the
numbers its own record says it shows.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from importlib import metadata
from itertools import takewhile
from pathlib import Path

import numpy as np

from lesson import storyboard
from lesson.quantity import Quantity
from lesson.record import SectionRecord
from lesson.solution import Solution
from lesson.worked import edge_room
from .section_cache import SectionCache

ROOT = Path(__file__).resolve().parents[1]
CODE = ("core", "lesson", "scenes", "cli")
VERSION = 5                      # of the cache's layout; bump to drop every stored clip


def _skeleton(node: object) -> object:
    """The scenario without its numbers (arrays keep their shape) and without where it came from."""
    if dataclasses.is_dataclass(node):
        return {f.name: _skeleton(getattr(node, f.name)) for f in dataclasses.fields(node)
                if f.name not in ("file", "lines", "source", "variant")}
    if isinstance(node, np.ndarray):
        return ["array", list(node.shape)]
    if isinstance(node, (list, tuple)):
        return [_skeleton(item) for item in node]
    if isinstance(node, dict):
        return {str(k): _skeleton(v) for k, v in sorted(node.items())}
    if isinstance(node, float):
        return "number"
    return node


def fields(record: SectionRecord) -> list[str]:
    """The fields of every number a section's record shows, writes on screen or plots (`layers.output.dW`)."""
    paths = [s.quantity for s in record.shown + record.plotted] + \
            [Quantity.parse(p) for text in record.texts for p in text.quantities]
    return sorted({str(Quantity(tuple(takewhile(lambda part: isinstance(part, str), p.parts)))) for p in paths})


def _value(solution: Solution, field: str):
    try:
        return np.asarray(solution.value(Quantity.parse(field)), dtype=float).tolist()
    except (KeyError, ValueError, TypeError):          # a field this solution lacks: its absence is what is hashed
        return None


def number_key(frame: str, solution: Solution, names: list[str]) -> str:
    """The key of a section whose frame key is `frame` and whose record shows the fields `names`."""
    text = json.dumps([frame, {name: _value(solution, name) for name in names}], allow_nan=True)
    return hashlib.sha256(text.encode()).hexdigest()


def code_version() -> str:
    """A hash of every source file of the program: any change to the code is a new key for every section."""
    digest = hashlib.sha256()
    for package in CODE:
        for file in sorted((ROOT / package).rglob("*.py")):
            digest.update(file.relative_to(ROOT).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


def frame_keys(solution: Solution, settings: dict) -> dict[str, str]:
    """{section name: frame key} in storyboard order, under the render `settings` (quality, format, captions)."""
    common = {"version": VERSION, "manim": metadata.version("manim"), "code": code_version(), "settings": settings,
              "scenario": _skeleton(solution.scenario), "edge labels": edge_room(solution),
              "pace": solution.scenario.pace}          # a number the skeleton drops, but every hold's length
    names = [s.name for s in storyboard.sections(solution)]
    keys = {}
    for index, name in enumerate(names):
        handed = names[index - 1:index] if index and storyboard.BY_NAME[names[index - 1]].hands_over else []
        part = {"index": index, "name": name,
                "captions": [[n, storyboard.heading(n, solution), storyboard.caption(solution, n),
                              storyboard.step_captions(solution, n)] for n in handed + [name]]}
        text = json.dumps(common | part, sort_keys=True, allow_nan=True, default=str)
        keys[name] = hashlib.sha256(text.encode()).hexdigest()
    return keys


def section_keys(solution: Solution, frames: dict[str, str], cache: SectionCache) -> dict[str, str | None]:
    """{section name: key} of the sections with these frame keys; None for one the cache has no fields for."""
    keys = {}
    for name, frame in frames.items():
        names = cache.fields(frame)
        keys[name] = None if names is None else number_key(frame, solution, names)
    return keys

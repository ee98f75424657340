"""The cache key of each section of a video: a hash of everything its frames can depend on, and nothing more.

A section's frames depend on the render settings, the scene code, the shape of the scenario (symbols, layer sizes,
captions, title: everything but its numbers), how many digits the new weights have (the edge labels' spots are
sized, from the start, for a weight's symbol and a number that wide), the numbers it shows itself (`OWN`), what
every earlier section leaves on the graph (`LASTING`: values in the neurons, the targets, the probability bars a
later ghost copies) and, after a section that hands over its last panel instead of clearing it, that section's
numbers and caption. Slices are quantity paths of `check --json` (`*` is every layer). A section missing from the
tables (a new one) depends on every number, so a new section is never stale, only re-rendered more often than it
needs.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from importlib import metadata
from pathlib import Path

import numpy as np

from lesson import storyboard
from lesson.export import as_json
from lesson.quantity import Quantity
from lesson.solution import Solution
from lesson.worked import edge_room

ROOT = Path(__file__).resolve().parents[1]
CODE = ("core", "lesson", "scenes", "cli")
VERSION = 4                      # of the cache's layout; bump to drop every stored clip

FORWARD = ("input", "layers.*.inputs", "layers.*.W", "layers.*.b", "layers.*.z", "layers.*.a",
           "layers.*.z_computed", "layers.*.offset")
SOFTMAX = ("softmax.exp", "softmax.sum", "softmax.shift", "probabilities", "sample_losses", "loss", "target")
BACKWARD = ("layers.*.da", "layers.*.dz", "layers.*.dW", "layers.*.db", "layers.*.dW_samples", "softmax.p_minus_y")
WHY = ("softmax.dp", "softmax.jacobian", "softmax.dz_chain", "softmax.p_minus_y")
UPDATE = ("learning_rate", "layers.*.W_new", "layers.*.b_new", "layers.*.a_after", "probabilities_after",
          "loss_after")
OWN = {"setup": ("input", "layers.*.W", "layers.*.b", "target", "learning_rate"),
       "forward": FORWARD,
       "softmax": (*SOFTMAX, "layers.*.z"),
       "why": (*SOFTMAX, *WHY, "layers.*.z", "layers.*.dz"),
       "backward": (*BACKWARD, *SOFTMAX, *FORWARD),
       "update": (*UPDATE, *FORWARD, *SOFTMAX, *BACKWARD)}
LASTING = {"setup": ("input", "target"), "forward": ("layers.*.z", "layers.*.a"),
           "softmax": ("probabilities", "target"), "why": (), "backward": (), "update": UPDATE}


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


def _paths(solution: Solution, patterns: tuple[str, ...]) -> list[str]:
    names = list(solution.layers)
    return [p.replace("*", name) for p in patterns for name in (names if "*" in p else [""])]


def _values(solution: Solution, patterns: tuple[str, ...] | None) -> dict:
    """{path: value as a list} of the slice; None means every number of the solution."""
    if patterns is None:
        return as_json(solution, [], [])
    out = {}
    for path in _paths(solution, patterns):
        try:
            out[path] = np.asarray(solution.value(Quantity.parse(path)), dtype=float).tolist()
        except KeyError:                 # a field this scenario does not have (z_computed, dW_samples)
            out[path] = None
    return out


def code_version() -> str:
    """A hash of every source file of the program: any change to the code is a new key for every section."""
    digest = hashlib.sha256()
    for package in CODE:
        for file in sorted((ROOT / package).rglob("*.py")):
            digest.update(file.relative_to(ROOT).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


def section_keys(solution: Solution, settings: dict) -> dict[str, str]:
    """{section name: key} in storyboard order, under the render `settings` (quality, format, captions)."""
    common = {"version": VERSION, "manim": metadata.version("manim"), "code": code_version(), "settings": settings,
              "scenario": _skeleton(solution.scenario), "edge labels": edge_room(solution),
              "pace": solution.scenario.pace}          # a number the skeleton drops, but every hold's length
    names = [s.name for s in storyboard.sections(solution)]
    keys = {}
    for index, name in enumerate(names):
        before = names[:index]
        handed = before[-1:] if before and storyboard.BY_NAME[before[-1]].hands_over else []
        part = {"index": index, "name": name, "own": _values(solution, OWN.get(name)),
                "captions": [[n, storyboard.heading(n, solution), storyboard.caption(solution, n),
                              storyboard.step_captions(solution, n)] for n in handed + [name]],
                "handed over": [_values(solution, OWN.get(n)) for n in handed],
                "lasting": [_values(solution, LASTING.get(n)) for n in before]}
        text = json.dumps(common | part, sort_keys=True, allow_nan=True, default=str)
        keys[name] = hashlib.sha256(text.encode()).hexdigest()
    return keys

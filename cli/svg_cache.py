"""A disk cache of the shapes Manim reads from SVG files (every MathTex and Text): parsing one takes about 0.13 s,
loading it about 5 ms, so a re-render builds the formulas of skipped and unchanged sections almost for free.

The key is the SVG file's content with what Manim's own in-memory cache keys on besides its path (class, default
style, path settings, renderer) and the Manim version. An entry is data only: a NumPy `.npz` of every shape's points
and style arrays and of which shapes each SVG group holds, loaded with pickling refused, so a shared cache cannot
run code. An entry that does not load as that is made again; entries are written whole, so renders may share them.
"""
from __future__ import annotations

import hashlib
import zipfile
from importlib import metadata
from pathlib import Path

import numpy as np

from lesson.files import place
from scenes.shapes import Groups
from scenes.texbatch import STAND_IN

_folder: Path | None = None         # where the entries are, once `install` has patched Manim


def _key(mob) -> str | None:
    """The cache key of an SVGMobject about to be generated, or None when it has no file to read or is a stand-in
    (a box where a formula will be, while a scene is built to collect its TeX)."""
    try:
        content = Path(mob.get_file_path()).read_bytes()
    except (ValueError, OSError):
        return None
    if content.startswith(STAND_IN.encode()):
        return None
    from manim import config
    seed = (type(mob).__name__, mob.svg_default, mob.path_string_config, config.renderer, metadata.version("manim"))
    return hashlib.sha256(repr(seed).encode() + b"\0" + content).hexdigest()


def install(folder: Path) -> None:
    """From now on, in this process, every SVGMobject is read from `folder` when it is there and stored when not."""
    from manim.mobject.svg.svg_mobject import SVGMobject
    from scenes import texjail
    global _folder
    texjail.install()                                    # first: its parser is the one the cache wraps
    if _folder is None:
        SVGMobject.generate_mobject = _cached(SVGMobject.generate_mobject)
        SVGMobject.init_svg_mobject = _uncopied(SVGMobject.init_svg_mobject)
    _folder = Path(folder)


ARRAYS = ("points", "fill_rgbas", "stroke_rgbas", "background_stroke_rgbas")      # a shape's rows, of 3 or 4
NUMBERS = ("fill_opacity", "stroke_opacity", "background_stroke_opacity", "stroke_width", "background_stroke_width",
           "sheen_factor")
STYLE = ARRAYS + NUMBERS + ("sheen_direction",)          # all a shape is drawn from
ENTRY_BYTES = 16 << 20                                    # the largest formula's shapes are well under 1 MB


def _stacked(parts: list, width: int, dtype=float) -> tuple[np.ndarray, np.ndarray]:
    """Arrays of `width` columns as one, and where each ends: a few arrays per entry, not a few per shape."""
    rows = [np.asarray(p, dtype=dtype).reshape(-1, width) for p in parts] or [np.zeros((0, width), dtype=dtype)]
    return np.concatenate(rows), np.cumsum([len(p) for p in parts], dtype=np.int64)


def _arrays(mob) -> dict[str, np.ndarray] | None:
    """The shapes of a generated SVGMobject and its groups as plain arrays, or None when a style is not plain."""
    leaves = mob.submobjects
    if any(np.ndim(getattr(leaf, name)) for leaf in leaves for name in NUMBERS):
        return None
    out = {}
    for name in ARRAYS:
        width = 3 if name == "points" else 4
        out[name], out[f"{name}.ends"] = _stacked([getattr(leaf, name) for leaf in leaves], width)
    out["numbers"] = np.array([[getattr(leaf, n) for n in NUMBERS] for leaf in leaves],
                              dtype=float).reshape(-1, len(NUMBERS))
    out["sheen_direction"] = _stacked([leaf.sheen_direction for leaf in leaves], 3)[0]
    groups = mob.id_to_vgroup_dict                       # as `shapes.mobjects_from` made them, over these leaves
    out["groups"], out["members"], out["members.ends"] = np.array(list(groups), dtype=str), \
        groups.members.reshape(-1, 1), groups.ends
    return out


def _ends(data, name: str, count: int) -> np.ndarray:
    """Where each of the `count` parts of `data[name]` ends; ValueError when the ends do not split it so."""
    ends = data[f"{name}.ends"]
    if ends.dtype.kind != "i" or len(ends) != count or np.any(np.diff(ends, prepend=0) < 0) or \
            (count and ends[-1] != len(data[name])):
        raise ValueError(f"{name} is not split into {count} parts")
    return ends


def _split(data, name: str, count: int) -> list[np.ndarray]:
    return np.split(data[name], _ends(data, name, count)[:-1])


def _shapes(data) -> tuple[list, dict]:
    """The shapes and groups back from `_arrays`; ValueError when the data is not that."""
    from manim import VMobject

    numbers, directions = data["numbers"], data["sheen_direction"]
    count = len(numbers)
    if numbers.shape != (count, len(NUMBERS)) or directions.shape != (count, 3):
        raise ValueError("the style table does not fit the shapes")
    columns = {name: _split(data, name, count) for name in ARRAYS}
    leaves = []
    for i in range(count):
        leaf = VMobject()
        for name in ARRAYS:
            setattr(leaf, name, columns[name][i])
        for name, value in zip(NUMBERS, numbers[i]):
            setattr(leaf, name, float(value))
        leaf.sheen_direction = directions[i]
        leaves.append(leaf)
    names, members = data["groups"], data["members"].ravel()
    ends = _ends(data, "members", len(names))
    if members.dtype.kind != "i" or np.any((members < 0) | (members >= count)):
        raise ValueError("a group names a shape that is not there")
    return leaves, Groups(leaves, [str(name) for name in names], members, ends)


def _load(entry: Path) -> tuple[list, dict] | None:
    """The shapes of a cache entry, or None when it is missing, larger than any formula's (a zip that unpacks to
    gigabytes) or not what `_arrays` writes."""
    try:
        with zipfile.ZipFile(entry) as archive:
            if sum(member.file_size for member in archive.infolist()) > ENTRY_BYTES:
                return None
        with np.load(entry, allow_pickle=False) as data:
            return _shapes(data)
    except (OSError, ValueError, KeyError, IndexError, TypeError, zipfile.BadZipFile):
        return None


def _save(path: str, arrays: dict[str, np.ndarray]) -> None:
    with open(path, "wb") as f:           # a file object: given a name, savez would append ".npz" to it
        np.savez(f, **arrays)


def _cached(generate):
    """`generate` (Manim's SVG parser), answered from the cache folder of the last `install` when it can be."""
    def generate_mobject(self):
        key = _key(self)
        if key is None:
            return generate(self)
        entry = _folder / key[:2] / f"{key}.npz"
        loaded = _load(entry) if entry.is_file() else None
        if loaded is not None:
            submobjects, self.id_to_vgroup_dict = loaded
            return self.add(*submobjects)
        generate(self)
        arrays = _arrays(self)
        if arrays is not None:
            place(entry, lambda tmp: _save(tmp, arrays))
        return self
    return generate_mobject


def _uncopied(init_svg_mobject):
    """Manim's own SVG cache keeps a deep copy of each shape and hands out another copy, about 25 ms a formula
    each: more than loading it from this cache, which now answers every time."""
    return lambda self, use_svg_cache: init_svg_mobject(self, use_svg_cache=False)

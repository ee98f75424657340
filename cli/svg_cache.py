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

_folder: Path | None = None         # where the entries are, once `install` has patched Manim


def _key(mob) -> str | None:
    """The cache key of an SVGMobject about to be generated, or None when it has no file to read."""
    try:
        content = Path(mob.get_file_path()).read_bytes()
    except (ValueError, OSError):
        return None
    from manim import config
    seed = (type(mob).__name__, mob.svg_default, mob.path_string_config, config.renderer, metadata.version("manim"))
    return hashlib.sha256(repr(seed).encode() + b"\0" + content).hexdigest()


def install(folder: Path) -> None:
    """From now on, in this process, every SVGMobject is read from `folder` when it is there and stored when not."""
    from manim.mobject.svg.svg_mobject import SVGMobject
    global _folder
    if _folder is None:
        SVGMobject.generate_mobject = _cached(SVGMobject.generate_mobject)
        SVGMobject.init_svg_mobject = _uncopied(SVGMobject.init_svg_mobject)
    _folder = Path(folder)


STYLE = ("points", "fill_rgbas", "stroke_rgbas", "background_stroke_rgbas", "fill_opacity", "stroke_opacity",
         "background_stroke_opacity", "stroke_width",
         "background_stroke_width", "sheen_factor", "sheen_direction")      # what a shape is drawn from


def _arrays(mob) -> dict[str, np.ndarray]:
    """The shapes of a generated SVGMobject and its groups, as plain arrays."""
    leaves = mob.submobjects
    index = {id(leaf): i for i, leaf in enumerate(leaves)}
    out = {f"{i}.{name}": np.asarray(getattr(leaf, name), dtype=float) for i, leaf in enumerate(leaves)
           for name in STYLE}
    groups = list(mob.id_to_vgroup_dict.items())
    out["count"] = np.array([len(leaves)])
    out["groups"] = np.array([name for name, _ in groups], dtype=str)
    out |= {f"group.{k}": np.array([index[id(m)] for m in group.submobjects], dtype=np.int64)
            for k, (_, group) in enumerate(groups)}
    return out


def _shapes(data) -> tuple[list, dict]:
    """The shapes and groups back from `_arrays`; ValueError when the data is not that."""
    from manim import VGroup, VMobject

    count = int(data["count"][0])
    leaves = []
    for i in range(count):
        leaf = VMobject()
        for name in STYLE:
            value = data[f"{i}.{name}"]
            setattr(leaf, name, value if value.ndim else float(value))
        if leaf.points.ndim != 2 or leaf.points.shape[1:] != (3,):
            raise ValueError("a shape's points are not 3-D")
        leaves.append(leaf)
    groups = {}
    for k, name in enumerate(data["groups"]):
        members = data[f"group.{k}"]
        if members.dtype.kind != "i" or np.any((members < 0) | (members >= count)):
            raise ValueError("a group names a shape that is not there")
        groups[str(name)] = VGroup(*[leaves[j] for j in members])
    return leaves, groups


def _load(entry: Path) -> tuple[list, dict] | None:
    """The shapes of a cache entry, or None when it is missing or is not what `_arrays` writes."""
    try:
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
        place(entry, lambda tmp: _save(tmp, _arrays(self)))
        return self
    return generate_mobject


def _uncopied(init_svg_mobject):
    """Manim's own SVG cache keeps a deep copy of each shape and hands out another copy, about 25 ms a formula
    each: more than unpickling it from this cache, which now answers every time."""
    return lambda self, use_svg_cache: init_svg_mobject(self, use_svg_cache=False)

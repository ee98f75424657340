"""A disk cache of the shapes Manim reads from SVG files (every MathTex and Text): parsing one takes about 0.13 s,
unpickling it about 5 ms, so a re-render builds the formulas of skipped and unchanged sections almost for free.

The key is the SVG file's content with what Manim's own in-memory cache keys on besides its path (class, default
style, path settings, renderer) and the Manim version; an entry is written whole, so parallel renders may share it.
"""
from __future__ import annotations

import hashlib
import pickle
from importlib import metadata
from pathlib import Path

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


def _cached(generate):
    """`generate` (Manim's SVG parser), answered from the cache folder of the last `install` when it can be."""
    def generate_mobject(self):
        key = _key(self)
        if key is None:
            return generate(self)
        entry = _folder / key[:2] / f"{key}.pickle"
        if entry.is_file():
            submobjects, self.id_to_vgroup_dict = pickle.loads(entry.read_bytes())
            return self.add(*submobjects)
        generate(self)
        shapes = pickle.dumps((self.submobjects, self.id_to_vgroup_dict), protocol=pickle.HIGHEST_PROTOCOL)
        place(entry, lambda tmp: Path(tmp).write_bytes(shapes))
        return self
    return generate_mobject


def _uncopied(init_svg_mobject):
    """Manim's own SVG cache keeps a deep copy of each shape and hands out another copy, about 25 ms a formula
    each: more than unpickling it from this cache, which now answers every time."""
    return lambda self, use_svg_cache: init_svg_mobject(self, use_svg_cache=False)

"""A video made of section clips: sections whose key is in the cache are reused as they are (no scene is built for
them), the others are rendered in one scene run and stored, and the clips are joined with their records."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from lesson.files import place
from lesson.record import Record, SectionRecord
from lesson.solution import Solution
from . import svg_cache
from .assemble import concatenate
from .section_cache import SectionCache
from .section_keys import section_keys


FRAME = ("quality", "format", "pixel_width", "pixel_height", "frame_rate", "background_opacity", "transparent")


def settings(options: dict, burn_captions: bool) -> dict:
    """What of the render's configuration the frames depend on, with a manim.cfg of the working folder."""
    local = Path("manim.cfg")
    return {key: options[key] for key in FRAME if key in options} | {
        "burn_captions": burn_captions, "manim.cfg": local.read_text() if local.is_file() else None}


def render_missing(solution: Solution, wrap: Callable[[type], type], options: dict, burn_captions: bool,
                   missing: dict[str, str], cache: SectionCache) -> dict[str, SectionRecord]:
    """Render the sections in `missing` ({name: key}) in one scene, the others skipped, and store their clips and
    return their records; `wrap` is given the scene class and returns the one to render (e.g. with progress
    reports)."""
    from manim import tempconfig                 # Manim takes seconds to import: only when a section is missing
    from scenes.batch import explainer_class
    from scenes.texbatch import prepare_scene
    names = list(missing)
    plain = explainer_class(solution)
    with tempconfig(options | {"save_sections": True, "disable_caching": True}):
        prepare_scene(plain, solution, burn_captions)
        svg_cache.install(cache.root / "svg")
        cls = wrap(plain)
        scene = cls(solution, only=frozenset(names), burn_captions=burn_captions, stop_after=names[-1])
        scene.render()
        writer = scene.renderer.file_writer
        clips = {s.name: writer.sections_output_dir / s.video for s in writer.sections if s.video}
        stored = {name: scene.record.only(name).sections[0] for name in names}
        for name in names:
            cache.put(missing[name], clips[name], stored[name])
    return stored


def assemble(sections: dict[str, tuple[str, SectionRecord]], cache: SectionCache, target: Path) -> Record:
    """Join the cached clips of every section ({name: (key, record)}) into `target`; the record, each section moved
    to where it starts."""
    record, clock = Record(), 0.0
    for key, section in sections.values():
        record.sections.append(section.moved(clock))
        clock += section.end
    place(target, lambda tmp: concatenate([cache.clip(key) for key, _ in sections.values()], tmp))
    return record


def render_cached(solution: Solution, wrap: Callable[[type], type], options: dict, burn_captions: bool,
                  cache: SectionCache, target: Path) -> tuple[Record, list[str]]:
    """Write the whole video to `target` from the section cache, rendering only what it lacks.

    Returns the record and the names of the sections reused from the cache."""
    keys = section_keys(solution, settings(options, burn_captions))
    found = {name: cache.lookup(key) for name, key in keys.items()}
    missing = {name: key for name, key in keys.items() if found[name] is None}
    if missing:
        found |= render_missing(solution, wrap, options, burn_captions, missing, cache)
    sections = {name: (key, found[name]) for name, key in keys.items()}
    return assemble(sections, cache, target), [name for name in keys if name not in missing]

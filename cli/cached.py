"""A video made of section clips: sections whose key is in the cache are reused as they are (no scene is built for
them), the others are rendered (in one scene run, or shared out over several processes) and stored, and the clips
are joined with their records."""
from __future__ import annotations

from pathlib import Path

from lesson.files import place, private_folder
from lesson.record import Record, SectionRecord
from lesson.solution import Solution
from . import svg_cache
from .assemble import concatenate
from .progress import tracked
from .section_cache import SectionCache
from .section_keys import fields, frame_keys, number_key, section_keys
from .shares import deal, lengths, render_shares, share_dirs


FRAME = ("quality", "format", "pixel_width", "pixel_height", "frame_rate", "background_opacity", "transparent")


def settings(options: dict, burn_captions: bool) -> dict:
    """What of the render's configuration the frames depend on, with a manim.cfg of the working folder."""
    local = Path("manim.cfg")
    return {key: options[key] for key in FRAME if key in options} | {
        "burn_captions": burn_captions, "manim.cfg": local.read_text() if local.is_file() else None}


def render_missing(solution: Solution, progress, options: dict, burn_captions: bool, missing: dict[str, str],
                   cache: SectionCache, jobs: int = 1) -> None:
    """Render the sections in `missing` ({name: frame key}), the others skipped, in up to `jobs` processes, and
    store each clip under the key its record gives it; `progress` (a Progress, or None) is told what renders."""
    from manim import tempconfig                 # Manim takes seconds to import: only when a section is missing
    from scenes.batch import explainer_class
    from scenes.texbatch import prepare_scene
    plain = explainer_class(solution)

    def render(share: list[str], report) -> None:
        cls = tracked(plain, report) if report else plain
        scene = cls(solution, only=frozenset(share), burn_captions=burn_captions, stop_after=share[-1])
        scene.render()
        writer = scene.renderer.file_writer
        clips = {s.name: writer.sections_output_dir / s.video for s in writer.sections if s.video}
        for name in share:
            record = scene.record.only(name).sections[0]
            shown = fields(record)
            cache.remember(missing[name], shown)
            cache.put(number_key(missing[name], solution, shown), clips[name], record)

    reporting = progress is not None and progress.enabled
    with private_folder("clips") as clip_dir, tempconfig(options | {"save_sections": True, "disable_caching": True}):
        svg_cache.install(cache.root / "svg")     # the rehearsal's shapes serve the render
        rehearsal = prepare_scene(plain, solution, burn_captions, stop_after=list(missing)[-1])
        shares = deal(lengths(rehearsal, list(missing)), jobs)

        def render_share(share: list[str], index: int, relay) -> None:
            with tempconfig(share_dirs(clip_dir, index)):
                render(share, relay if reporting else None)
        if len(shares) == 1:
            render_share(shares[0], 0, progress)
        else:
            render_shares(shares, render_share, progress)


def assemble(sections: dict[str, tuple[str, SectionRecord]], cache: SectionCache, target: Path) -> Record:
    """Join the cached clips of every section ({name: (key, record)}) into `target`; the record, each section moved
    to where it starts."""
    record, clock = Record(), 0.0
    for key, section in sections.values():
        record.sections.append(section.moved(clock))
        clock += section.end
    place(target, lambda tmp: concatenate([cache.clip(key) for key, _ in sections.values()], tmp))
    return record


def render_cached(solution: Solution, progress, options: dict, burn_captions: bool, cache: SectionCache,
                  target: Path, jobs: int = 1) -> tuple[Record, list[str]]:
    """Write the whole video to `target` from the section cache, rendering only what it lacks, in up to `jobs`
    processes.

    Returns the record and the names of the sections reused from the cache."""
    frames = frame_keys(solution, settings(options, burn_captions))
    keys = section_keys(solution, frames, cache)
    found = {name: cache.lookup(key) if key else None for name, key in keys.items()}
    missing = {name: frames[name] for name in keys if found[name] is None}
    if missing:
        render_missing(solution, progress, options, burn_captions, missing, cache, jobs)
        keys = section_keys(solution, frames, cache)
        found |= {name: cache.lookup(keys[name]) for name in missing}
    sections = {name: (key, found[name]) for name, key in keys.items()}
    return assemble(sections, cache, target), [name for name in keys if name not in missing]

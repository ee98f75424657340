"""The section cache: a video assembled from cached clips is frame-identical to one rendered in one go, with the
same record and subtitles, and an edit invalidates exactly the sections whose frames show what it changes."""
from dataclasses import replace
from pathlib import Path

import av
import numpy as np
import pytest
from manim import tempconfig

from cli.cached import render_cached, settings
from cli.section_cache import SectionCache
from cli.section_keys import section_keys
from lesson.scenario import load
from lesson.solution import Solution
from lesson.subtitles import srt
from scenes.batch import explainer_class

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "three_class.yaml"


def options(media: Path) -> dict:
    """A tiny, slow-motion-free frame so a whole video renders in seconds."""
    return {"quality": "low_quality", "format": "mp4", "pixel_width": 320, "pixel_height": 180, "frame_rate": 5,
            "media_dir": str(media), "verbosity": "WARNING", "progress_bar": "none", "output_file": "whole"}


def frames(video: Path) -> list[np.ndarray]:
    with av.open(str(video)) as container:
        return [frame.to_ndarray(format="rgb24") for frame in container.decode(video=0)]


def uncached(solution: Solution, media: Path):
    """The video rendered in one scene run, as before the cache: its frames and its record."""
    with tempconfig(options(media)):
        scene = explainer_class(solution)(solution)
        scene.render()
        return frames(Path(scene.renderer.file_writer.movie_file_path)), scene.record


def cached(solution: Solution, media: Path, cache: SectionCache, out: Path):
    record, reused = render_cached(solution, lambda cls: cls, options(media), True, cache, out)
    return frames(out), record, reused


def shown_changes(before, after) -> set[str]:
    """Sections whose caption or any number shown differs between two records."""
    return {a.name for a, b in zip(before.sections, after.sections)
            if a.captions != b.captions or [s.text for s in a.shown] != [s.text for s in b.shown]}


def frame_changes(video, other, record) -> set[str]:
    """Sections with a frame that differs between two videos of the same length."""
    rate = options(Path())["frame_rate"]
    return {s.name for s in record.sections
            if any(not np.array_equal(video[k], other[k]) for k in range(round(s.start * rate), round(s.end * rate)))}


def assert_same(video, record, expected_video, expected_record):
    assert len(video) == len(expected_video) > 50
    differ = [(k, int(np.abs(a.astype(int) - b).max())) for k, (a, b) in enumerate(zip(video, expected_video))
              if not np.array_equal(a, b)]
    assert differ == []
    assert srt(record) == srt(expected_record)
    assert [s.name for s in record.sections] == [s.name for s in expected_record.sections]
    for got, want in zip(record.sections, expected_record.sections):
        assert (got.start, got.end) == pytest.approx((want.start, want.end), abs=1e-9)
        assert got.shown == want.shown


def test_cached_video_is_the_uncached_one_and_an_edit_rerenders_only_what_it_changes(tmp_path):
    cache, media = SectionCache(tmp_path / "cache"), tmp_path / "media"
    solution = Solution(load(str(SCENARIO)))
    edited = Solution(replace(solution.scenario, learning_rate=0.1000001))   # eta's text, not the new weights'

    want_video, want_record = uncached(solution, media)
    video, record, reused = cached(solution, media, cache, tmp_path / "cold.mp4")
    assert reused == []
    assert_same(video, record, want_video, want_record)
    video, record, reused = cached(solution, media, cache, tmp_path / "again.mp4")
    assert reused == [s.name for s in want_record.sections]
    assert_same(video, record, want_video, want_record)

    edited_video, edited_record = uncached(edited, media)
    changed = shown_changes(want_record, edited_record)
    assert changed == {"setup", "update"}                 # eta is stated in setup and used in the update
    names = [s.name for s in want_record.sections]
    invalid = changed | {names[names.index(n) + 1] for n in changed if n != names[-1]}   # panel fades in next
    assert frame_changes(want_video, edited_video, want_record) == invalid
    keys, new_keys = (section_keys(s, settings(options(media), True)) for s in (solution, edited))
    assert {n for n in keys if keys[n] != new_keys[n]} == invalid
    video, record, reused = cached(edited, media, cache, tmp_path / "edited.mp4")
    assert set(reused) == set(names) - invalid
    assert_same(video, record, edited_video, edited_record)


def test_new_weights_move_every_edge_label_so_a_real_eta_edit_renews_every_key():
    solution = Solution(load(str(SCENARIO)))
    keys = section_keys(solution, {})
    edited = section_keys(Solution(replace(solution.scenario, learning_rate=0.25)), {})
    assert all(keys[name] != edited[name] for name in keys)

"""A shared cache holds data, not code, and heals itself: damaged entries are rendered again, with one warning each,
and the video is the one a clean cache gives; two renders at once into one folder both succeed."""
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from manim import MathTex, Text

from check_json import at
from cli import svg_cache
from cli.section_cache import Damaged, SectionCache, record_from_json
from lesson.record import SectionRecord, Text as TextRecord
from cli.main import main
from test_bad_input import GOOD, write
from test_section_cache import SCENARIO, assert_same, cached, keys_of, quick

pytestmark = pytest.mark.render
ROOT = Path(__file__).resolve().parents[1]


def truncate(clip: Path):
    clip.write_bytes(clip.read_bytes()[: clip.stat().st_size // 2])


def flip_bytes(clip: Path):
    data = bytearray(clip.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 16] = bytes(255 - b for b in data[middle:middle + 16])
    clip.write_bytes(bytes(data))


def garbage_record(clip: Path):
    clip.with_suffix(".json").write_bytes(b"\x00{not json")


def shifted_record(clip: Path):
    """A record that reads well, with the clip's own hash, but 4 s too short: every later cue would come early."""
    record = clip.with_suffix(".json")
    data = json.loads(record.read_text())
    data["end"] -= 4
    data["caption_start"] = min(data["caption_start"], data["end"])
    record.write_text(json.dumps(data))


DAMAGE = {"forward": truncate, "softmax": flip_bytes, "backward": garbage_record, "update": shifted_record}


def test_damaged_entries_are_rendered_again_and_the_video_is_the_clean_one(tmp_path, capsys):
    cache, media = SectionCache(tmp_path / "cache"), tmp_path / "media"
    solution = quick(SCENARIO)
    video, record, _ = cached(solution, media, cache, tmp_path / "clean.mp4")
    keys = keys_of(solution, media, cache)
    for name, damage in DAMAGE.items():
        damage(cache.clip(keys[name]))
    capsys.readouterr()
    again, again_record, reused = cached(solution, media, cache, tmp_path / "healed.mp4")
    assert set(reused) == set(keys) - set(DAMAGE)
    warnings = capsys.readouterr().err.splitlines()
    assert len(warnings) == len(DAMAGE) and all(w.startswith("warning: section cache: ") for w in warnings)
    assert_same(again, again_record, video, record)
    assert cached(solution, media, cache, tmp_path / "third.mp4")[2] == list(keys)


class Payload:
    """Unpickling this runs a command: what a hostile shared cache would hold."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return os.system, (f"touch {self.marker}",)


def test_the_shape_cache_never_unpickles_and_remakes_what_does_not_load(tmp_path):
    svg_cache.install(tmp_path / "svg")
    first = MathTex(r"\frac{1}{N} x_1 = 2")
    [entry] = (tmp_path / "svg").rglob("*.npz")
    marker = tmp_path / "ran"
    entry.write_bytes(pickle.dumps(Payload(marker)))
    second = MathTex(r"\frac{1}{N} x_1 = 2")
    assert not marker.exists()
    assert np.array_equal(first.get_all_points(), second.get_all_points())
    with np.load(entry, allow_pickle=False) as data:             # made again, as data
        assert len(data["numbers"]) == len(first.family_members_with_points())


@pytest.mark.parametrize("make", [lambda: MathTex(r"\hat{y}_1", "=", r"\frac{e^{z_1}}{\sum_k e^{z_k}}", color="#FF8800"),
                                  lambda: Text("সফটম্যাক্স: p − y", color="#88CCFF")])
def test_a_shape_loaded_from_the_cache_is_drawn_from_the_same_arrays(tmp_path, make):
    svg_cache.install(tmp_path / "svg")
    parsed, loaded = make(), make()
    assert list((tmp_path / "svg").rglob("*.npz"))
    pairs = list(zip(parsed.family_members_with_points(), loaded.family_members_with_points(), strict=True))
    for a, b in pairs:
        for name in svg_cache.STYLE:
            assert np.array_equal(np.asarray(getattr(a, name)), np.asarray(getattr(b, name))), name
    assert [len(part) for part in parsed.submobjects] == [len(part) for part in loaded.submobjects]


def test_two_cold_renders_into_one_folder_both_succeed(tmp_path):
    scenario = write(tmp_path, [])
    command = [sys.executable, str(ROOT / "render.py"), "render", str(scenario), "--section", "setup", "--format", "png",
               "--quiet",
               "--media-dir", str(tmp_path / "media"), "--cache-dir", str(tmp_path / "cache")]
    runs = [subprocess.Popen(command + ["-o", str(tmp_path / f"{k}.png")], cwd=tmp_path, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for k in range(2)]
    results = [(run.wait(timeout=600), run.stderr.read()) for run in runs]
    assert results == [(0, ""), (0, "")]
    assert (tmp_path / "0.png").read_bytes() == (tmp_path / "1.png").read_bytes()


@pytest.mark.render
def test_two_cold_whole_videos_of_different_scenarios_into_one_media_and_cache_folder_both_succeed(tmp_path, capsys):
    """Both share Manim's Tex and text folders, the shape cache and the section cache, each with a garbage
    progress file there; each video's record holds its own scenario's numbers, as `check --json` gives them. Manim's
    clips are numbered per process (`uncached_00000.mp4`, …), so each render writes them in a folder of its own: one
    shared folder once gave a render the other's half-written clip."""
    files = [tmp_path / f"s{k}.yaml" for k in range(2)]
    for file, x in zip(files, ("[1, 2]", "[2, -1]")):
        file.write_text(GOOD.replace("input: [1, 2]", f"input: {x}") + "display: {pace: 0.25}\nsections: {why: false}\n")
    (tmp_path / "cache" / "plays").mkdir(parents=True)
    for file in files:
        (tmp_path / "cache" / "plays" / f"{file.stem}.json").write_bytes(b"\x00\xff not json")
    runs = [subprocess.Popen([sys.executable, str(ROOT / "render.py"), "render", str(file), "-q", "l", "-j", "1",
                              "--media-dir", str(tmp_path / "media"), "--cache-dir", str(tmp_path / "cache"),
                              "-o", str(file.with_suffix(".mp4"))], cwd=tmp_path, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
            for file in files]
    assert [(run.wait(timeout=900), run.stderr.read()) for run in runs] == [(0, ""), (0, "")]
    assert not [clip for clip in (tmp_path / "media").rglob("*.mp4")]
    for file in files:
        assert main(["check", str(file), "--json"]) == 0
        checked = json.loads(capsys.readouterr().out)
        shown = [s for section in json.loads(file.with_suffix(".json").read_text())["sections"] for s in section["shown"]]
        assert shown and all(s["value"] == at(checked, s["quantity"]) for s in shown)


GROUP_DAMAGE = {"ends as decimals": lambda a: a | {"members.ends": a["members.ends"].astype(float)},
                "ends past the members": lambda a: a | {"members.ends": a["members.ends"] + 1},
                "a member past the shapes": lambda a: a | {"members": a["members"] + len(a["numbers"])}}


@pytest.mark.parametrize("damage", GROUP_DAMAGE.values(), ids=GROUP_DAMAGE.keys())
def test_a_shape_entry_whose_groups_do_not_fit_its_shapes_is_made_again(tmp_path, damage):
    """Groups are made when looked up, long after the entry is loaded: a group table that does not fit is refused
    when it loads, so the formula is parsed again rather than failing halfway through a render."""
    svg_cache.install(tmp_path / "svg")
    first = MathTex(r"x_1", "=", r"\frac{1}{2}")
    [entry] = (tmp_path / "svg").rglob("*.npz")
    with np.load(entry, allow_pickle=False) as data:
        arrays = damage({name: data[name] for name in data.files})
    with open(entry, "wb") as f:
        np.savez(f, **arrays)
    assert svg_cache._load(entry) is None
    second = MathTex(r"x_1", "=", r"\frac{1}{2}")
    assert [part.get_all_points().tolist() for part in second.submobjects] == \
        [part.get_all_points().tolist() for part in first.submobjects]


def test_a_shape_entry_that_unpacks_to_more_than_a_formula_is_not_loaded(tmp_path):
    import zipfile
    entry = tmp_path / "bomb.npz"
    with zipfile.ZipFile(entry, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("points.npy", b"\0" * (svg_cache.ENTRY_BYTES + 1))
    assert entry.stat().st_size < 100_000 and svg_cache._load(entry) is None


def test_step_captions_come_back_whole_and_one_outside_its_section_is_refused():
    """A section's later captions (a why step's own sentence) come back with their times and lines; one that starts
    before the section's caption or after its end, or whose lines are not text, is damage."""
    section = SectionRecord("why", 0.0, 9.0, ["the section"], [], 0.5,
                            later_captions=[(3.0, ["the Jacobian step"]), (6.5, ["the product"])])
    stored = section.as_json() | {"sha256": "0" * 64}
    assert record_from_json(stored).later_captions == section.later_captions
    for damage in ({"start": 0.2}, {"start": 9.5}, {"captions": [1]}, {"start": None}):
        with pytest.raises(Damaged):
            record_from_json(stored | {"later_captions": [stored["later_captions"][0] | damage]})


def test_subtitles_give_each_step_caption_its_own_cue_until_the_next():
    from lesson.record import Record
    from lesson.subtitles import srt
    section = SectionRecord("why", 10.0, 19.0, ["the section"], [], 10.5, later_captions=[(13.0, ["step one"]),
                                                                                            (16.25, ["step two"])])
    cues = [c.splitlines() for c in srt(Record([section])).strip("\n").split("\n\n")]
    assert cues == [["1", "00:00:10,500 --> 00:00:13,000", "the section"],
                    ["2", "00:00:13,000 --> 00:00:16,250", "step one"],
                    ["3", "00:00:16,250 --> 00:00:19,000", "step two"]]


def test_a_record_text_is_restored_whole_and_a_damaged_one_is_refused():
    """The texts of a section's record come back as written; a text of an unknown kind, with times outside its
    section, a box of the wrong size, a quantity that is not a string or a box that is not a finite number does not."""
    text = TextRecord("formula", r"p_1 = 0.665", ("probabilities[0]",), 1.0, 2.5, (1.25, 0.1, 3.0, 0.4))
    section = SectionRecord("softmax", 0.0, 4.0, ["a caption"], [], 0.0, [], [text])
    stored = section.as_json() | {"sha256": "0" * 64}               # as the cache stores it, with its clip's hash
    assert record_from_json(stored).texts == [text]
    damages = [{"kind": "script"}, {"off": 4.5}, {"on": 3.0, "off": 2.0}, {"box": [0, 0, 1]},
               {"quantities": [3]}, {"box": [0, 0, 1, float("nan")]}, {"tex": None}]
    for damage in damages:
        data = stored | {"texts": [stored["texts"][0] | damage]}
        with pytest.raises(Damaged):
            record_from_json(data)

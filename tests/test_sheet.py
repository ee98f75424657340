"""The contact sheet: each tile is the frame the video shows as its section ends, and the command writes one PNG."""
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from manim import tempconfig

from cli.main import main
from cli.sheet import _RUNS, compose
from lesson.scenario import load
from lesson.solution import Solution
from scenes.batch import explainer_class
from scenes.sheet import Shot, section_ends
from test_section_cache import SCENARIO, options, quick, uncached

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.render
def test_every_tile_is_the_frame_the_video_shows_as_its_section_ends(tmp_path):
    """The video's frame at the second each section's panel has settled is, of all its frames, the nearest to the
    tile (the video is H.264, so within codec noise, not bit for bit), and a second later, as the panel clears, the
    frame is no longer the tile."""
    solution = quick(SCENARIO)
    video, record = uncached(solution, tmp_path / "media")
    with tempconfig(options(tmp_path / "media") | {"format": "none"}):
        shots = section_ends(explainer_class(solution), solution)
    assert [s.name for s in shots] == [s.name for s in record.sections]
    rate = options(tmp_path)["frame_rate"]
    for shot, section in zip(shots, record.sections):
        k = round(shot.second * rate) - 1
        assert section.start < shot.second <= section.end
        tile = shot.pixels[..., :3].astype(float)
        apart = [np.abs(frame - tile).mean() for frame in video]
        assert apart[k] <= min(apart) + 0.05 and apart[k] < 5, (shot.name, apart[k], min(apart))
        if k + rate < len(video) and section.name != "why":          # why hands its panel over, it does not clear
            assert apart[k + rate] > apart[k] + 1, shot.name


def test_the_sheet_holds_each_tile_whole_under_its_title_bar():
    solution = Solution(load(str(SCENARIO)))
    rng = np.random.default_rng(1)
    shots = [Shot(n, 1.0, rng.integers(0, 255, (90, 160, 4), np.uint8)) for n in ("setup", "forward", "softmax")]
    sheet = np.asarray(compose(solution, shots))
    bar, gap = round(90 * 0.09), round(90 * 0.03)
    assert sheet.shape == (2 * (90 + bar) + 3 * gap, 2 * 160 + 3 * gap, 3)
    for k, shot in enumerate(shots):
        x, y = gap + (k % 2) * (160 + gap), gap + (k // 2) * (90 + bar + gap) + bar
        assert np.array_equal(sheet[y:y + 90, x:x + 160], shot.pixels[..., :3])
    assert sheet[gap:gap + bar, gap:gap + 160].max() > 128          # the first title's letters


def test_a_bad_scenario_or_output_is_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: x\ninput: [1, 2\n")
    assert main(["sheet", str(bad)]) == 2
    assert main(["sheet", str(SCENARIO), "-o", str(tmp_path / "sheet.yaml")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all(line.startswith("error: ") for line in err), err
    assert not list(tmp_path.glob("*.png"))


def _until(done, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if done():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.render
def test_watch_rewrites_the_sheet_on_each_save_and_says_the_error_while_the_file_is_invalid(tmp_path):
    """An author's live preview: saved valid, the sheet is new; saved broken, one error line and the sheet stays."""
    text = SCENARIO.read_text()
    scenario, out = tmp_path / "three_class.yaml", tmp_path / "sheet.png"
    scenario.write_text(text)
    proc = subprocess.Popen([sys.executable, str(ROOT / "render.py"), "sheet", str(scenario), "-o", str(out), "--watch",
                             "--media-dir", str(tmp_path / "media"), "--cache-dir", str(tmp_path / "cache")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    errors = []
    threading.Thread(target=lambda: errors.extend(line for line in proc.stderr if line.startswith("error:")),
                     daemon=True).start()
    try:
        assert _until(out.exists, 180)
        first = out.read_bytes()
        scenario.write_text(text.replace("learning_rate: 0.1", "learning_rate: fast"))
        assert _until(lambda: errors, 60)
        assert errors[0].startswith(f"error: {scenario}:") and "learning_rate" in errors[0], errors
        assert out.read_bytes() == first
        scenario.write_text(text.replace("learning_rate: 0.1", "learning_rate: 0.5"))
        assert _until(lambda: out.read_bytes() != first, 180)
        assert len(errors) == 1 and proc.poll() is None
    finally:
        proc.terminate()
        proc.wait(30)


def test_a_title_is_drawn_in_runs_of_one_script_each():
    """A Bengali heading's ∂ and · are not in the Bengali font: they are drawn in the theme's own."""
    assert _RUNS.findall("৪ · কেন ∂L/∂z = p − y") == ["৪", " · ", "কেন", " ∂L/∂z = p − y"]
    assert _RUNS.findall("4 · Why ∂L/∂z = p − y") == ["4 · Why ∂L/∂z = p − y"]

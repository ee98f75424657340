"""The progress line on a terminal: the tracked scene renders, and each rendered section's animations are counted."""
import io
import json
import sys
from pathlib import Path

import pytest
from manim import tempconfig

from cli.progress import Progress
from lesson.scenario import load
from lesson.solution import Solution
from scenes.batch import explainer_class

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "three_class.yaml"


class Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.render
def test_a_render_on_a_terminal_counts_the_animations_of_the_sections_it_renders(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "stderr", Terminal())
    memory = tmp_path / "plays.json"
    progress = Progress("three_class", True, memory)
    solution = Solution(load(str(SCENARIO)))
    cls = progress.tracked(explainer_class(solution))
    assert cls is not explainer_class(solution)
    with tempconfig({"format": "png", "pixel_width": 160, "pixel_height": 90, "media_dir": str(tmp_path / "media"),
                     "verbosity": "ERROR", "progress_bar": "none"}):
        scene = cls(solution, only="forward", stop_after="forward")
        scene.render()
    progress.close()
    counts = json.loads(memory.read_text())
    assert set(counts) == {"forward"} and counts["forward"] >= len(scene.scenario.layers)

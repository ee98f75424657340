"""Section headings and captions: the scenario's numbers in the defaults, the author's own text when given."""
from dataclasses import replace
from pathlib import Path

import numpy as np

from lesson import storyboard
from lesson.scenario import load
from lesson.storyboard import NAMES as SECTIONS
from lesson.solution import Solution

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "three_class.yaml"


def test_default_captions_carry_the_losses_before_and_after():
    sol = Solution(load(str(SCENARIO)))
    z = np.array([2.0, 1.0, 0.0])
    loss = -np.log(np.exp(z[0]) / np.exp(z).sum())           # 0.4076, the document's 0.408
    assert f"L = {loss:.3f}" in storyboard.caption(sol, "softmax")
    assert f"from {loss:.3f} to {sol.first.after.loss:.3f}" in storyboard.caption(sol, "update")
    assert "class A" in storyboard.caption(sol, "setup")
    assert [storyboard.heading(s)[0] for s in SECTIONS] == ["1", "2", "3", "4", "5", "6", "7"]


def test_a_scenario_caption_replaces_the_default_in_any_script():
    scenario = load(str(SCENARIO))
    sol = Solution(replace(scenario, captions={"backward": "গ্রেডিয়েন্ট হলো p − y"}))
    assert storyboard.caption(sol, "backward") == "গ্রেডিয়েন্ট হলো p − y"
    assert storyboard.caption(sol, "forward") == storyboard.caption(Solution(scenario), "forward")


def test_a_scenario_heading_replaces_the_name_and_keeps_the_number():
    scenario = load(str(SCENARIO))
    sol = Solution(replace(scenario, headings={"update": "গ্রেডিয়েন্ট ধাপ"}))
    assert storyboard.heading("update", sol) == "6 · গ্রেডিয়েন্ট ধাপ"
    assert storyboard.heading("forward", sol) == storyboard.heading("forward") == "2 · Forward pass"


def test_the_softmax_caption_is_true_for_soft_targets_and_underflow():
    scenarios = Path(__file__).resolve().parents[1] / "scenarios"
    soft, huge = (Solution(load(str(scenarios / f"{name}.yaml"))) for name in ("soft_target", "huge_logits"))
    assert "−Σ y ln p" in storyboard.caption(soft, "softmax") and "true class" not in storyboard.caption(soft, "softmax")
    assert "log-sum-exp" in storyboard.caption(huge, "softmax")

"""One notation: a quantity has one name in every section of a lesson, and the shipped scenarios write a layer as a
superscript [l], a neuron as a subscript and probabilities as p (the symbols the why section's p - y reads)."""
import re
from collections import defaultdict
from pathlib import Path

import pytest

from lesson.scenario import load
from lesson.solution import Solution
from lesson.why import Why
from lesson.worked import Worked

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml")) + sorted((ROOT / "tests" / "scenarios").glob("*.yaml"))


@pytest.mark.parametrize("file", SCENARIOS, ids=lambda p: p.stem)
def test_a_quantity_has_one_name_across_sections(file):
    """Every line `name = ... = value` of the lesson, in every section: the value's quantity is always called by one
    name (the why section's p_1 is the softmax section's p_1 and the graph's)."""
    solution = Solution(load(str(file)))
    lines = [f for _, f in Why(solution).lines()]
    if not solution.scenario.batched:
        lines += [f for formulas in Worked(solution).sections().values() for f in formulas]
    names = defaultdict(set)
    for f in lines:
        if f.quantity is not None and f.lhs and not f.rhs.startswith(r"\frac{1}"):
            names[str(f.quantity)].add(re.sub(r"\s+", "", f.lhs))
    assert names and not {q: n for q, n in names.items() if len(n) > 1}


@pytest.mark.parametrize("file", sorted((ROOT / "scenarios").glob("*.yaml")), ids=lambda p: p.stem)
def test_shipped_scenarios_write_layers_as_superscripts_and_probabilities_as_p(file):
    scenario = load(str(file))
    deep = len(scenario.layers) > 1
    for index, spec in enumerate(scenario.layers):
        for symbol in [*spec.z_symbols, *spec.bias_symbols, *([] if index == len(scenario.layers) - 1 else spec.a_symbols)]:
            assert (f"^{{[{index + 1}]}}" in symbol) == deep and "^{(" not in symbol, symbol
    assert all(re.fullmatch(r"p_\{?\d+\}?", s) for s in scenario.layers[-1].a_symbols)

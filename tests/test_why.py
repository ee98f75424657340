"""Why dL/dz = p - y: the Jacobian road against p - y and finite differences, logit gaps up to 2000 through `check`,
the worked exponentials against the probabilities, and the scenario field that turns the section off."""
import json
import math
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import core
from cli.main import main
from lesson import storyboard
from lesson.scenario import load
from lesson.solution import Solution
from lesson.why import Why

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml")) + sorted((ROOT / "tests" / "scenarios").glob("*.yaml"))
PROPERTY = settings(max_examples=60, derandomize=True, deadline=None)


def softmax(z):
    e = np.exp(z - np.max(z))
    return e / e.sum()


@st.composite
def logits_and_soft_target(draw):
    """K logits in [-20, 20] and a probability vector over K classes with some zeros (a soft target)."""
    k = draw(st.integers(2, 8))
    z = np.array(draw(st.lists(st.floats(-20, 20), min_size=k, max_size=k)))
    weights = np.array(draw(st.lists(st.sampled_from([0.0, 0.05, 0.1, 0.3, 1.0, 2.5]), min_size=k, max_size=k)))
    weights[draw(st.integers(0, k - 1))] += 1.0
    return z, weights / weights.sum()


@PROPERTY
@given(logits_and_soft_target())
def test_the_jacobian_road_is_p_minus_y(case):
    """J^T (-y/p) = p - y for any logits and any target summing to 1 (one-hot or soft)."""
    z, y = case
    p = softmax(z)
    chain = core.dlogits_via_jacobian(p, core.dloss_dprobs(p, y))
    np.testing.assert_allclose(chain, p - y, atol=1e-12)


@PROPERTY
@given(logits_and_soft_target())
def test_jacobian_entries_equal_central_differences(case):
    """dp_i/dz_j by central differences of softmax, against the Jacobian's two cases."""
    z, _ = case
    h, k = 1e-6, len(z)
    numeric = np.array([(softmax(z + h * np.eye(k)[j]) - softmax(z - h * np.eye(k)[j])) / (2 * h)
                        for j in range(k)]).T
    np.testing.assert_allclose(core.softmax_jacobian(softmax(z)), numeric, atol=1e-9)


def test_three_class_jacobian_against_central_differences_and_its_two_cases():
    sm = Solution(load(str(ROOT / "scenarios" / "three_class.yaml"))).softmax
    z, h = np.array([2.0, 1.0, 0.0]), 1e-6
    numeric = np.array([(softmax(z + h * e) - softmax(z - h * e)) / (2 * h) for e in np.eye(3)]).T
    np.testing.assert_allclose(sm.jacobian, numeric, atol=1e-9)
    p = softmax(z)
    assert sm.jacobian[0][0] == pytest.approx(p[0] * (1 - p[0]), abs=1e-15)
    assert sm.jacobian[0][1] == pytest.approx(-p[0] * p[1], abs=1e-15)
    np.testing.assert_allclose(sm.jacobian, sm.jacobian.T, atol=0)
    np.testing.assert_allclose(sm.jacobian.sum(axis=1), 0, atol=1e-15)


def _gap_scenario(tmp_path, gap):
    """Three logits 0, -gap/2, -gap (as biases), the target on the lowest."""
    file = tmp_path / f"gap_{gap:g}.yaml"
    file.write_text(f"input: [1]\nlayers:\n  - {{name: out, weights: [[0], [0], [0]], bias: [0, {-gap / 2!r}, "
                    f"{-gap!r}], activation: softmax}}\ntarget: [0, 0, 1]\nlearning_rate: 0.1\n")
    return file


def _strict(text):
    def refuse(token):
        raise AssertionError(f"{token} in check --json")
    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("gap", [0, 1, 10, 100, 500, 700, 740, 745, 746, 750, 800, 1000, 1500, 2000])
def test_logit_gaps_up_to_2000_give_finite_loss_and_gradients(gap, tmp_path, capsys):
    """`check` and `check --json` succeed without NumPy warnings; the loss and every gradient are finite and equal
    log-sum-exp and p - y computed here; what float64 cannot hold is null with a warning, and 'overflows' in text."""
    file = str(_gap_scenario(tmp_path, gap))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert main(["check", file, "--json"]) == 0
        data = _strict(capsys.readouterr().out)
        assert main(["check", file]) == 0
        text = capsys.readouterr().out
    z = np.array([0.0, -gap / 2, -gap])
    lse = math.log(sum(math.exp(v) for v in z))             # the max is 0: no term overflows
    assert data["loss"] == pytest.approx(gap + lse, rel=1e-15, abs=1e-15)
    out = data["layers"]["out"]
    p = np.exp(z - lse)
    np.testing.assert_allclose(out["dz"], p - [0, 0, 1], atol=1e-15)
    np.testing.assert_allclose(out["dW"], np.outer(p - [0, 0, 1], [1]), atol=1e-15)
    for field in ("dz", "dW", "db", "W_new", "b_new"):
        assert np.all(np.isfinite(np.array(out[field], dtype=float))), field
    assert np.all(np.isfinite(data["dx"])) and math.isfinite(data["loss_after"])
    with np.errstate(over="ignore", divide="ignore"):
        underflowed = not np.isfinite(1.0 / p[2])
    assert (data["softmax"]["dp"][2] is None) == (out["da"][2] is None) == underflowed
    assert ("overflows" in text) == underflowed
    assert any("softmax.dp[2]" in w and "layers.out.da[2]" in w for w in data["warnings"]) == underflowed
    if not underflowed:
        np.testing.assert_allclose(data["softmax"]["dz_chain"], p - [0, 0, 1], rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("file", SCENARIOS, ids=lambda f: f.stem)
def test_worked_exponentials_give_the_probabilities(file):
    """e/S = p for every scenario: the terms a worked example writes (shifted when they would not fit)."""
    sm = Solution(load(str(file))).softmax
    p = Solution(load(str(file))).probabilities
    np.testing.assert_allclose(sm.exp / np.asarray(sm.sum)[..., None], p, rtol=1e-13, atol=0)


@pytest.mark.parametrize("logits, shifted", [([-749.3, -745.0, -747.2], True), ([1000.0, 999.0, 0.0], True),
                                             ([2.0, 1.0, 0.0], False), ([700.0, 0.0, -700.0], False)])
def test_exponentials_shift_only_where_a_term_would_not_fit(logits, shifted, tmp_path):
    """Below e^-708 (subnormal) or near e^709 (overflow) the worked terms are e^(z - max z), and check says so."""
    file = tmp_path / "s.yaml"
    file.write_text(f"input: [1]\nlayers:\n  - {{name: out, weights: [[0], [0], [0]], bias: {logits}, "
                    "activation: softmax}\ntarget: [1, 0, 0]\nlearning_rate: 0.1\n")
    solution = Solution(load(str(file)))
    z = np.array(logits)
    assert solution.softmax.shift == (z.max() if shifted else 0.0)
    np.testing.assert_allclose(solution.softmax.exp, np.exp(z - (z.max() if shifted else 0.0)), rtol=1e-15)
    np.testing.assert_allclose(solution.softmax.exp / solution.softmax.sum, softmax(z), rtol=1e-13)


def test_a_scenario_can_turn_the_section_off(tmp_path, capsys):
    text = (ROOT / "scenarios" / "soft_target.yaml").read_text() + "sections: {why: false}\n"
    (tmp_path / "off.yaml").write_text(text)
    scenario = load(str(tmp_path / "off.yaml"))
    assert [s.name for s in storyboard.sections(Solution(scenario))] == ["setup", "forward", "softmax", "backward", "update"]
    assert storyboard.heading("backward", Solution(scenario)).startswith("4 ·")
    assert storyboard.heading("backward", Solution(load(str(ROOT / "scenarios" / "soft_target.yaml")))).startswith("5 ·")
    assert main(["check", str(tmp_path / "off.yaml")]) == 0
    assert "Why p - y" not in capsys.readouterr().out


def test_the_sections_field_takes_only_true_or_false_for_known_sections(tmp_path, capsys):
    base = (ROOT / "scenarios" / "soft_target.yaml").read_text()
    for extra, message in (("sections: {why: maybe}\n", "sections.why: expected true or false"),
                           ("sections: {wyh: false}\n", "did you mean 'why'")):
        (tmp_path / "bad.yaml").write_text(base + extra)
        assert main(["check", str(tmp_path / "bad.yaml")]) == 2
        assert message in capsys.readouterr().err


def test_check_text_walks_both_roads(capsys):
    assert main(["check", str(ROOT / "scenarios" / "three_class.yaml")]) == 0
    out = capsys.readouterr().out
    assert "∂L/∂p₁ = -1/0.665 ≈ -1.503" in out and "∂L/∂z = p - y = (-0.335, 0.245, 0.090)" in out
    assert "∂p/∂z = [0.223, -0.163, -0.060; -0.163, 0.185, -0.022; -0.060, -0.022, 0.082]" in out
    order = [out.index(h) for h in ("\nSoftmax and loss", "\nWhy p - y", "\nBackward")]
    assert order == sorted(order)


def test_rendering_a_section_the_scenario_turns_off_is_a_one_line_error(tmp_path, capsys):
    text = (ROOT / "scenarios" / "soft_target.yaml").read_text() + "sections: {why: false}\n"
    (tmp_path / "off.yaml").write_text(text)
    assert main(["render", str(tmp_path / "off.yaml"), "--section", "why", "-o", str(tmp_path / "x.mp4")]) == 2
    assert "turns section 'why' off" in capsys.readouterr().err and not (tmp_path / "x.mp4").exists()


@pytest.mark.parametrize("file", SCENARIOS, ids=lambda p: p.stem)
def test_a_bengali_scenario_writes_no_english_words_in_its_formulas(file, tmp_path):
    """pdfLaTeX cannot set Bengali, so a formula of a Bengali scenario says in symbols what an English one says in
    words (the overflow lines, the batch's orientation, `symmetric`), and no `\\text{...}` is left to show English."""
    import re
    from lesson.batch import BatchWorked
    text = re.sub(r"(?m)^language:.*$", "", file.read_text(encoding="utf-8")) + "\nlanguage: bn\n"
    (tmp_path / file.name).write_text(text, encoding="utf-8")
    solution = Solution(load(str(tmp_path / file.name)))
    latex = [f.latex() for _, f in Why(solution).lines()]
    if solution.scenario.batched:
        latex += [line for i in range(len(solution.scenario.layers)) for line in BatchWorked(solution).orientation(i)]
    english = [t for t in latex if re.search(r"\\text\{[^}]*[A-Za-z]", t)]
    assert not english
    assert len(latex) >= 8


@pytest.mark.parametrize("file", SCENARIOS, ids=lambda p: p.stem)
def test_the_jacobian_road_lands_on_p_minus_y_through_sum_y_equals_1(file):
    """Every scenario's why section walks the product to its end: the ratios it strikes out are x/x, the line that
    remains is the same line without them, and the landing says sum y = 1 with this target's own numbers, which do
    sum to 1, before dL/dz = p - y is written with the numbers of the backward pass."""
    import re
    from lesson.why import Cancelling
    solution = Solution(load(str(file)))
    why = Why(solution)
    [collapse] = [step for step in why.steps() if step.name == "collapse"]
    [cancel] = [line for line in collapse.lines if isinstance(line, Cancelling)]
    assert cancel.gone and all(re.fullmatch(r"\\frac\{(\w+)\}\{\1\}", cancel.pieces[k]) for k in cancel.gone)
    assert cancel.value == "".join(p for k, p in enumerate(cancel.pieces) if k not in cancel.gone)
    ends = collapse.lines[-1].latex()
    assert re.search(r"\\sum_i y_i = (.+) = 1 \\;\\Rightarrow\\; .*= .*p_j - y_j", ends), ends
    y = np.atleast_2d(solution.scenario.target)[0]
    terms = re.search(r"\\sum_i y_i = (.+) = 1 ", ends).group(1).split(" + ")
    assert np.allclose([float(t) for t in terms], y) and math.isclose(sum(float(t) for t in terms), 1.0)
    dz = np.atleast_2d(solution.layers[solution.scenario.layers[-1].name].dz)[0]
    shown = {int(re.search(r"\[(\d+)\]$", str(s.quantity)).group(1)): s.value for s in collapse.landing.shows}
    assert shown and all(math.isclose(value, dz[i], rel_tol=1e-12) for i, value in shown.items())

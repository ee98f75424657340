"""The explainer scene, built section by section without video: what it draws, the numbers it shows, its layout.

Every number recorded on screen is held against the core's own trace (Network.step), read here independently of
the worked-solution code that wrote it; every text stays inside the frame and clear of every other text and of
every neuron but its own.
"""
import json
import re
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest

from lesson import review
from lesson.export import as_json
from lesson.scenario import load
from lesson.solution import Solution
from lesson.storyboard import NAMES as SECTIONS
from printed import agrees, half_unit
from scene_probe import build, label

ROOT = Path(__file__).resolve().parents[1]
FILES = [ROOT / "scenarios" / f for f in ("three_class.yaml", "network_3_2_2.yaml", "batch.yaml", "soft_target.yaml",
                                          "huge_logits.yaml")] + \
        [ROOT / "tests" / "scenarios" / "deep.yaml"]
FRAME = (7.111, 4.0)


@pytest.fixture(scope="session")
def media(tmp_path_factory):
    """One media folder for all scenes, so a formula two scenes share is typeset once."""
    return tmp_path_factory.mktemp("scenes")


@pytest.fixture(scope="module", params=FILES, ids=lambda p: p.stem)
def built(request, media):
    return load(str(request.param)), build(str(request.param), media)


def _truth(scenario):
    """The core's trace of the sample the video draws (the first of a batch), and of the whole batch."""
    network = scenario.network()
    x, y = (scenario.input[0], scenario.target[0]) if scenario.batched else (scenario.input, scenario.target)
    sample = _arrays(scenario, network, network.step(x, y, scenario.learning_rate), x, y)
    whole = network.step(scenario.input, scenario.target, scenario.learning_rate)
    return sample, _arrays(scenario, network, whole, scenario.input, scenario.target) if scenario.batched else {}


def _arrays(scenario, network, step, x, y):
    """Every quantity's true array by path head, from the core's step; the softmax road from its textbook formulas."""
    out = {("input",): x, ("target",): y, ("learning_rate",): scenario.learning_rate, ("loss",): step.before.loss,
           ("sample_losses",): step.before.losses,
           ("probabilities",): step.before.probs, ("probabilities_after",): step.after.probs,
           ("loss_after",): step.after.loss, ("dx",): step.grads.dx}
    for at, (old, new) in enumerate(zip(network.layers, step.network.layers)):
        f, g, after = step.before.layers[at], step.grads.layers[at], step.after.layers[at]
        fields = {"W": old.W, "b": old.b, "z": f.z, "a": f.a, "da": g.da, "dz": g.dz, "dW": g.dW, "db": g.db,
                  "W_new": new.W, "b_new": new.b, "a_after": after.a,
                  "z_computed": f.z - (old.offset if old.offset is not None else 0)}
        out |= {("layers", old.name, k): v for k, v in fields.items()}
    z, p, n = step.before.layers[-1].z, step.before.probs, len(x) if np.ndim(x) == 2 else 1
    with np.errstate(over="ignore", divide="ignore"):
        plain = np.exp(z)
        wild = ~np.all((plain >= np.finfo(float).tiny) & np.isfinite(plain), axis=-1) | \
            ~np.isfinite(np.sum(plain, axis=-1))
        shift = np.where(wild, np.max(z, axis=-1), 0.0)
        e = np.exp(z - shift[..., None])
        dp = -np.where(y != 0, y / np.where(y != 0, p, 1.0), 0.0) / n
    jacobian = np.einsum("...i,ij->...ij", p, np.eye(p.shape[-1])) - p[..., :, None] * p[..., None, :]
    out |= {("softmax", "exp"): e, ("softmax", "sum"): e.sum(axis=-1), ("softmax", "shift"): shift,
            ("softmax", "jacobian"): jacobian, ("softmax", "dp"): dp, ("softmax", "dz_chain"): (p - y) / n,
            ("softmax", "p_minus_y"): p - y}
    return out


GIVEN = {"input", "target", "learning_rate", "W", "b"}       # written as the author wrote them


def _expected(quantity, scenario, truth):
    """(true value, written as given?) of a recorded quantity, read from the core's step, not the worked lines:
    the drawn sample's, or the batch's when the path has more indices than the sample's array has axes."""
    parts = quantity.parts
    head = parts[:3] if parts[0] == "layers" else parts[:2] if parts[0] == "softmax" else parts[:1]
    index = parts[len(head):]
    sample, batch = truth
    array = np.asarray(sample[head])
    if len(index) > array.ndim:
        array = np.asarray(batch[head])
    field = head[-1]
    given = field in GIVEN or (field == "z" and head[0] == "layers" and
                               next(l for l in scenario.layers if l.name == head[1]).stated_z is not None)
    return array[tuple(index)], given


def test_every_neuron_and_edge_is_drawn(built):
    scenario, snaps = built
    sizes = [scenario.input.shape[-1]] + [s.weights.shape[0] for s in scenario.layers]
    for snap in snaps:
        assert len(snap.circles) == sum(sizes), snap.section
        assert snap.edges == sum(a * b for a, b in zip(sizes, sizes[1:])), snap.section
    assert [s.section for s in snaps] == list(SECTIONS)


def test_every_number_shown_is_the_cores(built):
    """Each recorded number equals the core's value: exactly as given, or rounded to a display precision."""
    scenario, snaps = built
    truth = _truth(scenario)
    checked = 0
    for snap in snaps:
        for shown in snap.record.shown:
            true, given = _expected(shown.quantity, scenario, truth)
            assert shown.value == pytest.approx(float(true), abs=1e-12), (str(shown.quantity), shown.value)
            if given:
                assert float(shown.text) == pytest.approx(float(true), abs=1e-12), (str(shown.quantity), shown.text)
            else:
                decimals = len(shown.text.split(".")[1]) if "." in shown.text else 0
                assert decimals in (scenario.precision, scenario.update_precision) or \
                    (snap.section == "why" and decimals > scenario.precision), (str(shown.quantity), shown.text)
                assert agrees(float(true), shown.text), (str(shown.quantity), shown.text, true)
            checked += 1
    assert checked > 20


def _typeset_numbers(strings):
    """Every number written in the strings, also read with a minus before it ("1 - 0.3" has 0.3 and -0.3), as a
    sum's terms pull their sign out."""
    read = lambda s: set(re.findall(r"-?\d+(?:\.\d+)?", s))
    return {n for s in strings for n in read(s) | read(re.sub(r"-\s+(?=\d)", "-", s))}


def test_every_recorded_number_is_on_screen(built):
    """The record says what was typeset: each text is a number written in a formula or label of its section."""
    _, snaps = built
    for snap in snaps:
        numbers = _typeset_numbers(snap.seen)
        for shown in snap.record.shown:
            assert shown.text in numbers, (snap.section, str(shown.quantity), shown.text)


def _written_out(snaps, field):
    """(right-hand side as Python arithmetic, value) of each written-out formula of a layer field shown."""
    for snap in snaps:
        for formula, mob in snap.said:
            parts = formula.quantity.parts if formula.quantity else ()
            if len(parts) > 3 and parts[2] == field and r"\cdot" in label(mob):
                rhs = re.sub(r"&|\\\\|\\quad", "", label(mob).split("=")[1]).replace(r"\cdot", "*")
                yield rhs, formula.value


def test_written_out_sums_add_up_to_the_value_they_end_with(built):
    """z = w1 a1 + ... + b, written with the rounded activations of the layer before, gives its value."""
    _, snaps = built
    for rhs, value in _written_out(snaps, "z"):
        weights = [abs(float(w)) for w in re.findall(r"(-?[\d.]+) \*", rhs)]
        total = eval(rhs, {"__builtins__": {}})
        assert abs(total - float(value)) <= half_unit(value) + 0.0005 * sum(weights) + 1e-12, (rhs, value)


def test_written_out_updates_give_the_new_weight(built):
    """w - eta * dL/dw, with the gradient as written, rounds to the new weight shown."""
    _, snaps = built
    lines = list(_written_out(snaps, "W_new"))
    assert lines
    for rhs, value in lines:
        assert abs(eval(rhs, {"__builtins__": {}}) - float(value)) <= 2 * half_unit(value), (rhs, value)


def _overlap(a, b, slack=0.01):
    return min(a[2], b[2]) - max(a[0], b[0]) > slack and min(a[3], b[3]) - max(a[1], b[1]) > slack


def test_texts_stay_in_frame_and_apart(built):
    _, snaps = built
    for snap in snaps:
        for text, (left, bottom, right, top) in snap.texts:
            assert -FRAME[0] <= left and right <= FRAME[0] and -FRAME[1] <= bottom and top <= FRAME[1], \
                (snap.section, text)
        for (t1, b1), (t2, b2) in combinations(snap.texts, 2):
            assert not _overlap(b1, b2), (snap.section, t1, t2)


def test_texts_clear_every_neuron_but_their_own(built):
    _, snaps = built
    for snap in snaps:
        for text, box in snap.texts:
            cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
            for x, y, r in snap.circles:
                inside = (cx - x) ** 2 + (cy - y) ** 2 < r * r
                nearest_x, nearest_y = np.clip(x, box[0], box[2]), np.clip(y, box[1], box[3])
                touches = (nearest_x - x) ** 2 + (nearest_y - y) ** 2 < (r - 0.01) ** 2
                assert inside or not touches, (snap.section, text, (x, y))


def _check_json(file):
    """`check --json` of the file, parsed strictly (NaN or Infinity would fail here)."""
    solution = Solution(load(str(file)))
    text = json.dumps(as_json(solution, review.claims(solution), review.warnings(solution)), allow_nan=False)
    return json.loads(text)


def _at(data, quantity):
    for part in quantity.parts:
        data = data[part]
    return data


def _why(snaps):
    return next(s for s in snaps if s.section == "why")


def test_why_shows_numbers_as_check_json_has_them(built):
    """Every number of the Jacobian section is the one `check --json` gives under the same path."""
    scenario, snaps = built
    data = _check_json(scenario.file)
    shown = _why(snaps).record.shown
    assert len(shown) > 10
    for s in shown:
        expected = _at(data, s.quantity)
        assert expected is not None and s.value == pytest.approx(expected, abs=1e-12), (str(s.quantity), s.value)


def test_why_shows_the_whole_jacobian_road_of_three_class(built):
    scenario, snaps = built
    if Path(scenario.file).name != "three_class.yaml":
        pytest.skip("the whole road is asserted for the 3-class scenario")
    quantities = {str(s.quantity) for s in _why(snaps).record.shown}
    road = {f"softmax.jacobian[{i}][{j}]" for i in range(3) for j in range(3)} | \
        {f"softmax.{field}[{i}]" for field in ("dp", "dz_chain") for i in range(3)}
    assert road <= quantities, road - quantities


def test_why_lands_on_the_p_minus_y_of_the_backward_section(built):
    """The last vector of the section is the output layer's dL/dz, as the backward section writes it."""
    scenario, snaps = built
    out = scenario.layers[-1].name
    landing = [s for s in _why(snaps).record.shown if s.quantity.parts[:3] == ("layers", out, "dz")]
    k = len(scenario.layers[-1].bias)
    if scenario.batched:        # sample 1's row of (P - Y)/N, then the whole matrix; against check --json above
        assert {s.quantity.parts[3:] for s in landing} == set(np.ndindex(len(scenario.input), k))
        return
    assert len(landing) == min(k, 5)          # a longer vector shows its first four entries, dots and the last
    assert any("p - y" in t and (r"\dots" in t) == (k > 6) for t in _why(snaps).seen)
    backward = {str(s.quantity): s for s in next(s for s in snaps if s.section == "backward").record.shown}
    for s in landing:
        assert (s.value, s.text) == (backward[str(s.quantity)].value, backward[str(s.quantity)].text)


def test_why_says_where_the_chain_road_overflows(built):
    """With p of the true class 0 in float64, -y/p and the chain product are words on screen, never numbers."""
    scenario, snaps = built
    broken = not np.all(np.isfinite(Solution(scenario).softmax.dp))
    why = _why(snaps)
    quantities = {str(s.quantity) for s in why.record.shown}
    words = " ".join(why.seen)
    assert ("overflows" in words and "no value" in words) == broken
    if broken:
        assert not any(q.startswith("softmax.dz_chain") for q in quantities)
        assert all(np.isfinite(s.value) for s in why.record.shown)

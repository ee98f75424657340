"""The explainer scene, built section by section without video: what it draws, the numbers it shows, its layout.

Every number recorded on screen is held against the core's own trace (Network.step), read here independently of
the worked-solution code that wrote it; every text stays inside the frame and clear of every other text and of
every neuron but its own.
"""
import re
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest

from lesson.scenario import SECTIONS, load
from printed import agrees, half_unit
from scene_probe import build

ROOT = Path(__file__).resolve().parents[1]
FILES = [ROOT / "scenarios" / f for f in ("three_class.yaml", "three_class_bn.yaml", "network_3_2_2.yaml",
                                          "batch.yaml")] + \
        [ROOT / "tests" / "scenarios" / "deep.yaml"]
NUMBER = re.compile(r"(?<![\w^_{])-?\d+(?:\.\d+)?")
FRAME = (7.111, 4.0)


@pytest.fixture(scope="session")
def media(tmp_path_factory):
    """One media folder for all scenes, so a formula two scenes share is typeset once."""
    return tmp_path_factory.mktemp("scenes")


@pytest.fixture(scope="module", params=FILES, ids=lambda p: p.stem)
def built(request, media):
    return load(str(request.param)), build(str(request.param), media)


def _truth(scenario):
    """The core's trace of the sample the video draws (the first of a batch)."""
    x, y = (scenario.input[0], scenario.target[0]) if scenario.batched else (scenario.input, scenario.target)
    network = scenario.network()
    return network, network.step(x, y, scenario.learning_rate), x


def _expected(about, scenario, truth):
    """(true value or array, how it is written: 'given', 'computed' or 'update') for a recorded quantity."""
    network, step, x = truth
    kind, rest = about[0], about[1:]
    layer = lambda name, trace: next(l for l in trace.layers if l.name == name)
    params = lambda net, name: next(l for l in net.layers if l.name == name)
    spec = lambda name: next(s for s in scenario.layers if s.name == name)
    table = {
        "x": lambda: (x[rest[0]] if rest else x, "given"),
        "eta": lambda: (scenario.learning_rate, "given"),
        "W": lambda: (spec(rest[0]).weights, "given"),
        "b": lambda: (spec(rest[0]).bias, "given"),
        "z": lambda: (layer(rest[0], step.before).z[rest[1]],
                      "given" if spec(rest[0]).stated_z is not None else "computed"),
        "z_computed": lambda: (layer(rest[0], step.before).z - params(network, rest[0]).offset,
                               "computed"),
        "a": lambda: (layer(rest[0], step.before).a[rest[1]], "computed"),
        "exp": lambda: (np.exp(step.before.layers[-1].z[rest[0]]), "computed"),
        "sum": lambda: (np.sum(np.exp(step.before.layers[-1].z)), "computed"),
        "p": lambda: (step.before.probs[rest[0]], "computed"),
        "loss": lambda: (step.before.loss, "computed"),
        "dz": lambda: (layer(rest[0], step.grads).dz[rest[1]], "computed"),
        "da": lambda: (layer(rest[0], step.grads).da[rest[1]], "computed"),
        "dW": lambda: (layer(rest[0], step.grads).dW[rest[1:]] if len(rest) > 1 else layer(rest[0], step.grads).dW,
                       "computed"),
        "db": lambda: (layer(rest[0], step.grads).db[rest[1:]] if len(rest) > 1 else layer(rest[0], step.grads).db,
                       "computed"),
        "W_new": lambda: (params(step.network, rest[0]).W[rest[1:]] if len(rest) > 1
                          else params(step.network, rest[0]).W, "update"),
        "b_new": lambda: (params(step.network, rest[0]).b[rest[1:]] if len(rest) > 1
                          else params(step.network, rest[0]).b, "update"),
        "a_after": lambda: (layer(rest[0], step.after).a[rest[1]], "computed"),
        "p_after": lambda: (step.after.probs[rest[0]], "computed"),
        "loss_after": lambda: (step.after.loss, "computed"),
    }
    return table[kind]()


def _numbers(tex):
    """The numbers written in a formula, in order, leaving out sub/superscripts such as W_{11} or z^{(1)}."""
    tex = re.sub(r"[_^]\{[^{}]*\}|[_^]\w", "", tex.replace(r"\left", "").replace(r"\right", ""))
    return NUMBER.findall(tex)


def test_every_neuron_and_edge_is_drawn(built):
    scenario, snaps = built
    sizes = [scenario.input.shape[-1]] + [s.weights.shape[0] for s in scenario.layers]
    for snap in snaps:
        assert len(snap.circles) == sum(sizes), snap.section
        assert snap.edges == sum(a * b for a, b in zip(sizes, sizes[1:])), snap.section
    assert [s.section for s in snaps] == list(SECTIONS)


def test_every_number_shown_is_the_cores(built):
    scenario, snaps = built
    truth = _truth(scenario)
    digits = {"computed": scenario.precision, "update": scenario.update_precision}
    checked = 0
    for snap in snaps:
        for _, about, value, mob in snap.shown:
            true, style = _expected(about, scenario, truth)
            written = _numbers(value)
            assert written, (about, value)
            assert value in mob.tex_string or all(n in mob.tex_string for n in written), (about, value)
            flat = np.ravel(true)
            if len(written) != len(flat):           # a large matrix shown with dots: its corners are shown
                assert len(written) < len(flat) and "dots" in value, (about, value)
                flat = np.concatenate([flat[:1], flat[-1:]])
                written = [written[0], written[-1]]
            for shown, t in zip(written, flat):
                if style == "given":
                    assert float(shown) == pytest.approx(t, abs=1e-12), (about, shown, t)
                else:
                    assert len(shown.split(".")[1]) == digits[style] and agrees(t, shown), (about, shown, t)
                checked += 1
    assert checked > 20


def _written_out(snaps, kind):
    """(right-hand side as Python arithmetic, value) of each written-out formula of the kind shown."""
    for snap in snaps:
        for _, about, value, mob in snap.shown:
            if about[0] == kind and len(about) > 2 and r"\cdot" in mob.tex_string:
                rhs = re.sub(r"&|\\\\|\\quad", "", mob.tex_string.split("=")[1]).replace(r"\cdot", "*")
                yield rhs, value


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

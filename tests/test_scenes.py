"""The explainer scene, built section by section without video: what it draws, the numbers it shows, its layout.

Every number recorded on screen is held against the core's own trace (Network.step), read here independently of
the worked-solution code that wrote it; every text stays inside the frame and clear of every other text and of
every neuron but its own.
"""
import json
import re
import subprocess
import sys
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings

from lesson import storyboard
from lesson.record import KINDS
from lesson.scenario import load
from lesson.solution import Solution
from check_json import at
from printed import agrees, half_unit
from scene_probe import build, label
from test_fuzz import valid
from scenes import theme

ROOT = Path(__file__).resolve().parents[1]
FILES = [ROOT / "tests" / "scenarios" / f"{name}.yaml" for name in ("deep", "stated_z")] + \
        [ROOT / "scenarios" / f"{name}.yaml" for name in ("three_class", "three_class_bn", "network_3_2_2", "batch",
                                                         "batch_3_2_2", "train_3_2_2", "soft_target", "huge_logits")]
# the deep scene first: the longest build starts at once, while the other worker takes everything else
FRAME = (7.111, 4.0)


@pytest.fixture(scope="session")
def media(tmp_path_factory):
    """One media folder for all scenes, so a formula two scenes share is typeset once."""
    return tmp_path_factory.mktemp("scenes")


pytestmark = pytest.mark.render


@pytest.fixture(scope="module", params=[pytest.param(f, id=f.stem, marks=pytest.mark.xdist_group(f.stem)) for f in FILES])
def built(request, media):
    """Each scenario's scene, built once: its tests run together on one worker (xdist_group)."""
    return load(str(request.param)), build(str(request.param), media)


@pytest.fixture(scope="module")
def checked(built):
    """`check --json` of the same file, run as a user would."""
    scenario, _ = built
    result = subprocess.run([sys.executable, "render.py", "check", scenario.file, "--json"], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def _fixed(value, digits):
    text = f"{value:.{digits}f}"
    return text[1:] if re.fullmatch(r"-0\.?0*", text) else text


def _truth(scenario):
    """The core's own training run of the scenario (its first step is the lesson's step)."""
    network = scenario.network()
    return network, network.train(scenario.input, scenario.target, scenario.learning_rate, scenario.steps), \
        scenario.input, scenario.target


GIVEN = {"input", "target", "learning_rate", "W", "b"}       # written as the author wrote them


def _expected(quantity, scenario, truth):
    """(true value, written as given?) of a recorded quantity, read from the core's step, not the worked lines."""
    network, steps, x, y = truth
    step = steps[0]
    head, *rest = quantity.parts
    if head == "training":
        return _trained(rest, steps, y), False
    if head == "layers":
        name, field, *index = rest
        at = [l.name for l in network.layers].index(name)
        old, new = network.layers[at], step.network.layers[at]
        f, g, after = step.before.layers[at], step.grads.layers[at], step.after.layers[at]
        arrays = {"W": old.W, "b": old.b, "z": f.z, "a": f.a, "da": g.da, "dz": g.dz, "dW": g.dW, "db": g.db,
                  "W_new": new.W, "b_new": new.b, "a_after": after.a,
                  "dW_samples": np.einsum("ni,nj->nij", np.atleast_2d(g.dz), np.atleast_2d(f.inputs)),
                  "z_computed": f.z - (old.offset if old.offset is not None else 0), "offset": old.offset}
        given = field in GIVEN or (field == "z" and scenario.layers[at].stated_z is not None)
        return np.asarray(arrays[field])[tuple(index)], given
    arrays = {"input": x, "target": y, "learning_rate": scenario.learning_rate, "loss": step.before.loss,
              "probabilities": step.before.probs, "probabilities_after": step.after.probs,
              "loss_after": step.after.loss, "dx": step.grads.dx,
              "sample_losses": step.before.losses,
              "history": [s.before.loss for s in steps] + [steps[-1].after.loss]}
    if head == "softmax":
        return np.asarray(_softmax_road(step, x, y)[rest[0]])[tuple(rest[1:])], False
    return np.asarray(arrays[head])[tuple(rest)], head in GIVEN


def _softmax_road(step, x, y):
    """The softmax quantities from their textbook formulas: e^(z - shift) with the shift a worked example needs,
    the Jacobian diag(p) - p p^T, dL/dp = -y/p and the chain product, each divided by N in a batch."""
    z, p = step.before.layers[-1].z, step.before.probs
    n = len(x) if np.ndim(x) == 2 else 1
    with np.errstate(over="ignore", divide="ignore"):
        plain = np.exp(z)
        wild = ~np.all((plain >= np.finfo(float).tiny) & np.isfinite(plain), axis=-1) | \
            ~np.isfinite(np.sum(plain, axis=-1))
        shift = np.where(wild, np.max(z, axis=-1), 0.0)
        e = np.exp(z - shift[..., None])
        dp = -np.where(y != 0, y / np.where(y != 0, p, 1.0), 0.0) / n
    jacobian = np.einsum("...i,ij->...ij", p, np.eye(p.shape[-1])) - p[..., :, None] * p[..., None, :]
    return {"exp": e, "sum": e.sum(axis=-1), "shift": shift, "jacobian": jacobian, "dp": dp,
            "dz_chain": (p - y) / n, "p_minus_y": p - y}


def _trained(rest, steps, y):
    """A training quantity from the core's steps: the loss, p of the true class, where the parameters end."""
    field, *index = rest
    if field == "layers":
        name, kind, *index = index
        params = next(l for l in steps[-1].network.layers if l.name == name)
        return np.asarray(getattr(params, kind))[tuple(index)]
    probs = [s.before.probs for s in steps] + [steps[-1].after.probs]
    p_true = [np.sum(np.asarray(p) * (np.asarray(y) == np.max(y, axis=-1, keepdims=True)), axis=-1) for p in probs]
    return np.asarray({"p_true": p_true, "loss": [s.before.loss for s in steps] + [steps[-1].after.loss],
                       "probabilities": probs[-1]}[field])[tuple(index)]


def test_every_neuron_and_edge_is_drawn(built):
    scenario, snaps = built
    sections = ["setup", "forward", "softmax"] + ["why"] * scenario.sections.get("why", True) + \
        ["backward", "update"] + ["training"] * (scenario.steps > 1)
    sizes = [scenario.input.shape[-1]] + [s.weights.shape[0] for s in scenario.layers]
    for snap in snaps:
        if snap.section == "training":          # the graph gives way to the curves
            assert snap.edges == 0
            continue
        assert len(snap.circles) == sum(sizes), snap.section
        assert snap.edges == sum(a * b for a, b in zip(sizes, sizes[1:])), snap.section
    assert [s.section for s in snaps] == sections


def test_every_number_shown_is_in_check_json(built, checked):
    """The record of the scene, entry by entry, against `check --json` of the same file: the same value under the same
    path, written as given or at a display precision."""
    scenario, snaps = built
    count = 0
    for snap in snaps:
        for shown in snap.record.shown:
            value = at(checked, str(shown.quantity))
            assert shown.value == value, (str(shown.quantity), shown.value, value)
            written = {_fixed(value, scenario.precision), _fixed(value, scenario.update_precision), f"{value:.10g}"}
            if snap.section == "why":           # a worked product carries extra decimals so its arithmetic checks
                written.add(_fixed(value, len(shown.text.split(".")[-1])))
            assert shown.text in written, (str(shown.quantity), shown.text, written)
            count += 1
    assert count > 50


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
                rhs = re.split(r"=|\\approx", label(mob))[1]
                rhs = re.sub(r"&|\\\\|\\quad", "", rhs).replace(r"\cdot", "*")
                yield rhs, formula.value, formula.near


def test_written_out_sums_add_up_to_the_value_they_end_with(built):
    """z = w1 a1 + ... + b, written with the rounded activations of the layer before, gives its value."""
    _, snaps = built
    for rhs, value, _ in _written_out(snaps, "z"):
        weights = [abs(float(w)) for w in re.findall(r"(-?[\d.]+) \*", rhs)]
        total = eval(rhs, {"__builtins__": {}})
        assert abs(total - float(value)) <= half_unit(value) + 0.0005 * sum(weights) + 1e-12, (rhs, value)


def test_written_out_updates_give_the_new_weight(built):
    """w - eta * dL/dw, with the gradient as the backward pass wrote it, rounds to the new weight shown after "=";
    after "≈" it misses it by no more than eta times the gradient's rounding."""
    scenario, snaps = built
    lines = list(_written_out(snaps, "W_new"))
    assert lines
    for rhs, value, near in lines:
        miss = abs(eval(rhs, {"__builtins__": {}}) - float(value))
        assert (miss > half_unit(value) + 1e-12) == near, (rhs, value)
        assert miss <= half_unit(value) + scenario.learning_rate * 0.5 * 10.0 ** -scenario.precision, (rhs, value)


def test_every_number_is_legible_at_480p(built):
    """No text with a number in it is typeset smaller than the theme's minimum (digits 8 px tall at 480p)."""
    _, snaps = built
    for snap in snaps:
        for text, size in snap.sizes:
            if re.search(r"\d", re.sub(r"[_^]\{[^{}]*\}|[_^]\w", "", text)):
                assert size >= theme.MIN_FONT_SIZE - 1e-6, (snap.section, text, round(size, 1))


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


def _texts_by_neurons(snaps):
    """(section, text, box, neuron circle, whether the box's centre is inside it) for every text and every neuron on
    screen at each section's end."""
    for snap in snaps:
        for text, box in snap.texts:
            cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
            for x, y, r in snap.circles:
                yield snap.section, text, box, (x, y, r), (cx - x) ** 2 + (cy - y) ** 2 < r * r


def test_texts_clear_every_neuron_but_their_own(built):
    for section, text, box, (x, y, r), inside in _texts_by_neurons(built[1]):
        nearest_x, nearest_y = np.clip(x, box[0], box[2]), np.clip(y, box[1], box[3])
        touches = (nearest_x - x) ** 2 + (nearest_y - y) ** 2 < (r - 0.01) ** 2
        assert inside or not touches, (section, text, (x, y))


def _paths(name, shape):
    return {name + "".join(f"[{i}]" for i in index) for index in np.ndindex(*shape)}


def test_a_batch_video_shows_the_whole_batch(built):
    """Every entry of X, P, Y, (P - Y)/N, dW, db, W_new and b_new, both losses and two samples' outer products."""
    scenario, snaps = built
    if not scenario.batched:
        return
    shown = {str(s.quantity) for snap in snaps for s in snap.record.shown}
    n, out = len(scenario.input), scenario.layers[-1]
    k = len(out.bias)
    wanted = _paths("input", scenario.input.shape) | _paths("probabilities", (n, k)) | _paths("target", (n, k)) | \
        _paths(f"layers.{out.name}.dz", (n, k)) | {"loss", "loss_after"}
    for spec in scenario.layers:
        wanted |= _paths(f"layers.{spec.name}.dW", spec.weights.shape) | _paths(f"layers.{spec.name}.W_new", spec.weights.shape)
        wanted |= _paths(f"layers.{spec.name}.db", spec.bias.shape) | _paths(f"layers.{spec.name}.b_new", spec.bias.shape)
        wanted |= _paths(f"layers.{spec.name}.dW_samples[0]", spec.weights.shape)
        wanted |= _paths(f"layers.{spec.name}.dW_samples[1]", spec.weights.shape)
    assert wanted <= shown, sorted(wanted - shown)[:10]


def test_the_training_section_plots_every_step(built, checked):
    """Every loss `check` lists is a point of the training curve, and each sample's true-class probability too."""
    scenario, snaps = built
    if scenario.steps == 1:
        return
    [training] = [s for s in snaps if s.section == "training"]
    shown = {str(s.quantity): s.value for s in training.record.plotted}
    assert [shown[f"history[{k}]"] for k in range(scenario.steps + 1)] == checked["history"]
    p_true = np.asarray(checked["training"]["p_true"])
    for index in np.ndindex(*p_true.shape):
        assert shown["training.p_true" + "".join(f"[{i}]" for i in index)] == p_true[index]


def _why(snaps):
    return next(s for s in snaps if s.section == "why")


def test_why_shows_numbers_as_check_json_has_them(built, checked):
    """Every number of the Jacobian section is the one `check --json` gives under the same path."""
    scenario, snaps = built
    shown = _why(snaps).record.shown
    assert len(shown) > 10
    for s in shown:
        expected = at(checked, str(s.quantity))
        assert expected is not None and s.value == pytest.approx(expected, abs=1e-12), (str(s.quantity), s.value)


def test_why_shows_the_whole_jacobian_road_of_a_small_sample(built):
    """A single sample with at most 4 classes and a finite road: every entry of J, dL/dp and the chain product."""
    scenario, snaps = built
    if scenario.batched or len(scenario.target) > 4 or not np.all(np.isfinite(Solution(scenario).softmax.dp)):
        return
    quantities = {str(s.quantity) for s in _why(snaps).record.shown}
    k = len(scenario.target)
    road = {f"softmax.jacobian[{i}][{j}]" for i in range(k) for j in range(k)} | \
        {f"softmax.{field}[{i}]" for field in ("dp", "dz_chain") for i in range(k)}
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
    assert len({str(s.quantity) for s in landing}) == min(k, 5)   # a longer vector: four entries, dots, the last
    assert any("p - y" in t and (r"\dots" in t) == (k > 6) for t in _why(snaps).seen)
    backward = {str(s.quantity): s for s in next(s for s in snaps if s.section == "backward").record.shown}
    for s in landing:
        assert (s.value, s.text) == (backward[str(s.quantity)].value, backward[str(s.quantity)].text)


def test_why_lands_through_sum_y_equals_1_in_every_video(built):
    """The record's why section holds the landing line: sum y = 1, so dL/dz_j = p_j - y_j."""
    scenario, snaps = built
    if not scenario.sections.get("why", True):
        return
    landed = [t.tex for t in _why(snaps).record.texts if re.search(r"\\sum_i y_i = .* = 1 \\;\\Rightarrow\\; .*p_j - y_j", t.tex)]
    assert len(landed) == 1


def test_each_step_says_its_own_idea(built):
    """As why reaches each road, and the backward pass a hidden layer, the caption gives way to that step's own
    sentence (unless the scenario words the section itself); each is drawn, once, as the record says."""
    scenario, snaps = built
    solution = Solution(scenario)
    for snap in snaps:
        steps = storyboard.step_captions(solution, snap.section)
        later = [" ".join(lines) for _, lines in snap.record.later_captions]
        assert set(later) <= set(steps.values()) and len(set(later)) == len(later), (snap.section, later)
        drawn = {t.tex for t in snap.record.texts if t.kind == "caption"}
        assert all(line in drawn for _, lines in snap.record.later_captions for line in lines), snap.section
        if snap.section == "why" and steps:
            assert len(later) >= 4
        if snap.section == "backward" and len(scenario.layers) > 1 and steps:
            assert later == [steps["hidden"]]


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


SAFE = (0.9 * 64 / 9 + 1e-4, 0.9 * 4 + 1e-4)     # the title-safe area: the central 90 % of width and height


def _live_together(a, b):
    return min(a.off, b.off) - max(a.on, b.on) > 1e-6


def test_the_record_accounts_for_every_text_on_screen(built):
    """Each text up after any animation is in the record, of a kind, shown whole inside its section's time; each
    number the record lists is shown by a text of the section that names its quantity."""
    _, snaps = built
    for snap in snaps:
        section = snap.record
        assert snap.seen <= {t.tex for t in section.texts}, (snap.section, snap.seen - {t.tex for t in section.texts})
        for t in section.texts:
            assert t.kind in KINDS and t.tex, (snap.section, t)
            assert section.start - 1e-9 <= t.on <= t.off <= section.end + 1e-9, (snap.section, t)
            assert t.box[0] < t.box[2] and t.box[1] < t.box[3], (snap.section, t)
        named = {p for t in section.texts for p in t.quantities}
        missing = {str(s.quantity) for s in section.shown} - named
        assert not missing, (snap.section, sorted(missing)[:5])


def _digits_tall_enough(snaps):
    """From the recorded boxes: a text that is a number alone is exactly as tall as its digits, and any text with a
    digit is at least as tall as the digit, so each must be 8 px or more in a 480-line frame (8 frame units)."""
    for snap in snaps:
        for t in snap.record.texts:
            if re.search(r"\d", re.sub(r"[_^]\{[^{}]*\}|[_^]\w", "", t.tex)):
                assert (t.box[3] - t.box[1]) * 480 / 8 >= 8, (snap.section, t.kind, t.tex)


def _inside_title_safe(snaps):
    for snap in snaps:
        for t in snap.record.texts:
            left, bottom, right, top = t.box
            assert -SAFE[0] <= left and right <= SAFE[0] and -SAFE[1] <= bottom and top <= SAFE[1], (snap.section, t)


def _apart_while_shown(snaps):
    for snap in snaps:
        for a, b in combinations(snap.record.texts, 2):
            if _live_together(a, b):
                assert not _overlap(a.box, b.box), (snap.section, a.tex, b.tex)


def test_every_digit_is_8_px_tall_at_480p_by_the_record(built):
    _digits_tall_enough(built[1])


def test_every_text_is_inside_the_title_safe_area(built):
    _inside_title_safe(built[1])


def test_no_two_texts_overlap_while_both_are_on_screen(built):
    _apart_while_shown(built[1])


def test_a_number_inside_a_neuron_leaves_a_margin(built):
    """A value written in a neuron is at most INSIDE_NEURON of its diameter wide ("1000.000" does not touch its rim)."""
    for section, text, box, (_, _, r), inside in _texts_by_neurons(built[1]):
        if inside:
            assert box[2] - box[0] <= theme.INSIDE_NEURON * 2 * r + 1e-3, (section, text)


@pytest.mark.xdist_group("random")
@settings(max_examples=3, derandomize=True, database=None, deadline=None, phases=[Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(s=valid())
def test_random_valid_scenarios_keep_the_layout_rules(s, media, tmp_path_factory):
    """The record's layout rules hold for scenarios nobody wrote by hand: widths 1-4, up to three layers, one sample
    or a batch, labels or soft targets, one to three steps (test_fuzz's generator)."""
    path = tmp_path_factory.mktemp("random") / "random.yaml"
    path.write_text(yaml.safe_dump(s | {"display": {"pace": 0.25}}))
    snaps = build(str(path), media)
    for rule in (_digits_tall_enough, _inside_title_safe, _apart_while_shown):
        rule(snaps)

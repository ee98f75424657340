"""Variants of a scenario: reproducible by seed, distinct, valid files, and hand-friendly by checks written here, on
the files as written (read with yaml.safe_load, numbers as they are spelled) and the core's own forward pass and step.
"""
import json
import re
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

import core
from cli.main import main
from lesson import variant
from lesson.errors import ScenarioError
from lesson.scenario import load

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ["three_class", "network_3_2_2", "batch", "soft_target"]
SETTINGS = settings(derandomize=True, max_examples=12, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
SEEDS = st.integers(0, 2 ** 32 - 1)
ONE_DECIMAL = re.compile(r"-?\d+(\.\d)?")
COUNT = 4


def source(name):
    return ROOT / "scenarios" / f"{name}.yaml"


def made(name, seed, count=COUNT):
    return variant.variants(load(str(source(name))), count, seed, f"scenarios/{name}.yaml")


def spelled(text):
    """Every number of input, weights and biases as the file spells it, by group: [input, W1, b1, W2, b2, ...]."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    fields = {key.value: value for key, value in root.value}

    def scalars(node):
        return [node.value] if isinstance(node, yaml.ScalarNode) else [s for n in node.value for s in scalars(n)]
    groups = [scalars(fields["input"])]
    for layer in fields["layers"].value:
        parts = {key.value: value for key, value in layer.value}
        groups += [scalars(parts["weights"]), scalars(parts["bias"])]
    return groups


def targets(data):
    """The file's targets as one-hot or probability rows, read here from its classes and target."""
    rows = data["target"] if isinstance(data["input"][0], list) else [data["target"]]
    k = len(data["layers"][-1]["bias"])
    return np.array([np.eye(k)[data["classes"].index(t)] if not isinstance(t, list) else t for t in rows], float)


def network(data):
    return core.Network([core.Dense(layer["name"], layer["weights"], layer["bias"], layer["activation"])
                         for layer in data["layers"]])


def step(text):
    """(probabilities, loss before, loss after one step, precision) of a variant's file, by the core directly."""
    data = yaml.safe_load(text)
    x, y = np.atleast_2d(np.array(data["input"], float)), targets(data)
    done = network(data).train(x, y, data["learning_rate"], 1)[0]
    return done.before.probs, done.before.loss, done.after.loss, data["display"]["precision"]


def grid_step(values):
    """The coarsest of 1, 0.5 and 0.1 that every one of the source's numbers is a multiple of."""
    return next(s for s in (1.0, 0.5, 0.1) if all(abs(v / s - round(v / s)) < 1e-9 for v in values))


@SETTINGS
@given(name=st.sampled_from(SOURCES), seed=SEEDS)
def test_variants_are_hand_friendly(name, seed):
    originals = [[float(v) for v in group] for group in spelled(source(name).read_text())]
    wins = []
    for v in made(name, seed):
        for group, original in zip(spelled(v.text), originals):
            assert all(ONE_DECIMAL.fullmatch(s) for s in group), group
            numbers = [float(s) for s in group]
            if not any(original):
                assert not any(numbers)                 # no bias in the source: none in the variant
                continue
            unit = grid_step(original)
            assert all(abs(n / unit - round(n / unit)) < 1e-9 for n in numbers), (group, unit)
            assert max(map(abs, numbers)) <= max(map(abs, original)) + unit
        p, before, after, digits = step(v.text)
        assert p.min() >= 0.05 and p.max() <= 0.95, p
        assert float(f"{after:.{digits}f}") < float(f"{before:.{digits}f}")
        y = targets(yaml.safe_load(v.text))
        right = np.argmax(p, axis=1) == np.argmax(y, axis=1)
        if len(right) > 1:
            assert right.any() and not right.all(), "a batch has samples classified right and wrong"
        wins.append(bool(right[0]))
    assert len(set(wins)) == 2 or len(right) > 1, "the true class is not always the most probable"


@SETTINGS
@given(name=st.sampled_from(SOURCES), seed=SEEDS)
def test_variants_are_reproducible_distinct_and_keep_the_shape(name, seed, tmp_path):
    first, again = made(name, seed), made(name, seed)
    assert [v.text for v in first] == [v.text for v in again]
    assert variant.one(load(str(source(name))), seed, 3, f"scenarios/{name}.yaml").text == first[2].text
    original = yaml.safe_load(source(name).read_text())
    numbers = [json.dumps([yaml.safe_load(v.text)[key] for key in ("input", "layers")]) for v in first]
    assert len(set(numbers)) == COUNT
    assert json.dumps([original["input"], original["layers"]]) not in numbers
    for v in first:
        data = yaml.safe_load(v.text)
        assert data["variant"] == {"of": f"scenarios/{name}.yaml", "seed": seed, "number": v.number}
        assert "source" not in data and f"variant {v.number}" in data["title"]
        for key in ("learning_rate", "target", "classes", "steps", "captions", "headings", "description"):
            assert data.get(key) == original.get(key), key
        for mine, theirs in zip(data["layers"], original["layers"]):
            assert np.shape(mine["weights"]) == np.shape(theirs["weights"])
            assert {k: mine.get(k) for k in theirs if k not in ("weights", "bias")} == \
                {k: v for k, v in theirs.items() if k not in ("weights", "bias")}
        assert np.shape(data["input"]) == np.shape(original["input"])
        path = tmp_path / f"v{v.number}.yaml"
        path.write_text(v.text, encoding="utf-8")
        assert load(str(path)).variant["seed"] == seed


def test_one_update_lowers_the_loss_where_a_large_step_often_would_not(tmp_path):
    """A batch with a learning rate of 20: most draws would raise the mean loss; no variant does."""
    path = tmp_path / "steep.yaml"
    path.write_text(source("batch").read_text().replace("learning_rate: 0.1", "learning_rate: 20"))
    for v in variant.variants(load(str(path)), 6, 3, "steep.yaml"):
        _, before, after, digits = step(v.text)
        assert float(f"{after:.{digits}f}") < float(f"{before:.{digits}f}")


def test_the_files_pass_check_like_hand_written_ones(tmp_path, capsys):
    for v in made("network_3_2_2", 11, 2) + made("batch", 11, 2):
        path = tmp_path / f"{v.scenario.title[:5]}{v.number}.yaml"
        path.write_text(v.text, encoding="utf-8")
        assert main(["check", str(path), "--json"]) == 0
        out = json.loads(capsys.readouterr().out)
        assert out["claims"] == [] and out["warnings"] == []


def test_bengali_keeps_its_words_and_digits():
    v = made("three_class_bn", 2, 3)[2]
    data = yaml.safe_load(v.text)
    assert data["title"].endswith("রূপভেদ ৩") and data["language"] == "bn"
    assert data["captions"] == yaml.safe_load(source("three_class_bn").read_text())["captions"]


def test_a_stated_z_is_refused_in_one_line(tmp_path, capsys):
    stated = ROOT / "tests" / "scenarios" / "stated_z.yaml"
    with pytest.raises(ScenarioError, match="stated z"):
        variant.variants(load(str(stated)), 2, 1, "x")
    assert main(["variant", str(stated), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"error: {stated}:") and "layers[0].z" in err
    assert not (tmp_path / "out").exists()


def test_a_shape_no_draw_fits_is_refused_in_one_line(tmp_path, capsys):
    assert main(["variant", str(source("huge_logits")), "-n", "2", "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no numbers for variant 1 kept the hand-friendly rules" in err
    assert list(tmp_path.iterdir()) == []


def test_the_command_writes_the_files_and_replaces_an_earlier_set(tmp_path, capsys):
    folder = tmp_path / "v"
    assert main(["variant", str(source("three_class")), "-n", "3", "--seed", "5", "-o", str(folder)]) == 0
    paths = capsys.readouterr().out.split()
    assert paths == [str(folder / f"three_class_v0{k}.yaml") for k in (1, 2, 3)]
    again = variant.variants(load(str(source("three_class"))), 3, 5, str(source("three_class")))
    assert [Path(p).read_text(encoding="utf-8") for p in paths] == [v.text for v in again]
    assert main(["variant", str(source("three_class")), "-n", "2", "--seed", "6", "-o", str(folder)]) == 0
    assert sorted(p.name for p in folder.iterdir()) == ["three_class_v01.yaml", "three_class_v02.yaml"]


@pytest.mark.parametrize("args, says", [
    (["-n", "0"], "-n 0: make from 1 to 999 variants"),
    (["--seed", "-1"], "--seed -1: a seed is a whole number"),
    (["-o", "FILE"], "is a file, not a folder"),
])
def test_bad_arguments_get_one_line(args, says, tmp_path, capsys):
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    args = [str(blocker) if a == "FILE" else a for a in args]
    assert main(["variant", str(source("three_class")), *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and says in err, err


def test_a_bad_variant_record_is_one_line(tmp_path, capsys):
    text = made("three_class", 1, 1)[0].text.replace("seed: 1", "seed: -3")
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "variant.seed: expected a whole number from 0 to" in err

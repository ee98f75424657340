"""`render.py check` on the three shipped scenarios: the JSON contract, the document comparison, speed path."""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from cli.main import main

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ["three_class", "network_3_2_2", "batch"]
LAYER_FIELDS = {"W", "b", "z", "a", "dz", "dW", "db", "W_new", "b_new"}


def check_json(name, capsys):
    assert main(["check", str(ROOT / "scenarios" / f"{name}.yaml"), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


@pytest.mark.parametrize("name", SCENARIOS)
def test_json_has_every_field(name, capsys):
    out = check_json(name, capsys)
    assert {"loss", "probabilities", "dx", "layers", "claims", "warnings"} <= set(out)
    for layer in out["layers"].values():
        assert LAYER_FIELDS <= set(layer)
    for claim in out["claims"]:
        assert {"quantity", "document", "computed", "ok"} <= set(claim)


def test_three_class_json_against_a_direct_computation(capsys):
    """The document's z = (2, 1, 0) with its W and x, through the bias b = z - W x: p, L and every gradient are the
    document's; the new bias is b - eta dL/db (the document's b_new is that with b = 0)."""
    out = check_json("three_class", capsys)
    x, W, z = np.array([1.0, 2.0]), np.array([[0.1, 0.2], [0.0, 0.1], [-0.1, 0.1]]), np.array([2.0, 1.0, 0.0])
    b = z - W @ x
    p = softmax(z)
    dz = p - [1, 0, 0]
    layer = out["layers"]["output"]
    np.testing.assert_allclose(layer["b"], [1.5, 0.8, -0.1], atol=1e-15)
    np.testing.assert_allclose(out["probabilities"], p, atol=1e-15)
    np.testing.assert_allclose(layer["z"], z, atol=1e-15)
    np.testing.assert_allclose(layer["dW"], np.outer(dz, x), atol=1e-15)
    np.testing.assert_allclose(layer["W_new"], W - 0.1 * np.outer(dz, x), atol=1e-15)
    np.testing.assert_allclose(layer["b_new"], b - 0.1 * dz, atol=1e-15)
    np.testing.assert_allclose(out["dx"], W.T @ dz, atol=1e-15)
    z_after = (W - 0.1 * np.outer(dz, x)) @ x + b - 0.1 * dz
    assert out["loss"] == pytest.approx(-np.log(p[0]), abs=1e-15)
    assert out["loss_after"] == pytest.approx(-np.log(softmax(z_after)[0]), abs=1e-14)
    assert out["warnings"] == []


def test_network_json_hidden_layer(capsys):
    out = check_json("network_3_2_2", capsys)
    x = np.array([1.0, 2.0, -1.0])
    W1, W2 = np.array([[0.2, -0.3, 0.4], [-0.5, 0.1, 0.2]]), np.array([[0.3, 0.4], [-0.1, 0.2]])
    a = 1 / (1 + np.exp(-(W1 @ x + 0.5)))
    p = softmax(W2 @ a + 0.1)
    dz2 = p - [1, 0]
    dz1 = (W2.T @ dz2) * a * (1 - a)
    hidden = out["layers"]["hidden"]
    np.testing.assert_allclose(hidden["a"], a, atol=1e-15)
    np.testing.assert_allclose(hidden["dz"], dz1, atol=1e-15)
    np.testing.assert_allclose(hidden["dW"], np.outer(dz1, x), atol=1e-15)
    np.testing.assert_allclose(out["dx"], W1.T @ dz1, atol=1e-15)
    np.testing.assert_allclose(out["layers"]["output"]["W_new"], W2 - 0.5 * np.outer(dz2, a), atol=1e-15)
    assert out["warnings"] == []


def test_batch_json_has_a_row_per_sample(capsys):
    out = check_json("batch", capsys)
    X = np.array([[1.0, 2.0], [2.0, -1.0], [-1.0, 1.0], [-2.0, 1.0]])
    Y = np.eye(3)[[0, 1, 2, 0]]
    W = np.array([[0.1, 0.2], [0.0, 0.1], [-0.1, 0.1]])
    P = softmax(X @ W.T)
    layer = out["layers"]["output"]
    np.testing.assert_allclose(out["probabilities"], P, atol=1e-15)
    np.testing.assert_allclose(layer["dz"], (P - Y) / 4, atol=1e-15)
    np.testing.assert_allclose(layer["dW"], (P - Y).T @ X / 4, atol=1e-15)
    np.testing.assert_allclose(layer["db"], (P - Y).mean(axis=0), atol=1e-15)
    assert np.shape(out["dx"]) == (4, 2) and np.shape(layer["dW_samples"]) == (4, 3, 2)
    assert len(out["history"]) == 6 and all(a > b for a, b in zip(out["history"], out["history"][1:]))


# The document slips the core tests record (tests/test_document_000.py and _001.py) must be exactly the
# claims `check` marks as differing.
DIFFERS = {
    "three_class": {"layers.output.dW[1][1]", "layers.output.W_new[1][1]", "layers.output.b_new[0]",
                    "layers.output.b_new[1]", "layers.output.b_new[2]"},
    "network_3_2_2": {"layers.output.z[1]", "probabilities[0]", "probabilities[1]", "loss"},
    "batch": set(),
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_check_marks_exactly_the_known_slips(name, capsys):
    out = check_json(name, capsys)
    assert {c["quantity"] for c in out["claims"] if not c["ok"]} == DIFFERS[name]


def test_every_printed_number_of_the_documents_is_a_claim(capsys):
    """Both documents' printed results are in the scenarios: 29 in seeds/000, 9 in seeds/001."""
    assert len(check_json("three_class", capsys)["claims"]) == 29
    assert len(check_json("network_3_2_2", capsys)["claims"]) == 9


def test_text_output_reads_in_order_and_marks_differences(capsys):
    main(["check", str(ROOT / "scenarios" / "three_class.yaml")])
    out = capsys.readouterr().out
    order = [out.index(h) for h in ("\nForward", "\nSoftmax and loss", "\nBackward", "\nUpdate", "\nDocument")]
    assert order == sorted(order)
    assert out.count("DIFF ") == 5 and "printed     0.490  computed 0.489457" in out
    assert "L = -ln p₁ = -ln 0.665 = 0.408" in out and "assumes b = 0" in out and "warning" not in out


def test_a_stated_z_shows_its_offset_and_every_z_follows_from_the_screen(capsys):
    """Seed 000 states z = (2, 1, 0) for a W and x that give (0.5, 0.2, 0.1): the offset c = z - (W x + b) is a
    quantity of its own, defined before the z lines use it, and each z line adds up from its printed terms."""
    file = ROOT / "tests" / "scenarios" / "stated_z.yaml"
    assert main(["check", str(file), "--json"]) == 0
    layer = json.loads(capsys.readouterr().out)["layers"]["output"]
    W, x = np.array([[0.1, 0.2], [0.0, 0.1], [-0.1, 0.1]]), np.array([1.0, 2.0])
    assert np.allclose(layer["offset"], np.array([2.0, 1.0, 0.0]) - W @ x, atol=1e-12)
    assert main(["check", str(file)]) == 0
    lines = capsys.readouterr().out.splitlines()
    defined = next(i for i, line in enumerate(lines) if line.strip().startswith("c = z - (W x + b) = (1.500, 0.800, -0.100)"))
    assert lines[defined + 1].strip() == "z₁ = 0.1 · 1 + 0.2 · 2 + 0 + 1.500 = 2"
    assert lines[defined + 3].strip() == "z₃ = -0.1 · 1 + 0.1 · 2 + 0 - 0.100 = 0"


def test_a_reader_that_stops_early_gets_no_error():
    """`check | head -1`: the pipe closes under the writer; that is the reader's choice, not an internal error.
    Here the reader has gone before the first line is written."""
    read, write = os.pipe()
    os.close(read)
    try:
        result = subprocess.run([sys.executable, "render.py", "check", "scenarios/batch.yaml"], cwd=ROOT,
                                stdout=write, stderr=subprocess.PIPE, timeout=60)
    finally:
        os.close(write)
    assert (result.returncode, result.stderr) == (0, b"")


def test_check_does_not_import_manim():
    code = ("import sys; from cli.main import main; "
            "main(['check', 'scenarios/network_3_2_2.yaml']); assert 'manim' not in sys.modules, 'manim imported'")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_schema_lists_the_same_fields_as_the_validator():
    from lesson import scenario, storyboard
    schema = json.loads((ROOT / "scenarios" / "scenario.schema.json").read_text())
    defs = schema["$defs"]
    assert set(schema["properties"]) == set(scenario.TOP_KEYS) and schema["required"] == list(scenario.REQUIRED)
    assert set(defs["layer"]["properties"]) == set(scenario.LAYER_KEYS)
    assert set(defs["claim"]["properties"]) == set(scenario.CLAIM_KEYS)
    assert set(schema["properties"]["source"]["properties"]) == set(scenario.SOURCE_KEYS)
    assert set(schema["properties"]["display"]["properties"]) == set(scenario.DISPLAY_KEYS)
    for per_section in ("captions", "headings"):
        assert set(schema["properties"][per_section]["properties"]) == set(storyboard.NAMES)
    assert defs["layer"]["properties"]["activation"]["enum"] == list(scenario.ACTIVATIONS)


def test_a_network_built_in_python_becomes_a_scenario():
    """Scenario.from_network validates as a file does and solves to what the core computes for the same network."""
    import core
    from lesson.errors import ScenarioError
    from lesson.scenario import Scenario
    from lesson.solution import Solution
    net = core.Network([core.Dense("hidden", [[0.2, -0.3, 0.4], [-0.5, 0.1, 0.2]], [0.5, 0.5], "sigmoid"),
                        core.Dense("output", [[0.3, 0.4], [-0.1, 0.2]], [0.1, 0.1], "softmax")])
    x, labels = [[1, 2, -1], [0.5, -1, 2]], ["a", "b"]
    scenario = Scenario.from_network(net, x, labels, 0.5, classes=["a", "b"], steps=2)
    step = net.step(np.array(x), np.eye(2), 0.5)
    solution = Solution(scenario)
    assert scenario.batched and solution.loss == step.before.loss and solution.loss_after == step.after.loss
    with pytest.raises(ScenarioError, match="layers\\[0\\].weights\\[0\\]: has 3 entries, expected 2"):
        Scenario.from_network(net, [1, 2], [1, 0], 0.5)


_ARITHMETIC = re.compile(r"[-+\d.\s·×/()]+")


def _evaluate(expression: str) -> float:
    """The value of plain arithmetic as `check` writes it: · and × multiply, (a)(b) and 2(1 - p) too."""
    python = re.sub(r"(\d|\))\s*\(", r"\1*(", expression).replace("·", "*").replace("×", "*")
    return eval(python, {"__builtins__": {}})  # noqa: S307 (the text matched _ARITHMETIC: digits and operators)


def _rounded(value: float, printed: str) -> bool:
    """Whether `value` rounds to the printed number, at its decimals."""
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    return abs(value - float(printed)) <= 0.5 * 10.0 ** -decimals + 1e-12


@pytest.mark.parametrize("file", sorted((ROOT / "scenarios").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_worked_line_of_check_reads_true_as_written(file, capsys):
    """`a = 1/(4 · 0.415) = 0.603`: each arithmetic step, worked from its printed (rounded) numbers, rounds to the
    value it prints after =, so "-1/4 · 0.415 = -0.603" (which reads as -0.104) cannot come back; where the rounded
    numbers miss the printed value by a last digit, the line says ≈, and only then."""
    assert main(["check", str(file)]) == 0
    checked = 0
    for line in capsys.readouterr().out.splitlines():
        parts = re.split(r"\s([=≈])\s", line.replace("−", "-"))
        for expression, relation, printed in zip(parts[2::2], parts[3::2], parts[4::2]):
            expression, printed = expression.strip(), printed.split()[0] if printed.split() else ""
            number = re.match(r"-?\d+\.?\d*(?:e[-+]?\d+)?$", printed)
            if not (_ARITHMETIC.fullmatch(expression) and re.search(r"[·×/+(]|\d\s+-", expression) and number):
                continue
            worked = _evaluate(expression)
            assert _rounded(worked, printed) == (relation == "="), line
            assert abs(worked - float(printed)) <= 0.02 * abs(float(printed)) + 0.0015, line
            checked += 1
    assert checked >= 3


@pytest.mark.parametrize("file", sorted((ROOT / "scenarios").glob("*.yaml")), ids=lambda p: p.stem)
def test_no_line_takes_the_log_of_a_printed_zero(file, capsys):
    """Where p of the true class underflows, the loss line is log-sum-exp, and it adds up from its printed numbers."""
    assert main(["check", str(file)]) == 0
    out = capsys.readouterr().out
    assert not re.search(r"ln 0\.0*(?![\d.]*[1-9])", out)
    for m in re.finditer(r"L = max z - \S+ \+ ln S = (\S+) - \(?(\S+?)\)? \+ ln (\S+) = (\S+)", out):
        shift, z, total, loss = (float(v) for v in m.groups())
        assert shift - z + np.log(total) == pytest.approx(loss, abs=0.002)

"""Every kind of malformed scenario: exit status 2 and one line naming the file, the line, the field and the fix."""
import subprocess
import sys
from pathlib import Path

import pytest

from cli.main import main

ROOT = Path(__file__).resolve().parents[1]
GOOD = """\
classes: [A, B]
input: [1, 2]
layers:
  - name: hidden
    weights: [[0.1, 0.2], [0.3, 0.4]]
    bias: [0, 0]
    activation: tanh
  - name: out
    weights: [[0.5, -0.5], [0.1, 0.2]]
    bias: [0, 0]
    activation: softmax
target: A
learning_rate: 0.1
"""

# (name, text replacements applied to GOOD or a whole text, expected line, substrings of the message)
CASES = [
    ("yaml syntax", [("input: [1, 2]", "input: [1, 2")], 3, ["YAML syntax error"]),
    ("missing key", [("learning_rate: 0.1\n", "")], 1, ["missing required field 'learning_rate'"]),
    ("misspelled key", [("learning_rate:", "learning_rat:")], 13, ["learning_rat", "did you mean 'learning_rate'"]),
    ("misspelled layer key", [("weights: [[0.5", "weigths: [[0.5")], 9, ["layers[1].weigths", "'weights'"]),
    ("wrong shape", [("[[0.5, -0.5], [0.1, 0.2]]", "[[0.5, -0.5, 1], [0.1, 0.2, 1]]")], 9,
     ["layers[1].weights[0]", "has 3 entries, expected 2"]),
    ("ragged batch", [("input: [1, 2]", "input: [[1, 2], [3]]"), ("target: A", "target: [A, B]")], 2,
     ["input[1]", "has 1 entries, expected 2"]),
    ("nan", [("[[0.1, 0.2]", "[[.nan, 0.2]")], 5, ["layers[0].weights[0][0]", "finite"]),
    ("inf", [("learning_rate: 0.1", "learning_rate: .inf")], 13, ["learning_rate", "finite"]),
    ("unknown activation", [("activation: tanh", "activation: tanhh")], 7, ["unknown activation", "'tanh'"]),
    ("unknown label", [("target: A", "target: D")], 12, ["unknown class 'D'", "expected one of: A, B"]),
    ("misspelled label", [("classes: [A, B]", "classes: [cat, dog]"), ("target: A", "target: dgo")], 12,
     ["did you mean 'dog'"]),
    ("not a distribution", [("target: A", "target: [0.5, 0.6]")], 12, ["sums to 1.1", "probability vector"]),
    ("negative target", [("target: A", "target: [1.5, -0.5]")], 12, ["negative entry (-0.5)"]),
    ("zero learning rate", [("learning_rate: 0.1", "learning_rate: 0")], 13, ["must be positive"]),
    ("negative learning rate", [("learning_rate: 0.1", "learning_rate: -0.1")], 13, ["must be positive"]),
    ("duplicate layer names", [("name: out", "name: hidden")], 8, ["'hidden' is used twice"]),
    ("bias length", [("bias: [0, 0]\n    activation: softmax", "bias: [0]\n    activation: softmax")], 10,
     ["layers[1].bias", "has 1 entries, expected 2"]),
    ("batch target count", [("input: [1, 2]", "input: [[1, 2], [3, 4]]")], 12, ["2 targets (one per sample)"]),
    ("label without classes", [("classes: [A, B]\n", "")], 11, ["no 'classes' list"]),
    ("hidden softmax", [("activation: tanh", "activation: softmax")], 7, ["only the last layer"]),
    ("last not softmax", [("activation: softmax", "activation: relu")], 11, ["last layer must be 'softmax'"]),
    ("string number", [("[[0.1, 0.2]", "[['0.1', 0.2]")], 5, ["expected a number, got the string '0.1'"]),
    ("duplicate key", [("target: A", "target: A\ntarget: B")], 13, ["target: given twice"]),
    ("python tag", [("target: A", "target: !!python/object/apply:os.system ['echo hacked']")], 12,
     ["!!python/object/apply:os.system is not allowed"]),
    ("unknown claim quantity", [("", "source:\n  claims:\n    - {quantity: 'layers.out.dW[5][0]', document: '1'}\n")],
     16, ["source.claims[0].quantity", "names no computed number"]),
    ("bad precision", [("", "display: {precision: 40}\n")], 14, ["display.precision", "from 0 to 12"]),
    ("misspelled heading section", [("", "headings: {forwrd: ধাপ}\n")], 14, ["headings.forwrd", "'forward'"]),
    ("heading not text", [("", "headings: {forward: [1]}\n")], 14, ["headings.forward", "expected text"]),
    ("top level list", "- 1\n- 2\n", 1, ["expected a mapping"]),
    ("empty file", "", None, ["the file is empty"]),
    ("only comments", "# nothing here\n", None, ["the file is empty"]),
]


def write(tmp_path, edits):
    text = GOOD
    if isinstance(edits, str):
        text = edits
    else:
        for old, new in edits:
            text = text + new if old == "" else text.replace(old, new, 1)
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    return path


def run_check(path, capsys):
    code = main(["check", str(path)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_base_scenario_is_valid(tmp_path, capsys):
    code, out, err = run_check(write(tmp_path, []), capsys)
    assert code == 0 and err == "" and "Backward" in out


@pytest.mark.parametrize("name, edits, line, parts", CASES, ids=[c[0] for c in CASES])
def test_bad_scenario(tmp_path, capsys, name, edits, line, parts):
    path = write(tmp_path, edits)
    code, out, err = run_check(path, capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    prefix = f"error: {path}:{line}: " if line else f"error: {path}: "
    assert err.startswith(prefix), err
    for part in parts:
        assert part in err, err


def test_binary_file(tmp_path, capsys):
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0")
    code, _, err = run_check(path, capsys)
    assert code == 2 and "binary file" in err and str(path) in err


def test_missing_file(tmp_path, capsys):
    code, _, err = run_check(tmp_path / "nope.yaml", capsys)
    assert code == 2 and "cannot read the file" in err


def test_python_tag_is_never_executed(tmp_path, capsys):
    marker = tmp_path / "executed"
    path = write(tmp_path, [("target: A", f"target: !!python/object/apply:os.system ['touch {marker}']")])
    assert run_check(path, capsys)[0] == 2 and not marker.exists()


def test_the_command_line_prints_no_traceback(tmp_path):
    path = write(tmp_path, [("activation: tanh", "activation: sigmod")])
    result = subprocess.run([sys.executable, "render.py", "check", str(path)], cwd=ROOT, capture_output=True,
                            text=True)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip() == f"error: {path}:7: layers[0].activation: unknown activation 'sigmod'; " \
                                    "did you mean 'sigmoid'?"

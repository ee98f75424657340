"""Every kind of malformed scenario: exit status 2 and one line naming the file, the line, the field and the fix."""
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import numpy as np
from cli.main import main
from lesson import limits, yamlfile
from lesson.errors import ScenarioError
from lesson.scenario import load as scenario_load

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



def dense(batch, width, steps):
    """A scenario of one softmax layer of `width` neurons on `batch` samples of `width` features."""
    row = lambda values: "[" + ", ".join(values) + "]"  # noqa: E731
    one_hot = row(["1"] + ["0"] * (width - 1))
    return (f"input: {row([row(['1'] * width)] * batch)}\n"
            f"layers:\n  - {{name: out, weights: {row([row(['0'] * width)] * width)}, bias: {row(['0'] * width)}, "
            f"activation: softmax}}\ntarget: {row([one_hot] * batch)}\nlearning_rate: 0.1\nsteps: {steps}\n")


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
    ("bad pace", [("", "display: {pace: 10}\n")], 14, ["display.pace", "from 0.25 to 4.0", "got 10"]),
    ("misspelled heading section", [("", "headings: {forwrd: ধাপ}\n")], 14, ["headings.forwrd", "'forward'"]),
    ("heading not text", [("", "headings: {forward: [1]}\n")], 14, ["headings.forward", "expected text"]),
    ("top level list", "- 1\n- 2\n", 1, ["expected a mapping"]),
    # YAML the loader reads but a scenario does not hold
    ("complex key", [("", "? [a, b]\n: 1\n")], 14, ["a key must be a name"]),
    ("flow complex key", [("target: A", "target: {[a, b]: 1}")], 12, ["target: a key must be a name"]),
    ("recursive alias", [("", "title: &a {x: *a}\n")], 14, ["title.x", "*a is used inside the value it names"]),
    ("deep nesting", [("", "title: " + "[" * 1000 + "]" * 1000 + "\n")], 14, ["nested more than 16 levels"]),
    ("control character U+0090", [("", "title: a\u0090b\n")], 14, ["control character U+0090"]),
    ("control character 01", [("", "title: a\x01b\n")], 14, ["control character U+0001"]),
    ("escaped escape character", [("", 'title: "\\x1b[31mred"\n')], 14, ["title", "control character U+001B"]),
    ("int tag", [("learning_rate: 0.1", "learning_rate: !!int 1e5")], 13, ["learning_rate", "'1e5' is not a valid !!int"]),
    ("float tag", [("learning_rate: 0.1", "learning_rate: !!float xyz")], 13, ["'xyz' is not a valid !!float"]),
    ("bool tag", [("learning_rate: 0.1", "learning_rate: !!bool maybe")], 13, ["'maybe' is not a valid !!bool"]),
    ("timestamp tag", [("learning_rate: 0.1", "learning_rate: !!timestamp notadate")], 13,
     ["learning_rate", "!!timestamp is not allowed"]),
    ("binary class", [("classes: [A, B]", "classes: [!!binary aGk=, B]")], 1, ["classes[0]", "!!binary is not allowed"]),
    ("set class", [("classes: [A, B]", "classes: [!!set {a: null}, B]")], 1, ["!!set is not allowed"]),
    ("local tag", [("target: A", "target: !label A")], 12, ["target", "!label is not allowed"]),
    ("nan class", [("classes: [A, B]", "classes: [.nan, B]")], 1, ["classes[0]", "got the float nan"]),
    ("inf class", [("classes: [A, B]", "classes: [-.inf, B]")], 1, ["classes[0]", "got the float -inf"]),
    ("boolean class", [("classes: [A, B]", "classes: [yes, no]")], 1, ["classes[0]", "put quotes around it"]),
    ("huge integer class", [("classes: [A, B]", "classes: [123456789012345678901, B]")], 1,
     ["classes[0]", "got the int 123456789012345678901"]),
    ("duplicate class", [("classes: [A, B]", "classes: [A, A]")], 1, ["classes[1]", "'A' is given twice"]),
    ("boolean title", [("", "title: no\n")], 14, ["title", "expected text"]),
    ("nan caption", [("", "captions: {forward: .nan}\n")], 14, ["captions.forward", "got the float nan"]),
    # numbers
    ("5000-digit integer", [("learning_rate: 0.1", "learning_rate: " + "1" * 5000)], 13,
     ["learning_rate", "a number written with 5000 characters; the limit is 400"]),
    ("400-digit integer", [("learning_rate: 0.1", "learning_rate: " + "1" * 400)], 13,
     ["learning_rate", "a 400-digit number is too large for a float64"]),
    ("1e300 read as text", [("input: [1, 2]", "input: [1e300, 2]")], 2, ["input[0]", "write 1.0e+300, without quotes"]),
    ("claim printed as 0e999", [("", "source:\n  claims:\n    - {quantity: loss, document: '0e999'}\n")], 16,
     ["source.claims[0].document", "last digit at 10^999"]),
    ("claim printed as text", [("", "source:\n  claims:\n    - {quantity: loss, document: 'about 1'}\n")], 16,
     ["expected a number as printed"]),
    ("target entries overflow their sum", [("target: A", "target: [1.5e+308, 1.5e+308]")], 12,
     ["an entry above 1 (1.5e+308)"]),
    # limits
    ("billion laughs", [("", "title: [" + ", ".join(f"&{c} [" + ", ".join([f"*{p}" if p else "lol"] * 9) + "]"
                                                      for p, c in zip(["", *"abcdefg"], "abcdefgh")) + "]\n")], 14,
     ["more than 20,000 values once its aliases are expanded"]),
    ("too many features", [("input: [1, 2]", "input: [" + ", ".join(["1"] * 33) + "]")], 2,
     ["input: has 33 features; at most 32 are allowed"]),
    ("too many samples", [("input: [1, 2]", "input: [" + ", ".join(["[1, 2]"] * 33) + "]")], 2,
     ["input: has 33 samples; at most 32"]),
    ("too many neurons", [("[[0.1, 0.2], [0.3, 0.4]]", "[" + ", ".join(["[0.1, 0.2]"] * 33) + "]")], 5,
     ["layers[0].weights: has 33 rows (neurons); at most 32"]),
    ("too many layers", [("layers:\n", "layers:\n" + "".join(f"  - {{name: h{i}, weights: [[1, 0], [0, 1]], bias: [0, 0], "
                                                             "activation: identity}\n" for i in range(8)))], 3,
     ["layers: has 10 layers; at most 8"]),
    ("too many steps", [("", "steps: 201\n")], 14, ["steps", "from 1 to 200"]),
    ("too many layer updates", [("layers:\n", "layers:\n  - {name: h, weights: [[1, 0], [0, 1]], bias: [0, 0], "
                                               "activation: identity}\n"), ("", "steps: 150\n")], 15,
     ["steps", "150 steps × 3 layers is more than the 400 layer updates allowed"]),
    ("too large a step", dense(32, 32, 1), 2, ["layers: one step computes 65,536 numbers per sample"]),
    ("too long a run", dense(2, 32, 200), 6, ["steps: 200 steps × 4,096 numbers per step is more than the 500,000"]),

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


def lines_of(err):
    return err.splitlines()


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed(tmp_path, capsys):
    path = tmp_path / "big.yaml"
    path.write_text(GOOD + "# padding\n" * 4000)
    code, out, err = run_check(path, capsys)
    assert code == 2 and out == "" and err == f"error: {path}: the file is larger than 32 KB, the limit for a " \
                                              "scenario (see Limits in the README)\n"


def test_a_long_unknown_key_is_cut_in_the_message(tmp_path, capsys):
    path = write(tmp_path, [("", "? " + "x" * 30_000 + "\n: 1\n")])
    code, _, err = run_check(path, capsys)
    assert code == 2 and len(lines_of(err)) == 1 and "unknown field" in err
    assert len(err) < limits.MESSAGE_CHARS + 10 and "x" * (limits.QUOTED_CHARS + 1) not in err


def test_a_file_name_with_a_line_break_still_gives_one_line(tmp_path, capsys):
    path = write(tmp_path, [("activation: tanh", "activation: tanhh")]).rename(tmp_path / "bad\nname.yaml")
    code, _, err = run_check(path, capsys)
    assert code == 2 and len(lines_of(err)) == 1 and "bad\\nname.yaml:7: " in err


def json_of(path, capsys):
    assert main(["check", "--json", str(path)]) == 0
    return json.loads(capsys.readouterr().out)


def test_dates_stay_text(tmp_path, capsys):
    path = write(tmp_path, [("classes: [A, B]", "classes: [2020-01-01, 2021-06-30T10:00:00]"),
                            ("target: A", "target: 2020-01-01")])
    data = json_of(path, capsys)
    assert data["classes"] == ["2020-01-01", "2021-06-30T10:00:00"] and data["target_labels"] == ["2020-01-01"]


def test_precision_12_is_valid_with_the_default_update_precision(tmp_path, capsys):
    path = write(tmp_path, [("", "display: {precision: 12}\n")])
    code, out, err = run_check(path, capsys)
    assert code == 0 and err == "" and re.search(r"= 0\.\d{12}\b", out)
    assert scenario_load(path).update_precision == 12


def test_the_largest_accepted_numbers_go_through(tmp_path, capsys):
    """Just inside the limits: every entry at the largest width is accepted and solved."""
    wide = "[" + ", ".join(["0.01"] * limits.WIDTH) + "]"
    path = write(tmp_path, [("input: [1, 2]", f"input: {wide}"),
                            ("[[0.1, 0.2], [0.3, 0.4]]", "[" + ", ".join([wide] * 2) + "]")])
    assert len(json_of(path, capsys)["input"]) == limits.WIDTH


RENDERED = [c for c in CASES if c[0] in ("yaml syntax", "misspelled key", "complex key", "recursive alias",
                                          "deep nesting", "int tag", "nan class", "billion laughs", "too many layers")]


@pytest.mark.parametrize("name, edits, line, parts", RENDERED, ids=[c[0] for c in RENDERED])
def test_render_gives_the_same_line_as_check(tmp_path, capsys, name, edits, line, parts):
    path = write(tmp_path, edits)
    check_err = run_check(path, capsys)[2]
    assert main(["render", str(path)]) == 2
    assert capsys.readouterr().err == check_err


@pytest.mark.parametrize("name, edits, line, parts", CASES, ids=[c[0] for c in CASES])
def test_the_pure_python_parser_gives_the_same_answer(tmp_path, name, edits, line, parts):
    """With or without LibYAML, every file gets the same data or the same message, syntax errors included."""
    text = write(tmp_path, edits).read_text()
    answers = []
    for loader in (yamlfile.loader_class(yamlfile._PythonParser), yamlfile._LOADER):
        try:
            answers.append(yamlfile.parse_yaml(text, "f.yaml", loader))
        except ScenarioError as e:
            answers.append(str(e))
    assert answers[0] == answers[1]


class _LimitedParser(yamlfile._PythonParser):
    """A parser with a nesting limit of its own below the project's, as PyYAML 6.0.4's LibYAML has one."""

    def parse_flow_sequence_first_entry(self):
        if self.flow_level > 3:
            raise yaml.parser.ParserError(None, None, "exceeded maximum nesting depth", self.peek_token().start_mark)
        return super().parse_flow_sequence_first_entry()


@pytest.mark.parametrize("depth", [5, 20, 1000])
def test_a_limit_of_the_parsing_library_is_reported_as_the_projects_own(depth):
    """Whether the library or the project's bound stops a deep document, the message is the project's."""
    text = GOOD + "title: " + "[" * depth + "]" * depth + "\n"
    answers = []
    for loader in (yamlfile.loader_class(_LimitedParser), yamlfile.loader_class(yamlfile._PythonParser)):
        try:
            answers.append(yamlfile.parse_yaml(text, "f.yaml", loader))
        except ScenarioError as e:
            answers.append(str(e))
    assert answers[0] == answers[1]
    assert depth < limits.DEPTH or (answers[0].startswith("f.yaml:14: title[0]")
                                    and answers[0].endswith(": nested more than 16 levels deep (see Limits in the README)"))


def overflowing(tmp_path, old, new):
    return write(tmp_path, [("activation: tanh", "activation: identity"), (old, new)])


@pytest.mark.parametrize("command", [["check"], ["check", "--json"]])
def test_arithmetic_that_overflows_from_finite_input_is_one_line(tmp_path, capsys, command):
    path = overflowing(tmp_path, "input: [1, 2]", "input: [1.0e+300, 1.0e+300]")
    path.write_text(path.read_text().replace("[[0.1, 0.2], [0.3, 0.4]]", "[[1.0e+10, 1.0e+10], [1.0e+10, 1.0e+10]]"))
    assert main([*command, str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(lines_of(err)) == 1 and err.startswith(f"error: {path}") and "hidden" in err


def test_training_that_diverges_stops_with_a_warning(tmp_path, capsys):
    """A first step that stays finite and a second that overflows: the history stops there, and a warning says so."""
    path = overflowing(tmp_path, "learning_rate: 0.1", "learning_rate: 1.0e+150\nsteps: 4")
    data = json.loads(json_of_text(path, capsys), parse_constant=lambda c: pytest.fail(f"{c} in the JSON"))
    assert "diverged and stopped after 1 of 4 steps" in json.dumps(data["warnings"])
    assert len(data["history"]) == 2 and all(np.isfinite(data["history"]))


def test_a_first_step_that_overflows_is_one_line(tmp_path, capsys):
    path = overflowing(tmp_path, "learning_rate: 0.1", "learning_rate: 1.0e+308\nsteps: 3")
    assert main(["check", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(lines_of(err)) == 1 and "step 1 of 3" in err and "not finite" in err


def json_of_text(path, capsys):
    assert main(["check", "--json", str(path)]) == 0
    return capsys.readouterr().out


def test_the_schema_states_the_limits():
    schema = json.loads((ROOT / "scenarios" / "scenario.schema.json").read_text())
    defs = schema["$defs"]
    assert defs["vector"]["maxItems"] == defs["matrix"]["maxItems"] == limits.WIDTH == limits.BATCH
    assert schema["properties"]["layers"]["maxItems"] == limits.LAYERS
    assert schema["properties"]["steps"]["maximum"] == limits.STEPS

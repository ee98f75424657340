"""Hostile variants of valid scenarios all get one line; valid random scenarios get the right, finite numbers.

The fuzz test mutates the scenarios in scenarios/ and a small base into files that are invalid by construction and
runs `check`, `check --json` and `render` on each in one process whose address space is capped
(tests/limited_runner.py): exit 2, exactly one line on stderr, nothing on stdout, the same line from all three. The property test writes random valid
scenarios and checks `check --json` against a NumPy computation written here. Both are seeded (derandomized).
"""
import contextlib
import io
import json
import os
import select
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from cli.main import main
from test_bad_input import GOOD

ROOT = Path(__file__).resolve().parents[1]
HEADROOM = 200 * 2 ** 20          # what one command may allocate beyond the loaded modules
HANG = 60                         # seconds: a guard against a hang, not a measurement
BASES = [("base", GOOD)] + [(p.name, p.read_text()) for p in sorted((ROOT / "scenarios").glob("*.yaml"))]
FUZZ = settings(max_examples=120, derandomize=True, database=None, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def spans(text):
    """The (start, end) character offsets in `text` of every scalar value, of every key and of `input`'s value."""
    values, keys = [], []
    root = yaml.compose(text, Loader=yaml.SafeLoader)

    def walk(node):
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                keys.append((key.start_mark.index, key.end_mark.index))
                walk(value)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item)
        else:
            values.append((node.start_mark.index, node.end_mark.index))

    walk(root)
    given_input = next(value for key, value in root.value if key.value == "input")
    return values, keys, (given_input.start_mark.index, given_input.end_mark.index)


SPANS = {name: spans(text) for name, text in BASES}


def laughs(levels):
    """A flow list whose aliases expand to 9**levels values."""
    return "[" + ", ".join(f"&l{i} [" + ", ".join([f"*l{i - 1}" if i else "lol"] * 9) + "]"
                           for i in range(levels)) + "]"


# Values that are wrong wherever a value goes (a name, a number, a label, a symbol, a printed claim).
BAD_VALUE = st.one_of(
    st.sampled_from(["!!int 1e5", "!!float xyz", "!!bool maybe", "!!timestamp notadate", "!!binary aGk=",
                     "!!set {a: null}", "!!omap [a: 1]", "!!python/object/apply:os.system [echo]", "!local x",
                     ".nan", "-.inf", "1.0e+400", "yes", "off", "&r [*r]", "{[a, b]: 1}", "*nowhere", "{a: 1}",
                     '"a\\x1bb"', '"\\u0090"', "a\x01b", "a\u0085\x7fb"]),
    st.integers(320, 5000).map(lambda n: "9" * n),
    st.integers(17, 3000).map(lambda n: "[" * n + "]" * n),
    st.integers(5, 7).map(laughs),
)
BAD_KEY = st.one_of(st.sampled_from(["[a, b]", "{a: 1}", "!!binary aGk=", "*nowhere", ".nan"]),
                    st.integers(30, 1000).map(lambda n: "y" * n))
BAD_BYTES = st.sampled_from([b"\x00", b"\x01", b"\x1b", b"\x7f", b"\xc2\x90", b"\xff", b"\xe2\x80"])


@st.composite
def hostile(draw):
    """(how it was made, the bytes of a file no scenario reader may accept)."""
    name, text = draw(st.sampled_from(BASES))
    values, keys, (start, end) = SPANS[name]
    kind = draw(st.sampled_from(["value", "key", "bytes", "size", "wide", "steps", "claim"]))
    if kind in ("value", "key"):
        start, end = draw(st.sampled_from(values if kind == "value" else keys))
        text = text[:start] + draw(BAD_VALUE if kind == "value" else BAD_KEY) + text[end:]
    elif kind == "bytes":
        at = draw(st.integers(0, len(text.encode())))
        raw = text.encode()
        return f"{name}: {kind} at {at}", raw[:at] + draw(BAD_BYTES) + raw[at:]
    elif kind == "size":
        text += "# padding\n" * draw(st.integers(6600, 20000))
    elif kind == "wide":
        text = text[:start] + f"[{', '.join(['1'] * draw(st.integers(33, 400)))}]" + text[end:]
    elif kind == "steps":
        text += f"steps: {draw(st.sampled_from(['1001', '0', '-3', '10' * 200, '2.5']))}\n"
    else:
        text += f"source: {{claims: [{{quantity: loss, document: '0e{draw(st.integers(301, 10 ** 6))}'}}]}}\n"
    return f"{name}: {kind}", text.encode()


class Runner:
    """tests/limited_runner.py in a subprocess: one command in, its exit status and output out."""

    def __init__(self):
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
        self.proc = subprocess.Popen([sys.executable, str(ROOT / "tests" / "limited_runner.py"), str(HEADROOM)],
                                     cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)

    def run(self, argv):
        self.proc.stdin.write(json.dumps(argv) + "\n")
        self.proc.stdin.flush()
        if not select.select([self.proc.stdout], [], [], HANG)[0]:
            self.proc.kill()
            pytest.fail(f"no answer to {argv} within {HANG} s")
        line = self.proc.stdout.readline()
        if not line:
            pytest.fail(f"the runner died on {argv} (exit status {self.proc.wait(timeout=HANG)}), e.g. out of memory")
        return json.loads(line)

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=HANG)


@pytest.fixture(scope="module")
def runner():
    r = Runner()
    yield r
    r.close()


@pytest.fixture(scope="module")
def hostile_path(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz") / "hostile.yaml"


def test_the_runner_runs_a_valid_file_and_reports_what_escapes(runner):
    """The harness can fail: a valid file gives exit 0, an unknown command escapes (argparse's SystemExit)."""
    assert runner.run(["check", str(ROOT / "scenarios" / "batch.yaml")])["code"] == 0
    assert runner.run(["nonsense"])["code"] == "raised"


@FUZZ
@given(case=hostile())
def test_every_hostile_file_gets_one_line(runner, hostile_path, case):
    how, raw = case
    hostile_path.write_bytes(raw)
    answers = [runner.run([*command, str(hostile_path)]) for command in (["check"], ["check", "--json"], ["render"])]
    for answer in answers:
        err = answer["err"]
        assert answer["code"] == 2 and answer["out"] == "", (how, answer)
        assert err.startswith(f"error: {hostile_path}") and err.count("\n") == 1 and err.endswith("\n"), (how, err)
        assert "Traceback" not in err and "internal error" not in err, (how, err)
    assert answers[0]["err"] == answers[1]["err"] == answers[2]["err"], how


# --- valid random scenarios against an independent computation ---

ACTIVATIONS = {
    "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2),
    "tanh": (np.tanh, lambda z: 1 / np.cosh(z) ** 2),
    "relu": (lambda z: np.where(z > 0, z, 0.0), lambda z: np.where(z > 0, 1.0, 0.0)),
    "identity": (lambda z: z, lambda z: np.ones_like(z)),
}
TENTHS = st.integers(-20, 20).map(lambda n: n / 10)


def matrix(rows, cols):
    return st.lists(st.lists(TENTHS, min_size=cols, max_size=cols), min_size=rows, max_size=rows)


@st.composite
def valid(draw):
    """A random valid scenario as a dict: widths 1-4, 1-3 layers, one sample or a batch, labels or vectors."""
    features, batch = draw(st.integers(1, 4)), draw(st.sampled_from([None, 1, 2, 3]))
    widths = draw(st.lists(st.integers(1, 4), min_size=0, max_size=2)) + [draw(st.integers(2, 4))]
    layers, cols = [], features
    for i, rows in enumerate(widths):
        last = i == len(widths) - 1
        layers.append({"name": f"l{i}", "weights": draw(matrix(rows, cols)), "bias": draw(matrix(1, rows))[0],
                       "activation": "softmax" if last else draw(st.sampled_from(sorted(ACTIVATIONS)))})
        cols = rows
    k = widths[-1]
    classes = [f"c{i}" for i in range(k)]
    eighths = st.lists(st.integers(0, 8), min_size=k, max_size=k).filter(lambda v: sum(v) == 8)
    one = st.one_of(st.sampled_from(classes), eighths.map(lambda v: [x / 8 for x in v]))
    samples = draw(matrix(batch or 1, features))
    return {"classes": classes, "input": samples if batch else samples[0], "layers": layers,
            "target": [draw(one) for _ in samples] if batch else draw(one),
            "learning_rate": draw(st.sampled_from([0.01, 0.1, 0.5, 1.0])), "steps": draw(st.integers(1, 3))}


def expected(s):
    """Loss, probabilities, dW and db of the first step, and the loss history, computed here from the dict."""
    x = np.atleast_2d(np.array(s["input"], dtype=float))
    targets = s["target"] if isinstance(s["input"][0], list) else [s["target"]]
    y = np.array([np.eye(len(s["classes"]))[s["classes"].index(t)] if isinstance(t, str) else t for t in targets])
    params = [(np.array(l["weights"], float), np.array(l["bias"], float), l["activation"]) for l in s["layers"]]
    history, first = [], None
    for _ in range(s["steps"] + 1):
        inputs, zs, a = [], [], x
        for w, b, act in params:
            inputs.append(a)
            zs.append(a @ w.T + b)
            e = np.exp(zs[-1] - zs[-1].max(axis=1, keepdims=True))
            a = e / e.sum(axis=1, keepdims=True) if act == "softmax" else ACTIVATIONS[act][0](zs[-1])
        history.append(float(np.mean(-np.sum(y * np.log(a), axis=1))))
        dz, grads = (a - y) / len(x), []
        for (w, b, act), inp, z in reversed(list(zip(params, inputs, zs))):
            dz = dz if act == "softmax" else dz * ACTIVATIONS[act][1](z)
            grads.insert(0, (dz.T @ inp, dz.sum(axis=0)))
            dz = dz @ w
        first = first or {"probabilities": a, "grads": grads}
        params = [(w - s["learning_rate"] * dw, b - s["learning_rate"] * db, act)
                  for (w, b, act), (dw, db) in zip(params, grads)]
    return first | {"history": history}


def refuse(constant):
    raise AssertionError(f"{constant} in the JSON")


@settings(max_examples=40, derandomize=True, database=None, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(s=valid())
def test_valid_random_scenarios_give_finite_json_equal_to_an_independent_computation(tmp_path_factory, s):
    path = tmp_path_factory.mktemp("valid") / "random.yaml"
    path.write_text(yaml.safe_dump(s))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["check", "--json", str(path)]) == 0
    data = json.loads(out.getvalue(), parse_constant=refuse)
    want = expected(s)
    batched = isinstance(s["input"][0], list)
    assert np.allclose(data["history"], want["history"], rtol=1e-12, atol=1e-12)
    assert np.allclose(data["probabilities"], want["probabilities"] if batched else want["probabilities"][0],
                       rtol=1e-12, atol=1e-15)
    for layer, (dw, db) in zip(s["layers"], want["grads"]):
        got = data["layers"][layer["name"]]
        assert np.allclose(got["dW"], dw, rtol=1e-10, atol=1e-14)
        assert np.allclose(got["db"], db, rtol=1e-10, atol=1e-14)

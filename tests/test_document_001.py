"""Every number the 3-2-2 network document (seeds/001) prints, and its formula slips, against the core.

Wiring: Step 3 writes z(3) = w7 a(1) + w9 a(2) + b(2) and z(4) = w8 a(1) + w10 a(2) + b(2), so the output W is
[[w7, w9], [w8, w10]]; that is the wiring its printed numbers use. The document gives one bias symbol per layer;
here each neuron has its own bias, both starting at b(1) = 0.5 (hidden) and b(2) = 0.1 (output).
Tolerance: half a unit in the last printed decimal ("0.426" covers [0.4255, 0.4265]).
"""
import numpy as np
import pytest

import core
from printed import agrees

X = np.array([1.0, 2.0, -1.0])
W1 = np.array([[0.2, -0.3, 0.4], [-0.5, 0.1, 0.2]])        # [[w1, w2, w3], [w4, w5, w6]]
B1 = np.array([0.5, 0.5])
W2 = np.array([[0.3, 0.4], [-0.1, 0.2]])                   # [[w7, w9], [w8, w10]]
B2 = np.array([0.1, 0.1])
Y = np.array([1.0, 0.0])
NET = core.Network([core.Dense("hidden", W1, B1, "sigmoid"), core.Dense("output", W2, B2, "softmax")])


@pytest.fixture(scope="module")
def fwd():
    return NET.forward(X, Y)


def quantities(fwd):
    h, o = fwd.layer("hidden"), fwd.layer("output")
    return {"z1": h.z[0], "z2": h.z[1], "a1": h.a[0], "a2": h.a[1], "z3": o.z[0], "z4": o.z[1],
            "y1": fwd.probs[0], "y2": fwd.probs[1], "L": fwd.loss}


PRINTED = [("z1", "-0.3", "Step 1"), ("z2", "0", "Step 1"), ("a1", "0.426", "Step 2"), ("a2", "0.5", "Step 2"),
           ("z3", "0.428", "Step 3")]

SLIPS = [
    ("z4", "0.185", "0.157", "-0.1 * 0.426 + 0.2 * 0.5 + 0.1 = 0.1574 (exactly 0.157444)"),
    ("y1", "0.561", "0.567", "e^0.428 / (e^0.428 + e^0.157) = 0.567; even with the slipped 0.185 it is 0.560"),
    ("y2", "0.439", "0.433", "1 - 0.567148 = 0.432852"),
    ("L", "0.579", "0.567", "-ln(0.567148) = 0.567136"),
]


@pytest.mark.parametrize("name, printed, where", PRINTED)
def test_printed_number(fwd, name, printed, where):
    assert agrees(quantities(fwd)[name], printed), where


@pytest.mark.parametrize("name, printed, correct, arithmetic", SLIPS)
def test_known_slip(fwd, name, printed, correct, arithmetic):
    value = quantities(fwd)[name]
    assert agrees(value, correct) and not agrees(value, printed), arithmetic


def test_sigmoid_lines():
    """Step 2: 1 / (1 + e^0.3) = 0.426 and 1 / (1 + e^0) = 0.5."""
    assert agrees(1 / (1 + np.exp(0.3)), "0.426") and core.sigmoid(np.array(0.0)) == 0.5


def test_step_5_log_slip():
    """Step 5 writes -ln(0.561) = 0.579, but -ln(0.561) = 0.578 (0.578034); 0.579 is -ln(0.5605)."""
    assert agrees(-np.log(0.561), "0.578") and not agrees(-np.log(0.561), "0.579")


def test_step_3_wiring_is_the_one_the_numbers_use():
    """Steps 8-19 wire z(3) = w7 a(1) + w8 a(2): that gives z(3) = 0.178, not the printed 0.428."""
    a = NET.forward(X, Y).layer("hidden").a
    assert agrees(0.3 * a[0] + 0.4 * a[1] + 0.1, "0.428")
    assert agrees(0.3 * a[0] - 0.1 * a[1] + 0.1, "0.178")


def test_output_weight_gradients_with_step_3_wiring():
    """dL/dw = (y_hat_k - y_k) a(j) for the neuron k the weight feeds; Steps 9, 11 pair w8, w9 the other way."""
    f = NET.forward(X, Y)
    g = NET.backward(f).layer("output")
    delta, a = f.probs - Y, f.layer("hidden").a
    expected = {"w7": delta[0] * a[0], "w9": delta[0] * a[1], "w8": delta[1] * a[0], "w10": delta[1] * a[1]}
    got = {"w7": g.dW[0, 0], "w9": g.dW[0, 1], "w8": g.dW[1, 0], "w10": g.dW[1, 1]}
    assert got == pytest.approx(expected, abs=1e-15)


def test_single_path_chain_misses_the_cross_term():
    """Steps 10 and 12 write dL/dz(4) = (-y2 / y_hat_2) y_hat_2 (1 - y_hat_2); with y2 = 0 that is 0.

    The full chain adds (-y1 / y_hat_1)(-y_hat_1 y_hat_2) through y_hat_1 and gives y_hat_2 - y2 = 0.433.
    """
    f = NET.forward(X, Y)
    p = f.probs
    single_path = (-Y[1] / p[1]) * p[1] * (1 - p[1])
    numeric = core.numerical_gradient(lambda z: core.mean_cross_entropy(z, Y), f.layer("output").z)
    assert single_path == 0 and numeric[1] == pytest.approx(p[1] - Y[1], abs=1e-9) and agrees(numeric[1], "0.433")


def test_hidden_gradient_sums_over_outgoing_edges():
    """dL/da(1) = delta3 w7 + delta4 w8 with Step 3's wiring (the document's delta3 w7 + delta4 w9 uses the other)."""
    f = NET.forward(X, Y)
    g = NET.backward(f)
    delta = f.probs - Y
    assert g.layer("hidden").da == pytest.approx([delta @ W2[:, 0], delta @ W2[:, 1]], abs=1e-15)
    a = f.layer("hidden").a
    assert g.layer("hidden").dW == pytest.approx(np.outer(g.layer("hidden").da * a * (1 - a), X), abs=1e-15)

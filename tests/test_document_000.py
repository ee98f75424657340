"""Every number the 3-class document (seeds/000) prints, against the core at the document's rounding.

Tolerance: a printed "0.245" stands for any value in [0.2445, 0.2455], i.e. half a unit in the last printed
decimal (see printed.py). The document states its logits z = [2, 1, 0] directly (they are not W x + b for
its own W and x, which give [0.5, 0.2, 0.1]), so the layer carries the difference as a constant offset.
"""
import numpy as np
import pytest

import core
from printed import agrees

X = np.array([1.0, 2.0])
W = np.array([[0.10, 0.20], [0.00, 0.10], [-0.10, 0.10]])
B = np.zeros(3)
Z_STATED = np.array([2.0, 1.0, 0.0])
Y = np.array([1.0, 0.0, 0.0])
ETA = 0.1


@pytest.fixture(scope="module")
def step():
    layer = core.Dense("output", W, B, "softmax", offset=Z_STATED - W @ X - B)
    return core.Network([layer]).step(X, Y, ETA)


def quantities(step):
    """The core's value of each printed quantity, by the name the table below uses."""
    g, new = step.grads.layer("output"), step.network.layers[0]
    e = np.exp(step.before.layer("output").z)
    values = {"e^2": e[0], "e^1": e[1], "e^0": e[2], "S": e.sum(), "L": step.before.loss}
    values |= {f"p{i + 1}": p for i, p in enumerate(step.before.probs)}
    values |= {f"dz{i + 1}": d for i, d in enumerate(g.dz)}
    values |= {f"db{i + 1}": d for i, d in enumerate(g.db)}
    values |= {f"dW{i + 1}{j + 1}": g.dW[i, j] for i in range(3) for j in range(2)}
    values |= {f"W_new{i + 1}{j + 1}": new.W[i, j] for i in range(3) for j in range(2)}
    values |= {f"b_new{i + 1}": v for i, v in enumerate(new.b)}
    return values


# (quantity, as printed, where the document prints it)
PRINTED = [
    ("e^2", "7.389", "Step A: exponents"), ("e^1", "2.718", "Step A"), ("e^0", "1", "Step A"),
    ("S", "11.107", "Sum"), ("p1", "0.665", "Probabilities"), ("p2", "0.245", "Probabilities"),
    ("p3", "0.090", "Probabilities"), ("L", "0.408", "Step B: L = -ln(0.665)"),
    ("dz1", "-0.335", "Section 3"), ("dz2", "0.245", "Section 3"), ("dz3", "0.090", "Section 3"),
    ("dW11", "-0.335", "Class A row"), ("dW12", "-0.670", "Class A row"), ("dW21", "0.245", "Class B row"),
    ("dW31", "0.090", "Class C row"), ("dW32", "0.180", "Class C row"),
    ("db1", "-0.335", "Bias gradient"), ("db2", "0.245", "Bias gradient"), ("db3", "0.090", "Bias gradient"),
    ("W_new11", "0.1335", "Row 1 (A)"), ("W_new12", "0.2670", "Row 1 (A)"), ("W_new21", "-0.0245", "Row 2 (B)"),
    ("W_new31", "-0.1090", "Row 3 (C)"), ("W_new32", "0.0820", "Row 3 (C)"),
    ("b_new1", "0.0335", "Updated b"), ("b_new2", "-0.0245", "Updated b"), ("b_new3", "-0.0090", "Updated b"),
]

# Known slips: (quantity, as printed, correct at the same rounding, the arithmetic).
SLIPS = [
    ("dW22", "0.490", "0.489", "dL/dW_B = (p2 - y2) x2 = 0.244728 * 2 = 0.489457; 0.490 doubles the rounded 0.245"),
    ("W_new22", "0.0510", "0.0511", "0.10 - 0.1 * 0.489457 = 0.0510543; 0.0510 carries the 0.490 above"),
]


@pytest.mark.parametrize("name, printed, where", PRINTED)
def test_printed_number(step, name, printed, where):
    assert agrees(quantities(step)[name], printed), f"{name} at {where}"


@pytest.mark.parametrize("name, printed, correct, arithmetic", SLIPS)
def test_known_slip(step, name, printed, correct, arithmetic):
    value = quantities(step)[name]
    assert agrees(value, correct) and not agrees(value, printed), arithmetic


def test_loss_line_uses_the_rounded_probability():
    """The document writes -ln(0.665) = 0.408: true of the rounded p1 as well as of the exact one."""
    assert agrees(-np.log(0.665), "0.408")


def test_document_logits_are_not_wx_plus_b():
    """W x + b = [0.1+0.4, 0+0.2, -0.1+0.2] = [0.5, 0.2, 0.1], not the stated [2, 1, 0]."""
    np.testing.assert_allclose(W @ X + B, [0.5, 0.2, 0.1])


def test_updated_rows_follow_the_rule_written_out(step):
    """Each updated row is W_i - eta (p_i - y_i) x, worked independently of the core's batch code."""
    p = np.exp(Z_STATED) / np.exp(Z_STATED).sum()
    new = step.network.layers[0]
    for i in range(3):
        np.testing.assert_allclose(new.W[i], W[i] - ETA * (p[i] - Y[i]) * X, rtol=0, atol=1e-15)
        np.testing.assert_allclose(new.b[i], B[i] - ETA * (p[i] - Y[i]), rtol=0, atol=1e-15)

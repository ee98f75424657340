"""The core at the extremes of float64 against an independent reference in 60-digit decimal arithmetic.

Logits near ±1000, probabilities that underflow to 0 or round to 1, weights of 1e-300 and 1e6, relu units dead for
the whole batch, a batch of one, a class no sample belongs to: the loss and every gradient must be finite, equal to
the reference to float64 precision, and no NumPy warning may be printed.
"""
import decimal
from decimal import Decimal

import numpy as np
import pytest

import core

CONTEXT = decimal.Context(prec=60, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)
ACT = {
    "identity": (lambda z: z, lambda z, a: Decimal(1)),
    "relu": (lambda z: max(z, Decimal(0)), lambda z, a: Decimal(1 if z > 0 else 0)),
    "sigmoid": (lambda z: 1 / (1 + (-z).exp()), lambda z, a: a * (1 - a)),
    "tanh": (lambda z: z - z ** 3 / 3 if abs(z) < Decimal("1e-25") else 1 - 2 / ((2 * z).exp() + 1),
             lambda z, a: 1 - a * a),
}


def reference(network, x, y):
    """(loss, [(dW, db) per layer], dx) of the mean cross-entropy, sample by sample in Decimal, as floats."""
    with decimal.localcontext(CONTEXT):
        X = [[Decimal(float(v)) for v in row] for row in np.atleast_2d(x)]
        Y = [[Decimal(float(v)) for v in row] for row in np.atleast_2d(y)]
        n, layers = len(X), [([[Decimal(float(w)) for w in row] for row in l.W], [Decimal(float(v)) for v in l.b],
                              l.activation) for l in network.layers]
        loss, grads, dx = Decimal(0), [None] * len(layers), []
        for xs, ys in zip(X, Y):
            acts, zs = [xs], []
            for W, b, act in layers:
                zs.append([sum((w * a for w, a in zip(row, acts[-1])), Decimal(0)) + bi for row, bi in zip(W, b)])
                acts.append(zs[-1] if act == "softmax" else [ACT[act][0](z) for z in zs[-1]])
            top = max(zs[-1])
            log_total = sum((z - top).exp() for z in zs[-1]).ln()
            log_p = [z - top - log_total for z in zs[-1]]
            loss += -sum(t * lp for t, lp in zip(ys, log_p)) / n
            dz = [(lp.exp() * sum(ys) - t) / n for lp, t in zip(log_p, ys)]
            for i in reversed(range(len(layers))):
                W, _, act = layers[i]
                if act != "softmax":
                    dz = [d * ACT[act][1](z, a) for d, z, a in zip(dz, zs[i], acts[i + 1])]
                dW = [[d * a for a in acts[i]] for d in dz]
                grads[i] = (dW, dz) if grads[i] is None else (
                    [[u + v for u, v in zip(r, s)] for r, s in zip(grads[i][0], dW)],
                    [u + v for u, v in zip(grads[i][1], dz)])
                dz = [sum((W[k][j] * dz[k] for k in range(len(dz))), Decimal(0)) for j in range(len(W[0]))]
            dx.append(dz)
        as_float = lambda v: np.array(v, dtype=float)
        return float(loss), [(as_float(dW), as_float(db)) for dW, db in grads], as_float(dx)


def net(*layers):
    return core.Network(core.Dense(f"l{i}", W, b, act) for i, (W, b, act) in enumerate(layers))


RNG = np.random.default_rng(14)
CASES = {
    "logits near ±1000": (net(([[1000.0], [-1000.0], [999.0]], [0, 0, 0], "softmax")),
                          [[1.0], [-1.0]], [[0, 1, 0], [0.2, 0.3, 0.5]]),
    "probabilities that underflow to 0": (net(([[800.0, 0.0], [-800.0, 0.0], [0.0, 1.0]], [0, 0, 0], "softmax")),
                                          [[1.0, 0.5], [0.5, 1.0]], [[0, 1, 0], [0, 0.5, 0.5]]),
    "a probability that rounds to 1": (net(([[40.0], [0.0]], [0.0, 0.0], "softmax")), [[1.0]], [[1, 0]]),
    "weights of 1e-300": (net((1e-300 * RNG.normal(size=(3, 2)), [0.0, 0.0, 0.0], "sigmoid"),
                              (1e-300 * RNG.normal(size=(3, 3)), [0.0, 1e-300, 0.0], "softmax")),
                          [[1.0, -2.0], [3.0, 0.5]], [[1, 0, 0], [0, 0, 1]]),
    "weights of 1e6": (net(([[1e6, -1e6], [2e-6, 1e-6]], [0.0, 0.5], "tanh"),
                           ([[1e6, 0.0], [0.0, 1e6]], [0.0, 0.0], "softmax")),
                       [[1e-6, 2e-6], [0.3, -0.1]], [[1, 0], [0.5, 0.5]]),
    "relu units dead for the whole batch": (net(([[1.0, 1.0], [-1.0, -1.0], [0.5, -0.5]], [0, -10, 0], "relu"),
                                                (RNG.normal(size=(2, 3)), [0.0, 0.0], "softmax")),
                                            [[1.0, 2.0], [2.0, 0.5], [3.0, 1.0]], [[1, 0], [0, 1], [1, 0]]),
    "a batch of one": (net((RNG.normal(size=(3, 2)), RNG.normal(size=3), "tanh"),
                           (RNG.normal(size=(2, 3)), RNG.normal(size=2), "softmax")), [[0.4, -1.1]], [[0, 1]]),
    "a class no sample belongs to": (net((RNG.normal(size=(4, 3)), RNG.normal(size=4), "softmax")),
                                     RNG.normal(size=(5, 3)), np.eye(4)[[0, 1, 3, 0, 1]]),
}


def close(actual, expected):
    """Equal to float64 precision, relative to the largest entry (entries far below it are rounding there)."""
    actual, expected = np.asarray(actual), np.asarray(expected)
    assert np.all(np.isfinite(actual))
    np.testing.assert_allclose(actual, expected, rtol=1e-12, atol=1e-13 * np.max(np.abs(expected), initial=0.0))


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("case", CASES)
def test_extremes_are_finite_and_exact(case):
    network, x, y = CASES[case]
    with np.errstate(all="warn"):
        fwd = network.forward(np.array(x), np.array(y, dtype=float))
        grads = network.backward(fwd)
        extras = grads.sample_extras(range(len(x)))
    loss, layers, dx = reference(network, x, y)
    assert fwd.loss == pytest.approx(loss, rel=1e-13, abs=0)
    for g, (dW, db) in zip(grads.layers, layers):
        close(g.dW, dW)
        close(g.db, db)
    close(grads.dx, dx)
    close(extras.dz_chain, grads.layers[-1].dz)
    assert not np.isnan(grads.layers[-1].da).any() and not np.isnan(extras.jacobian).any()


def test_the_cases_reach_the_extremes_they_name():
    """The cases above do what their names say, so the test cannot pass on tamer numbers."""
    p = {case: network.forward(np.array(x), np.array(y, dtype=float)).probs for case, (network, x, y) in CASES.items()}
    assert np.any(p["probabilities that underflow to 0"] == 0) and np.any(p["logits near ±1000"] == 0)
    assert np.any(p["a probability that rounds to 1"] == 1)
    network, x, y = CASES["relu units dead for the whole batch"]
    assert np.all(network.forward(np.array(x), np.array(y)).layers[0].a[:, 1] == 0)
    network, x, y = CASES["a class no sample belongs to"]
    assert np.all(np.array(y)[:, 2] == 0)


@pytest.mark.filterwarnings("error")
def test_the_jacobian_road_where_the_true_class_underflowed():
    """p_true = 0: dL/dp is -inf there, J's row and column are 0, and the road takes 0 * inf at its limit."""
    network, x, y = CASES["probabilities that underflow to 0"]
    grads = network.backward(network.forward(np.array(x), np.array(y, dtype=float)))
    assert grads.layers[-1].da[0, 1] == -np.inf and np.all(grads.jacobian[0, 1] == 0)
    np.testing.assert_array_equal(grads.dz_chain[0], grads.layers[-1].dz[0])
    with pytest.raises(core.NumericError, match="underflowed"):
        core.dlogits_via_jacobian(grads.probs, grads.layers[-1].da)

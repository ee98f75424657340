"""The mini-batch formulas of seeds/002 and seeds/003 and the softmax Jacobian of seeds/004, on real batches.

Orientation: 003 stacks samples as columns (X is D x N, dZ is C x N, dW = (1/N) dZ X^T); 002 writes its
gradient as the K x N transpose. This project stacks samples as rows, so the same formulas read
dZ = (P - Y) / N (N x C), dW = dZ^T X and db = the column sums of dZ; the tests check both forms agree.
"""
import numpy as np
import pytest

import core

RNG = np.random.default_rng(7)
X = RNG.normal(size=(5, 4))
W = RNG.normal(size=(3, 4))
B = RNG.normal(size=3)
Y = np.eye(3)[[0, 1, 2, 1, 0]]
NET = core.Network([core.Dense("output", W, B, "softmax")])


def test_002_loss_is_the_mean_over_samples():
    """L = -(1/N) sum_i sum_k y_ik log sigma_k(x_i), written out with explicit loops."""
    logits = X @ W.T + B
    expected = -sum(Y[i, k] * np.log(np.exp(logits[i, k]) / np.exp(logits[i]).sum())
                    for i in range(5) for k in range(3)) / 5
    assert NET.forward(X, Y).loss == pytest.approx(expected, rel=1e-14)


def test_002_gradient_of_the_logits_is_q_minus_y_over_n():
    """dL/dx = (1/N)(q - y) (the transpose of 002's K x N form), against central differences."""
    logits = X @ W.T + B
    numeric = core.numerical_gradient(lambda z: core.mean_cross_entropy(z, Y), logits)
    q = core.softmax(logits)
    np.testing.assert_allclose(numeric, (q - Y) / 5, atol=1e-9)
    np.testing.assert_allclose(NET.backward(NET.forward(X, Y)).layer("output").dz, (q - Y) / 5, atol=1e-15)


def test_002_softmax_derivative_elementwise():
    """d sigma_k(x_i.) / d x_jl = 1[i = j] sigma_k (1[k = l] - sigma_l), against central differences."""
    logits = X[:2] @ W.T
    for i, j, k, l in np.ndindex(2, 2, 3, 3):
        numeric = core.numerical_gradient(lambda z: core.softmax(z)[i, k], logits)[j, l]
        s = core.softmax(logits[i])
        assert numeric == pytest.approx((i == j) * s[k] * ((k == l) - s[l]), abs=1e-9)


def test_003_batch_weight_and_bias_gradients():
    """003's column form (1/N) dZ X^T and (1/N) sum_i dZ^(i) equals this project's row form."""
    g = NET.backward(NET.forward(X, Y)).layer("output")
    dZ_cols = (core.softmax(X @ W.T + B) - Y).T       # C x N, as 003 writes it
    np.testing.assert_allclose(g.dW, dZ_cols @ X / 5, atol=1e-15)
    np.testing.assert_allclose(g.db, dZ_cols.sum(axis=1) / 5, atol=1e-15)
    np.testing.assert_allclose(g.dW_samples.sum(axis=0), g.dW, atol=1e-15)
    np.testing.assert_allclose(g.dW_samples[2], np.outer(g.dz[2], X[2]), atol=1e-15)


def test_003_single_sample_rules():
    """One sample: dz = p - y, dW = dz x^T, db = dz."""
    f = NET.forward(X[0], Y[0])
    g = NET.backward(f).layer("output")
    dz = core.softmax(W @ X[0] + B) - Y[0]
    np.testing.assert_allclose(g.dz, dz, atol=1e-15)
    np.testing.assert_allclose(g.dW, np.outer(dz, X[0]), atol=1e-15)
    np.testing.assert_allclose(g.db, dz, atol=1e-15)


def test_batch_of_one_equals_the_single_sample():
    single = NET.backward(NET.forward(X[1], Y[1]))
    batch = NET.backward(NET.forward(X[1:2], Y[1:2]))
    for s, b in zip(single.layers, batch.layers):
        np.testing.assert_array_equal(s.dW, b.dW)
        np.testing.assert_array_equal(s.dz, b.dz[0])
    np.testing.assert_array_equal(single.dx, batch.dx[0])


def test_batch_gradient_is_the_mean_of_sample_gradients():
    batch = NET.backward(NET.forward(X, Y)).layer("output")
    singles = [NET.backward(NET.forward(x, y)).layer("output").dW for x, y in zip(X, Y)]
    np.testing.assert_allclose(batch.dW, np.mean(singles, axis=0), atol=1e-15)


def test_004_jacobian_cases():
    """d s_n / d F_m = s_m (1 - s_m) when m = n and -s_n s_m otherwise; equal to central differences."""
    z = np.array([0.3, -1.2, 2.0, 0.5])
    s = core.softmax(z)
    J = core.softmax_jacobian(s)
    numeric = np.array([core.numerical_gradient(lambda v: core.softmax(v)[n], z) for n in range(4)])
    np.testing.assert_allclose(J, numeric, atol=1e-9)
    for n, m in np.ndindex(4, 4):
        assert J[n, m] == pytest.approx(s[m] * (1 - s[m]) if m == n else -s[n] * s[m], abs=1e-15)


@pytest.mark.parametrize("y", [[0, 0, 1, 0], [0.1, 0.2, 0.3, 0.4]])
def test_004_chain_through_the_jacobian_is_s_minus_y(y):
    """sum_n dL/ds_n ds_n/dF_m with dL/ds = -y / s gives s_m - y_m, for one-hot and soft targets."""
    z, y = np.array([0.3, -1.2, 2.0, 0.5]), np.array(y, dtype=float)
    s = core.softmax(z)
    chain = core.dlogits_via_jacobian(s, core.dloss_dprobs(s, y))
    np.testing.assert_allclose(chain, core.dlogits_shortcut(s, y), atol=1e-15)
    np.testing.assert_allclose(chain, core.numerical_gradient(lambda v: core.mean_cross_entropy(v, y), z), atol=1e-9)

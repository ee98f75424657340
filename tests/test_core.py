"""The core on its own terms: stability, shapes, the two dL/dz routes, gradient checks, updates, training."""
import numpy as np
import pytest

import core

ACTS = ["sigmoid", "tanh", "relu", "identity"]


def random_net(rng, sizes, activation):
    layers = [core.Dense(f"h{i}", rng.normal(size=(o, n)), rng.normal(size=o), activation)
              for i, (n, o) in enumerate(zip(sizes[:-2], sizes[1:-1]))]
    layers.append(core.Dense("out", rng.normal(size=(sizes[-1], sizes[-2])), rng.normal(size=sizes[-1]), "softmax"))
    return core.Network(layers)


def test_softmax_of_huge_logits_does_not_overflow():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        p = core.softmax(np.array([1000.0, 999.0, -1000.0]))
        ls = core.log_softmax(np.array([1000.0, 0.0]))
    np.testing.assert_allclose(p[:2], [1 / (1 + np.exp(-1)), 1 / (1 + np.exp(1))])
    assert ls[0] == pytest.approx(-np.exp(-1000.0), abs=1e-300) and ls[1] == pytest.approx(-1000.0)


def test_cross_entropy_soft_targets_and_zero_probabilities():
    z = np.array([2.0, 1.0, 0.0])
    y = np.array([0.5, 0.5, 0.0])
    p = np.exp(z) / np.exp(z).sum()
    assert core.cross_entropy(z, y) == pytest.approx(-(0.5 * np.log(p[0]) + 0.5 * np.log(p[1])))
    assert core.cross_entropy(np.array([800.0, 0.0]), np.array([1.0, 0.0])) == 0.0
    assert np.isfinite(core.dloss_dprobs(np.array([1.0, 0.0]), np.array([1.0, 0.0]))).all()


@pytest.mark.parametrize("activation", ACTS)
@pytest.mark.parametrize("batch", [False, True])
@pytest.mark.parametrize("soft", [False, True])
def test_every_gradient_matches_central_differences(activation, batch, soft):
    rng = np.random.default_rng([ACTS.index(activation), batch, soft])
    net = random_net(rng, [3, 4, 3, 3], activation)
    n = 4 if batch else 1
    x = rng.normal(size=(n, 3))
    y = rng.dirichlet(np.ones(3), size=n) if soft else np.eye(3)[rng.integers(0, 3, size=n)]
    if not batch:
        x, y = x[0], y[0]
    assert core.max_gradient_error(net, x, y) < 1e-7


def test_jacobian_chain_equals_shortcut_in_every_trace():
    rng = np.random.default_rng(3)
    net = random_net(rng, [2, 5, 4], "tanh")
    x, y = rng.normal(size=(6, 2)), rng.dirichlet(np.ones(4), size=6)
    g = net.backward(net.forward(x, y))
    np.testing.assert_allclose(g.dz_chain, g.layers[-1].dz, atol=1e-15)
    assert g.jacobian.shape == (6, 4, 4)


def test_forward_trace_keeps_every_intermediate():
    rng = np.random.default_rng(4)
    net = random_net(rng, [3, 2, 2], "sigmoid")
    x = np.array([1.0, 2.0, -1.0])
    f = net.forward(x, [0, 1])
    h, o = net.layers
    np.testing.assert_allclose(f.layer("h0").z, h.W @ x + h.b)
    np.testing.assert_allclose(f.layer("h0").a, 1 / (1 + np.exp(-(h.W @ x + h.b))))
    np.testing.assert_allclose(f.layer("out").inputs, f.layer("h0").a)
    np.testing.assert_allclose(f.probs, f.layer("out").a)
    assert f.losses.shape == () and f.loss == pytest.approx(-np.log(f.probs[1]))


def test_step_updates_every_parameter_and_reports_the_new_loss():
    rng = np.random.default_rng(5)
    net = random_net(rng, [3, 4, 3], "relu")
    x, y = rng.normal(size=(4, 3)), np.eye(3)[[0, 1, 2, 0]]
    s = net.step(x, y, 0.05)
    for old, new, g in zip(net.layers, s.network.layers, s.grads.layers):
        np.testing.assert_allclose(new.W, old.W - 0.05 * g.dW, atol=1e-15)
        np.testing.assert_allclose(new.b, old.b - 0.05 * g.db, atol=1e-15)
    assert s.after.loss == pytest.approx(s.network.forward(x, y).loss) and s.after.loss < s.before.loss


def test_training_history_chains_steps():
    rng = np.random.default_rng(6)
    net = random_net(rng, [2, 3, 2], "tanh")
    x, y = rng.normal(size=(3, 2)), np.eye(2)[[0, 1, 0]]
    history = net.train(x, y, 0.1, 5)
    assert len(history) == 5
    for a, b in zip(history, history[1:]):
        assert b.before.loss == a.after.loss
    assert history[-1].after.loss < history[0].before.loss


def test_offset_shifts_z_but_not_the_gradients():
    W, x = np.array([[1.0, 2.0], [0.5, -1.0]]), np.array([0.3, 0.7])
    plain = core.Network([core.Dense("o", W, [0.0, 0.0], "softmax")])
    shifted = core.Network([core.Dense("o", W, [0.0, 0.0], "softmax", offset=[1.0, -1.0])])
    f = shifted.forward(x, [1, 0])
    np.testing.assert_allclose(f.layer("o").z, W @ x + [1.0, -1.0])
    assert core.max_gradient_error(shifted, x, [1, 0]) < 1e-8
    assert not np.allclose(plain.backward(plain.forward(x, [1, 0])).layers[0].dW, shifted.backward(f).layers[0].dW)


@pytest.mark.parametrize("layers, message", [
    ([core.Dense("o", [[1.0]], [0.0], "sigmoid")], "last layer"),
    ([core.Dense("a", [[1.0]], [0.0], "softmax"), core.Dense("b", [[1.0]], [0.0], "softmax")], "only the last"),
    ([core.Dense("a", [[1.0]], [0.0], "tanh"), core.Dense("a", [[1.0]], [0.0], "softmax")], "unique"),
    ([core.Dense("a", [[1.0, 2.0]], [0.0], "tanh"), core.Dense("b", [[1.0, 2.0]], [0.0], "softmax")], "takes 2"),
])
def test_network_rejects_bad_structures(layers, message):
    with pytest.raises(ValueError, match=message):
        core.Network(layers)


@pytest.mark.parametrize("kwargs, message", [
    (dict(W=[[1.0, np.nan]], b=[0.0], activation="tanh"), "finite"),
    (dict(W=[[1.0]], b=[0.0, 1.0], activation="tanh"), "entries"),
    (dict(W=[[1.0]], b=[0.0], activation="swish"), "unknown activation"),
])
def test_dense_rejects_bad_parameters(kwargs, message):
    with pytest.raises(ValueError, match=message):
        core.Dense("l", **kwargs)


@pytest.mark.parametrize("y", [[0.5, 0.6], [1.2, -0.2], [1, 0, 0]])
def test_targets_must_be_distributions_of_the_right_size(y):
    net = core.Network([core.Dense("o", [[1.0], [2.0]], [0.0, 0.0], "softmax")])
    with pytest.raises(ValueError):
        net.forward([1.0], y)

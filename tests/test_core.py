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


def test_backward_builds_no_per_sample_array_until_asked():
    """A batch backward stays far below one N x K x K or N x K x D array; the extras come on first access."""
    import tracemalloc
    rng = np.random.default_rng(8)
    net = random_net(rng, [40, 30, 30], "tanh")
    x, y = rng.normal(size=(2000, 40)), np.eye(30)[rng.integers(0, 30, size=2000)]
    fwd = net.forward(x, y)
    tracemalloc.start()
    grads = net.backward(fwd)
    peak = tracemalloc.get_traced_memory()[1]
    grads.jacobian
    with_jacobian = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 2000 * 30 * 30 * 8 / 4 < with_jacobian


def test_sample_extras_are_the_rows_of_the_full_extras():
    rng = np.random.default_rng(9)
    net = random_net(rng, [3, 4, 5], "sigmoid")
    x, y = rng.normal(size=(6, 3)), rng.dirichlet(np.ones(5), size=6)
    g = net.backward(net.forward(x, y))
    extras = g.sample_extras([4, 1])
    p = net.forward(x, y).probs
    for row, n in enumerate([4, 1]):
        np.testing.assert_allclose(extras.jacobian[row], np.diag(p[n]) - np.outer(p[n], p[n]), atol=1e-16)
        np.testing.assert_allclose(extras.dz_chain[row], g.layers[-1].dz[n], atol=1e-16)
        for layer in g.layers:
            np.testing.assert_allclose(extras.dW_samples[layer.name][row], np.outer(layer.dz[n], layer.inputs[n]))
    np.testing.assert_array_equal(extras.jacobian, g.jacobian[[4, 1]])
    np.testing.assert_array_equal(extras.dW_samples["out"], g.layer("out").dW_samples[[4, 1]])


def test_a_target_summing_to_one_within_tolerance_gets_its_exact_gradient():
    """Issue 14: y = [0.4999999996, 0.5], x = [10000], W = b = 0 gives dW[0][0] = 2e-6 (p·Σy − y), not 4e-6."""
    net = core.Network([core.Dense("o", [[0.0], [0.0]], [0.0, 0.0], "softmax")])
    y = [0.4999999996, 0.5]
    dW = net.backward(net.forward([10000.0], y)).layers[0].dW
    loss = lambda W: core.Network([core.Dense("o", W, [0.0, 0.0], "softmax")]).forward([10000.0], y).loss
    numeric = core.numerical_gradient(loss, np.zeros((2, 1)))
    assert dW[0, 0] == pytest.approx(2.0e-6, rel=1e-5) and dW[0, 0] == pytest.approx(numeric[0, 0], rel=1e-4)
    assert dW[1, 0] == pytest.approx(numeric[1, 0], rel=1e-4)


def backward_of(net, x, y):
    return net.backward(net.forward(x, y))


def test_a_nan_or_inf_input_is_named_even_where_its_weight_is_zero():
    net = core.Network([core.Dense("o", [[0.0, 1.0], [0.0, 2.0]], [0.0, 0.0], "softmax")])
    for bad in (np.nan, np.inf):
        with pytest.raises(ValueError, match="^input x must be finite$"):
            net.forward([[1.0, 2.0], [bad, 1.0]], [0, 1])


def overflowing_hidden_net():
    """x = 1e-200 through an identity unit with weight 1e200, then logits ±1e200: dL/dx is 2e400, beyond float64."""
    return core.Network([core.Dense("h", [[1e200]], [0.0], "identity"),
                         core.Dense("o", [[1e200], [-1e200]], [0.0, 0.0], "softmax")])


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("make, message", [
    (lambda: core.Network([core.Dense("h", [[1e10]], [0.0], "tanh"),
                           core.Dense("o", [[1.0], [2.0]], [0.0, 0.0], "softmax")]).forward([1e300], [1, 0]),
     "layer 'h': z is not finite"),
    (lambda: overflowing_hidden_net().backward(overflowing_hidden_net().forward([1e-200], [0, 1])),
     "layer 'h': dL/dx is not finite"),
    (lambda: core.Network([core.Dense("o", [[1.0], [2.0]], [0.0, 0.0], "softmax")]).step([10.0], [1, 0], 1e308),
     "layer 'o': W after the update is not finite"),
    (lambda: backward_of(core.Network([core.Dense("h", [[1e-154]], [0.0], "identity"),
                                       core.Dense("o", [[1.5e308], [-1.5e308]], [0.0, 0.0], "softmax")]),
                         [1e-154], [0, 1]),
     "layer 'h': dL/da is not finite"),
])
def test_overflow_from_finite_inputs_raises_one_named_error(make, message):
    with pytest.raises(core.NumericError, match=message) as error:
        make()
    assert "\n" not in str(error.value) and isinstance(error.value, ValueError)


@pytest.mark.filterwarnings("error")
def test_diverging_training_stops_at_the_step_and_keeps_the_finite_history():
    """lr = 1e60 on a two-layer net: the weights grow by about lr each step, so z passes 1.8e308 at step 3."""
    net = core.Network([core.Dense("h", [[1.0]], [0.0], "identity"),
                        core.Dense("o", [[1.0], [-1.0]], [0.0, 0.0], "softmax")])
    with pytest.raises(core.NumericError, match=r"^step 3 of 8: layer '\w': z is not finite") as error:
        net.train([[1.0], [-1.0]], [[0.5, 0.5], [1, 0]], 1e60, 8)
    steps = error.value.steps
    assert len(steps) == 2 and all(np.isfinite(s.after.loss) and np.isfinite(s.network.layers[1].W).all()
                                   for s in steps)
    assert np.max(np.abs(steps[-1].network.layers[1].W)) > 1e100


def test_float32_networks_compute_in_float32_close_to_float64():
    rng = np.random.default_rng(10)
    net = random_net(rng, [4, 5, 3], "tanh")
    x, y = rng.normal(size=(7, 4)), rng.integers(0, 3, size=7)
    exact, fast = net, net.astype(np.float32)
    g64, g32 = (n.backward(n.forward(x, y)) for n in (exact, fast))
    assert fast.dtype == np.float32 and g32.dx.dtype == np.float32 and g32.layers[0].dW.dtype == np.float32
    for a, b in zip(g64.layers, g32.layers):
        np.testing.assert_allclose(b.dW, a.dW, rtol=1e-4, atol=1e-6)
    assert fast.forward(x, y).loss == pytest.approx(exact.forward(x, y).loss, rel=1e-6)


def test_integer_labels_mean_one_hot_targets():
    rng = np.random.default_rng(11)
    net = random_net(rng, [2, 3], "relu")
    x = rng.normal(size=(4, 2))
    f = net.forward(x, [2, 0, 1, 2])
    np.testing.assert_array_equal(f.y, np.eye(3)[[2, 0, 1, 2]])
    assert f.loss == net.forward(x, np.eye(3)[[2, 0, 1, 2]]).loss
    assert net.forward(x[0], 1).loss == net.forward(x[0], [0, 1, 0]).loss
    with pytest.raises(ValueError, match="labels"):
        net.forward(x, [0, 3, 1, 1])


def test_softmax_with_tied_top_logits_and_a_top_that_rounds_to_one():
    np.testing.assert_allclose(core.softmax(np.array([[1000.0, 1000.0, 0.0], [5.0, 5.0, 5.0]])),
                               [[0.5, 0.5, 0.0], [1 / 3, 1 / 3, 1 / 3]], rtol=1e-15)
    np.testing.assert_allclose(core.log_softmax(np.array([2.0, 2.0])), [-np.log(2), -np.log(2)], rtol=1e-15)
    assert core.log_softmax(np.array([40.0, 0.0]))[0] == pytest.approx(-np.exp(-40.0), rel=1e-15)

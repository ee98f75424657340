"""Property tests: random small networks, batches and targets (one-hot, labels, soft), fixed seed, bounded examples.

Backward must equal central differences of the loss, and dL/dz through the softmax Jacobian must equal p·Σy − y.
"""
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from hypothesis.extra.numpy import arrays

import core

SETTINGS = settings(derandomize=True, max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
VALUES = st.floats(-2.0, 2.0, allow_nan=False, allow_subnormal=False)


@st.composite
def problems(draw):
    """(network, x, y, kind): 1-2 hidden layers of 1-3 units, 2-4 classes, a batch of 1-4 or a single sample."""
    sizes = draw(st.lists(st.integers(1, 3), min_size=2, max_size=3)) + [draw(st.integers(2, 4))]
    activations = draw(st.lists(st.sampled_from(["sigmoid", "tanh", "relu", "identity"]),
                                min_size=len(sizes) - 2, max_size=len(sizes) - 2))
    layers = [core.Dense(f"l{i}", draw(arrays(float, (o, n), elements=VALUES)), draw(arrays(float, o, elements=VALUES)),
                         act) for i, (n, o, act) in enumerate(zip(sizes, sizes[1:], activations + ["softmax"]))]
    n, k = draw(st.integers(1, 4)), sizes[-1]
    x = draw(arrays(float, (n, sizes[0]), elements=st.floats(-3.0, 3.0, allow_subnormal=False)))
    kind = draw(st.sampled_from(["one-hot", "label", "soft"]))
    labels = np.array(draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n)))
    if kind == "soft":
        weights = draw(arrays(float, (n, k), elements=st.floats(0.0, 1.0))) + 1e-3
        y = weights / weights.sum(axis=1, keepdims=True)
    else:
        y = labels if kind == "label" else np.eye(k)[labels]
    if draw(st.booleans()):
        x, y = x[0], y[0]
    return core.Network(layers), x, y, kind


def away_from_relu_kinks(network, x, y, eps=1e-4):
    """True unless some relu input lies within eps of 0, where a central difference straddles the kink."""
    fwd = network.forward(x, y)
    return all(layer.activation != "relu" or np.min(np.abs(t.z)) > eps for layer, t in zip(network.layers, fwd.layers))


@pytest.mark.filterwarnings("error")
@SETTINGS
@given(problems())
def test_backward_equals_central_differences(problem):
    network, x, y, _ = problem
    if away_from_relu_kinks(network, x, y):
        y = network.forward(x, y).y
        assert core.max_gradient_error(network, x, y) < 1e-6


@pytest.mark.filterwarnings("error")
@SETTINGS
@given(problems())
def test_the_jacobian_road_equals_the_shortcut(problem):
    network, x, y, _ = problem
    fwd = network.forward(x, y)
    grads = network.backward(fwd)
    p, t = np.atleast_2d(fwd.probs), np.atleast_2d(fwd.y)
    shortcut = (p * t.sum(axis=1, keepdims=True) - t) / len(p)
    np.testing.assert_allclose(np.atleast_2d(grads.dz_chain), shortcut, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(np.atleast_2d(grads.layers[-1].dz), shortcut, rtol=1e-12, atol=1e-15)
    extras = grads.sample_extras([0])
    np.testing.assert_allclose(extras.dz_chain[0], shortcut[0], rtol=1e-12, atol=1e-15)

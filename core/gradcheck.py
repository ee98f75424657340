"""Central-difference gradients, to check the analytic backward pass of any network."""
from dataclasses import replace

import numpy as np

from .network import Network


def numerical_gradient(f, x, eps=1e-6):
    """d f / d x by central differences (f(x + eps) - f(x - eps)) / 2 eps, one entry of x at a time."""
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        orig = x[i]
        x[i] = orig + eps
        up = f(x)
        x[i] = orig - eps
        down = f(x)
        x[i] = orig
        grad[i] = (up - down) / (2 * eps)
    return grad


def _with(network, index, **params):
    layers = list(network.layers)
    layers[index] = replace(layers[index], **params)
    return Network(layers)


def numerical_gradients(network, x, y, eps=1e-6):
    """{(layer name, 'W'|'b'): gradient, ..., 'x': gradient} of the mean loss, all by central differences."""
    loss = lambda net, inputs: net.forward(inputs, y).loss
    grads = {"x": numerical_gradient(lambda v: loss(network, v), x, eps)}
    for i, layer in enumerate(network.layers):
        grads[layer.name, "W"] = numerical_gradient(lambda W: loss(_with(network, i, W=W), x), layer.W, eps)
        grads[layer.name, "b"] = numerical_gradient(lambda b: loss(_with(network, i, b=b), x), layer.b, eps)
    return grads


def max_gradient_error(network, x, y, eps=1e-6):
    """The largest |analytic - numerical| over every parameter and input: near 1e-9 when backward is right."""
    grads = network.backward(network.forward(x, y))
    numeric = numerical_gradients(network, x, y, eps)
    errors = [np.max(np.abs(grads.dx - numeric["x"]))]
    for g in grads.layers:
        errors += [np.max(np.abs(g.dW - numeric[g.name, "W"])), np.max(np.abs(g.db - numeric[g.name, "b"]))]
    return float(max(errors))

"""A dense network with a softmax output: forward and backward traces with every intermediate, and SGD.

Orientation: a layer's W has one row per neuron and one column per input, so z = W a + b for one sample;
a mini-batch has one row per sample, Z = A W^T + b. The loss of a batch is the mean of the sample losses.
"""
from dataclasses import dataclass, replace

import numpy as np

from .activations import ACTIVATIONS, SOFTMAX
from .softmax import (cross_entropy, dloss_dprobs, dlogits_shortcut, dlogits_via_jacobian, softmax,
                      softmax_jacobian)


def _array(values, ndim, what):
    """A float64 copy of `values`, insisting on `ndim` dimensions and finite entries."""
    a = np.array(values, dtype=float)
    if a.ndim != ndim:
        raise ValueError(f"{what} must have {ndim} dimension(s), got shape {a.shape}")
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{what} must be finite")
    return a


@dataclass(frozen=True)
class Dense:
    """One layer z = W a + b (+ offset), then its activation; `offset` is a constant some examples add to z."""

    name: str
    W: np.ndarray
    b: np.ndarray
    activation: str
    offset: np.ndarray | None = None

    def __post_init__(self):
        set_ = object.__setattr__
        set_(self, "W", _array(self.W, 2, f"layer {self.name!r} W"))
        set_(self, "b", _array(self.b, 1, f"layer {self.name!r} b"))
        if self.offset is not None:
            set_(self, "offset", _array(self.offset, 1, f"layer {self.name!r} offset"))
        for what, v in (("b", self.b), ("offset", self.offset)):
            if v is not None and v.shape != (self.W.shape[0],):
                raise ValueError(f"layer {self.name!r} {what} has {v.size} entries, W has {self.W.shape[0]} rows")
        if self.activation not in ACTIVATIONS and self.activation != SOFTMAX:
            raise ValueError(f"layer {self.name!r}: unknown activation {self.activation!r}")

    def preactivation(self, inputs):
        """Z = A W^T + b (+ offset) for a batch A with one row per sample."""
        z = inputs @ self.W.T + self.b
        return z if self.offset is None else z + self.offset

    def activate(self, z):
        return softmax(z) if self.activation == SOFTMAX else ACTIVATIONS[self.activation].fn(z)


@dataclass(frozen=True)
class LayerForward:
    """What one layer computed: its inputs, pre-activation z and activation a."""

    name: str
    inputs: np.ndarray
    z: np.ndarray
    a: np.ndarray


@dataclass(frozen=True)
class Forward:
    """The forward trace; arrays are vectors for one sample and have a row per sample for a batch."""

    x: np.ndarray
    y: np.ndarray
    layers: tuple[LayerForward, ...]
    probs: np.ndarray
    losses: np.ndarray
    loss: float
    batched: bool

    def layer(self, name):
        return next(t for t in self.layers if t.name == name)


@dataclass(frozen=True)
class LayerBackward:
    """One layer's gradients: dL/da of its output, dL/dz, dL/dW, dL/db and each sample's share of dL/dW."""

    name: str
    da: np.ndarray
    dz: np.ndarray
    dW: np.ndarray
    db: np.ndarray
    dW_samples: np.ndarray


@dataclass(frozen=True)
class Backward:
    """The backward trace, plus the softmax Jacobian and dL/dz through it (which equals p - y, scaled by 1/N)."""

    layers: tuple[LayerBackward, ...]
    dx: np.ndarray
    jacobian: np.ndarray
    dz_chain: np.ndarray

    def layer(self, name):
        return next(g for g in self.layers if g.name == name)


@dataclass(frozen=True)
class Step:
    """One gradient-descent step: the trace before, the gradients, the updated network and its trace."""

    before: Forward
    grads: Backward
    network: "Network"
    after: Forward


def check_targets(y, shape):
    """Targets must match the output shape and be probability vectors (one-hot is a special case)."""
    y = np.array(y, dtype=float)
    if y.shape != shape:
        raise ValueError(f"targets have shape {y.shape}, the output has shape {shape}")
    if np.any(y < 0) or not np.allclose(np.sum(y, axis=-1), 1.0, atol=1e-9):
        raise ValueError("each target must be non-negative and sum to 1")
    return y


class Network:
    """Dense layers from input to output; the last applies softmax and feeds a cross-entropy loss."""

    def __init__(self, layers):
        self.layers = tuple(layers)
        if not self.layers or self.layers[-1].activation != SOFTMAX:
            raise ValueError("the last layer must use the softmax activation")
        if any(layer.activation == SOFTMAX for layer in self.layers[:-1]):
            raise ValueError("only the last layer may use softmax")
        if len({layer.name for layer in self.layers}) != len(self.layers):
            raise ValueError("layer names must be unique")
        for prev, layer in zip(self.layers, self.layers[1:]):
            if layer.W.shape[1] != prev.W.shape[0]:
                raise ValueError(f"layer {layer.name!r} takes {layer.W.shape[1]} inputs, "
                                 f"layer {prev.name!r} gives {prev.W.shape[0]}")

    @property
    def n_inputs(self):
        return self.layers[0].W.shape[1]

    def forward(self, x, y):
        """Run x (one sample or a batch) through every layer and score the probabilities against y."""
        x = np.array(x, dtype=float)
        batched = x.ndim == 2
        a = np.atleast_2d(x)
        if a.ndim != 2 or a.shape[1] != self.n_inputs:
            raise ValueError(f"input has shape {x.shape}, the network takes {self.n_inputs} features")
        traces = []
        for layer in self.layers:
            z = layer.preactivation(a)
            traces.append((layer.name, a, z, layer.activate(z)))
            a = traces[-1][3]
        y2 = np.atleast_2d(check_targets(y, x.shape[:1] + a.shape[1:] if batched else a.shape[1:]))
        losses = cross_entropy(traces[-1][2], y2)
        out = (lambda v: v) if batched else (lambda v: v[0])
        return Forward(x=x, y=out(y2), layers=tuple(LayerForward(n, out(i), out(z), out(o)) for n, i, z, o in traces),
                       probs=out(a), losses=out(losses), loss=float(np.mean(losses)), batched=batched)

    def backward(self, fwd):
        """Every gradient of the mean loss, from dL/dp back to dL/dx."""
        out = (lambda v: v) if fwd.batched else (lambda v: v[0])
        p, y = np.atleast_2d(fwd.probs), np.atleast_2d(fwd.y)
        n = p.shape[0]
        da = dloss_dprobs(p, y) / n
        dz_chain = dlogits_via_jacobian(p, da)
        dz = dlogits_shortcut(p, y) / n
        grads = []
        for layer, trace in zip(reversed(self.layers), reversed(fwd.layers)):
            if layer.activation != SOFTMAX:
                z, a = np.atleast_2d(trace.z), np.atleast_2d(trace.a)
                dz = da * ACTIVATIONS[layer.activation].grad(z, a)
            inputs = np.atleast_2d(trace.inputs)
            samples = np.einsum("ni,nj->nij", dz, inputs)
            grads.append(LayerBackward(layer.name, out(da), out(dz), samples.sum(axis=0), dz.sum(axis=0), out(samples)))
            da = dz @ layer.W
        return Backward(layers=tuple(reversed(grads)), dx=out(da), jacobian=out(softmax_jacobian(p)),
                        dz_chain=out(dz_chain))

    def apply(self, grads, lr):
        """The network after W <- W - lr dL/dW and b <- b - lr dL/db in every layer."""
        return Network(replace(layer, W=layer.W - lr * g.dW, b=layer.b - lr * g.db)
                       for layer, g in zip(self.layers, grads.layers))

    def step(self, x, y, lr):
        """One step of gradient descent on (x, y) with learning rate lr, with the loss before and after."""
        before = self.forward(x, y)
        grads = self.backward(before)
        new = self.apply(grads, lr)
        return Step(before, grads, new, new.forward(x, y))

    def train(self, x, y, lr, steps):
        """`steps` steps of gradient descent in a row; the loss history is [s.before.loss for s] + [last after]."""
        history, net = [], self
        for _ in range(steps):
            history.append(net.step(x, y, lr))
            net = history[-1].network
        return history

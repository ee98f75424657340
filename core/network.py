"""A dense network with a softmax output: forward and backward traces, and gradient descent.

Orientation: a layer's W has one row per neuron and one column per input, so z = W a + b for one sample;
a mini-batch has one row per sample, Z = A W^T + b. The loss of a batch is the mean of the sample losses.
Arrays are float64 unless the network is float32 (`Network.astype`); traces hold references to the caller's
input, not copies. Overflow from finite inputs raises NumericError naming the layer and quantity.
"""
from dataclasses import dataclass, replace
from functools import partial

import numpy as np

from .activations import ACTIVATIONS, SOFTMAX
from .numeric import NumericError, require_finite
from .softmax import (complement, cross_entropy_from_log_probs, dloss_dprobs, dlogits_shortcut, exp_shifted, row_sum,
                      softmax)
from .traces import Backward, Forward, LayerBackward, LayerForward, Step

DTYPES = (np.float32, np.float64)


def _array(values, ndim: int, what: str) -> np.ndarray:
    """A copy of `values` (float32 stays float32, anything else becomes float64), `ndim`-dimensional and finite."""
    given = np.asarray(values)
    a = np.array(given, dtype=given.dtype if given.dtype in DTYPES else np.float64)
    if a.ndim != ndim:
        raise ValueError(f"{what} must have {ndim} dimension(s), got shape {a.shape}")
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{what} must be finite")
    return a


@dataclass(frozen=True)
class Dense:
    """One layer z = W a + b (+ offset), then its activation; `offset` is a constant some examples add to z.

    W is K x D (a row per neuron, a column per input), b and offset have K entries.
    """

    name: str
    W: np.ndarray
    b: np.ndarray
    activation: str
    offset: np.ndarray | None = None

    def __post_init__(self):
        set_ = object.__setattr__
        set_(self, "W", _array(self.W, 2, f"layer {self.name!r} W"))
        set_(self, "b", _array(self.b, 1, f"layer {self.name!r} b").astype(self.W.dtype, copy=False))
        if self.offset is not None:
            set_(self, "offset", _array(self.offset, 1, f"layer {self.name!r} offset").astype(self.W.dtype))
        for what, v in (("b", self.b), ("offset", self.offset)):
            if v is not None and v.shape != (self.W.shape[0],):
                raise ValueError(f"layer {self.name!r} {what} has {v.size} entries, W has {self.W.shape[0]} rows")
        if self.activation not in ACTIVATIONS and self.activation != SOFTMAX:
            raise ValueError(f"layer {self.name!r}: unknown activation {self.activation!r}")

    def preactivation(self, inputs: np.ndarray) -> np.ndarray:
        """Z = A W^T + b (+ offset) for a batch A (N x D): N x K."""
        z = inputs @ self.W.T
        z += self.b
        if self.offset is not None:
            z += self.offset
        return z

    def activate(self, z: np.ndarray) -> np.ndarray:
        """The activation of Z (N x K, or K): softmax along each row for the output layer."""
        return softmax(z) if self.activation == SOFTMAX else ACTIVATIONS[self.activation].fn(z)

    def astype(self, dtype) -> "Dense":
        """This layer with W, b and offset in `dtype` (float32 or float64)."""
        cast = lambda v: None if v is None else v.astype(dtype)
        return replace(self, W=cast(self.W), b=cast(self.b), offset=cast(self.offset))


def check_targets(y, shape: tuple[int, ...], dtype=np.float64) -> np.ndarray:
    """Targets as probability rows of `shape` (one-hot is a special case); integer labels become one-hot rows.

    Labels: one int for one sample, or N ints for a batch. A row must be non-negative and sum to 1 within 1e-9;
    the loss and its gradient are then exact for the row as given (dz = p·Σy − y).
    """
    given = np.asarray(y)
    if given.dtype.kind in "iu" and given.shape == shape[:-1]:
        if np.any(given < 0) or np.any(given >= shape[-1]):
            raise ValueError(f"labels must lie in 0..{shape[-1] - 1}")
        return np.eye(shape[-1], dtype=dtype)[given]
    y = given.astype(dtype, copy=False)
    if y.shape != shape:
        raise ValueError(f"targets have shape {y.shape}, the output has shape {shape}")
    if not np.all(np.isfinite(y)) or np.any(y < 0) or np.any(np.abs(row_sum(y) - 1.0) > 1e-9):
        raise ValueError("each target must be non-negative and sum to 1")
    return y


def _name_overflow(layer: str, da: np.ndarray | None, dz, dW, db) -> None:
    """Raise NumericError naming the first of a layer's gradients that is not finite (db sums dz, which scales da)."""
    for quantity, values in (("dL/da", da), ("dL/dz", dz), ("dL/dW", dW), ("dL/db", db)):
        if values is not None:
            require_finite(values, quantity, layer)


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
        if len({layer.W.dtype for layer in self.layers}) != 1:
            raise ValueError("every layer must have the same dtype (use Network.astype)")
        for prev, layer in zip(self.layers, self.layers[1:]):
            if layer.W.shape[1] != prev.W.shape[0]:
                raise ValueError(f"layer {layer.name!r} takes {layer.W.shape[1]} inputs, "
                                 f"layer {prev.name!r} gives {prev.W.shape[0]}")

    @property
    def n_inputs(self) -> int:
        return self.layers[0].W.shape[1]

    @property
    def dtype(self) -> np.dtype:
        return self.layers[0].W.dtype

    def astype(self, dtype) -> "Network":
        """The same network computing in `dtype`: np.float32 for speed, np.float64 (the default) for exactness."""
        if np.dtype(dtype) not in DTYPES:
            raise ValueError(f"dtype must be float32 or float64, got {np.dtype(dtype)}")
        return Network(layer.astype(dtype) for layer in self.layers)

    def _inputs(self, x) -> np.ndarray:
        """x as the network's dtype (no copy when it already is), checked for shape.

        Finiteness is checked only when the first z is not finite: a NaN or inf in x always reaches z.
        """
        x = np.asarray(x, dtype=self.dtype)
        if x.ndim not in (1, 2) or x.shape[-1] != self.n_inputs:
            raise ValueError(f"input has shape {x.shape}, the network takes {self.n_inputs} features")
        return x

    def forward(self, x, y) -> Forward:
        """Run x (D for one sample, N x D for a batch) through every layer and score p against y.

        y is a probability vector per sample (K or N x K) or integer labels (one, or N).
        """
        x = self._inputs(x)
        batched = x.ndim == 2
        a = np.atleast_2d(x)
        y2 = np.atleast_2d(check_targets(y, x.shape[:-1] + (self.layers[-1].W.shape[0],), self.dtype))
        traces = []
        with np.errstate(all="ignore"):
            for layer in self.layers:
                z = layer.preactivation(a)
                if not np.isfinite(z).all():
                    if not traces and not np.isfinite(x).all():
                        raise ValueError("input x must be finite")
                    require_finite(z, "z", layer.name)
                if layer.activation == SOFTMAX:
                    shifted, e, rest = exp_shifted(z)
                    a, log_p = np.divide(e, 1.0 + rest, out=e), np.subtract(shifted, np.log1p(rest), out=shifted)
                else:
                    a = layer.activate(z)
                traces.append(LayerForward(layer.name, traces[-1].a if traces else np.atleast_2d(x), z, a))
            losses = cross_entropy_from_log_probs(log_p, y2)
            loss = float(np.mean(losses))
        if not np.isfinite(loss):
            require_finite(losses, "the loss", self.layers[-1].name)
            raise NumericError(f"the mean loss is not finite: {self.dtype} overflowed summing finite sample losses",
                               quantity="loss")
        out = (lambda v: v) if batched else (lambda v: v[0])
        layers = tuple(LayerForward(t.name, out(t.inputs), out(t.z), out(t.a)) for t in traces)
        return Forward(x=x, y=out(y2), layers=layers, probs=out(a), losses=out(losses), loss=loss, batched=batched,
                       log_probs=out(log_p))

    def backward(self, fwd: Forward) -> Backward:
        """Every gradient of the mean loss from dL/dz of the output back to dL/dx; dL/dp and the per-sample extras
        are left for later, as nothing below them needs them."""
        out = (lambda v: v) if fwd.batched else (lambda v: v[0])
        p, y = np.atleast_2d(fwd.probs), np.atleast_2d(fwd.y)
        n = p.shape[0]
        grads = []
        with np.errstate(all="ignore"):
            dz = dlogits_shortcut(p, y, complement(p, np.atleast_2d(fwd.log_probs)))
            dz /= n
            da, da_of = None, lambda: out(dloss_dprobs(p, y) / n)
            for layer, trace in zip(reversed(self.layers), reversed(fwd.layers)):
                if layer.activation != SOFTMAX:
                    dz = ACTIVATIONS[layer.activation].grad(np.atleast_2d(trace.z), np.atleast_2d(trace.a))
                    dz *= da
                    da_of = partial(out, da)
                inputs = np.atleast_2d(trace.inputs)
                dW, db = dz.T @ inputs, dz.sum(axis=0)
                if not (np.isfinite(db).all() and np.isfinite(dW).all()):
                    _name_overflow(layer.name, da, dz, dW, db)
                grads.append(LayerBackward(layer.name, out(dz), dW, db, trace.inputs, fwd.batched, da_of))
                da = dz @ layer.W
            require_finite(da, "dL/dx", self.layers[0].name)
        return Backward(tuple(reversed(grads)), out(da), fwd.probs, fwd.log_probs, fwd.y, fwd.batched)

    def apply(self, grads: Backward, lr: float) -> "Network":
        """The network after W <- W - lr dL/dW and b <- b - lr dL/db in every layer."""
        layers = []
        with np.errstate(all="ignore"):
            for layer, g in zip(self.layers, grads.layers):
                W, b = layer.W - lr * g.dW, layer.b - lr * g.db
                require_finite(W, "W after the update", layer.name)
                require_finite(b, "b after the update", layer.name)
                layers.append(replace(layer, W=W, b=b))
        return Network(layers)

    def step(self, x, y, lr: float) -> Step:
        """One step of gradient descent on (x, y) with learning rate lr, with the loss before and after."""
        before = self.forward(x, y)
        grads = self.backward(before)
        new = self.apply(grads, lr)
        return Step(before, grads, new, new.forward(x, y))

    def train(self, x, y, lr: float, steps: int) -> list[Step]:
        """`steps` steps of gradient descent in a row; the loss history is [s.before.loss for s] + [last after].

        If step k (0-based) overflows, training stops there and raises NumericError whose message starts
        "step k+1 of steps:" and whose `.steps` holds the k finite steps before it.
        """
        history, net = [], self
        for k in range(steps):
            try:
                history.append(net.step(x, y, lr))
            except NumericError as e:
                raise NumericError(f"step {k + 1} of {steps}: {e}", e.layer, e.quantity, history) from e
            net = history[-1].network
        return history

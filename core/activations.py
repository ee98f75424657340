"""Element-wise activations and their derivatives, keyed by the names scenarios use."""
from typing import Callable, NamedTuple

import numpy as np


class Activation(NamedTuple):
    """An activation `fn(z)` and its derivative `grad(z, a)` written with whichever of z or a is simpler."""

    name: str
    fn: Callable[[np.ndarray], np.ndarray]
    grad: Callable[[np.ndarray, np.ndarray], np.ndarray]


def sigmoid(z):
    """1 / (1 + e^-z), evaluated without overflow for large |z|."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


ACTIVATIONS = {
    "sigmoid": Activation("sigmoid", sigmoid, lambda z, a: a * (1.0 - a)),
    "tanh": Activation("tanh", np.tanh, lambda z, a: 1.0 - a * a),
    "relu": Activation("relu", lambda z: np.maximum(z, 0.0), lambda z, a: (z > 0).astype(float)),
    "identity": Activation("identity", lambda z: z.copy(), lambda z, a: np.ones_like(z)),
}

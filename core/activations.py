"""Element-wise activations: one registry entry each, with its derivative, how it is written and how it is plotted.

Every other part of the project (validation, worked lines, captions, curves) reads these entries; the softmax
output layer is named by SOFTMAX and handled by `core.softmax`.
"""
from dataclasses import dataclass
from typing import Callable

import numpy as np

SOFTMAX = "softmax"


@dataclass(frozen=True)
class Activation:
    """An activation `fn(z)`, its derivative `grad(z, a)` in whichever of z or a is simpler, and its notation.

    `tex` writes a = f(z) with `{sym}` (z's symbol) and `{z}` (its value); `grad_tex` writes f'(z) with `{a}`;
    `word` names it in a caption; `plot` is the y-range of a curve worth drawing, None when a curve adds nothing.
    """

    name: str
    fn: Callable[[np.ndarray], np.ndarray]
    grad: Callable[[np.ndarray, np.ndarray], np.ndarray]
    tex: str
    grad_tex: str
    word: str
    curve_tex: str = ""
    plot: tuple[float, float] | None = None


def sigmoid(z: np.ndarray) -> np.ndarray:
    """1 / (1 + e^-z), evaluated without overflow for large |z|."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


ACTIVATIONS: dict[str, Activation] = {a.name: a for a in (
    Activation("sigmoid", sigmoid, lambda z, a: a * (1.0 - a), r"\sigma({sym}) = \sigma({z})", "{a}(1 - {a})", "σ",
               r"\sigma(z)", (0.0, 1.0)),
    Activation("tanh", np.tanh, lambda z, a: 1.0 - a * a, r"\tanh({z})", "1 - {a}^2", "tanh", r"\tanh(z)",
               (-1.0, 1.0)),
    Activation("relu", lambda z: np.maximum(z, 0.0), lambda z, a: (z > 0).astype(z.dtype), r"\max(0, {z})", "",
               "relu"),
    Activation("identity", lambda z: z.copy(), lambda z, a: np.ones_like(z), "{z}", "", "identity"),
)}

NAMES = (*ACTIVATIONS, SOFTMAX)

"""The worked solution of a scenario: typed results over the core's traces, and one lookup by `Quantity`.

Arrays are vectors for one sample and have a row per sample for a batch, as in the core. The JSON of
`check --json` is written from these objects by `lesson.export` alone.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cached_property

import numpy as np

import core
from .errors import solving
from .quantity import Quantity
from .scenario import Scenario


@dataclass(frozen=True)
class LayerResult:
    """One layer in the first step: its parameters, forward and backward values, and its update."""

    name: str
    activation: str
    inputs: np.ndarray
    W: np.ndarray
    b: np.ndarray
    z: np.ndarray
    a: np.ndarray
    da: np.ndarray
    dz: np.ndarray
    dW: np.ndarray
    db: np.ndarray
    W_new: np.ndarray
    b_new: np.ndarray
    a_after: np.ndarray
    z_computed: np.ndarray | None = None     # W a + b, when the scenario states z instead
    offset: np.ndarray | None = None         # c = z - (W a + b), what the example adds to make its stated z
    dW_samples: np.ndarray | None = None     # each sample's share of dW, for a batch


@dataclass(frozen=True)
class SoftmaxResult:
    """The softmax as a worked example writes it (e^z, their sum, the shift) and the Jacobian road to dL/dz."""

    exp: np.ndarray
    sum: np.ndarray
    shift: np.ndarray
    jacobian: np.ndarray
    dz_chain: np.ndarray
    dp: np.ndarray
    p_minus_y: np.ndarray        # each sample's p - y; (P - Y)/N stacks these rows


@dataclass(frozen=True)
class Parameters:
    """A layer's weights and biases at some point of training."""

    W: np.ndarray
    b: np.ndarray


@dataclass(frozen=True)
class Training:
    """Gradient descent over every step: the loss and the true class's probability before each step and after the
    last, and where it ends (the probabilities and every layer's parameters after the last step)."""

    loss: np.ndarray
    p_true: np.ndarray
    probabilities: np.ndarray
    layers: dict[str, Parameters]


def exp_terms(z: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(e^(z - shift), their sum, shift) per sample, as a worked example writes them: unshifted (shift 0) unless
    a term or the sum would overflow, or a term fall below the smallest normal float; then shifted by the max."""
    low, high = np.log(np.finfo(float).tiny), np.log(np.finfo(float).max) - np.log(z.shape[-1])
    wild = (np.min(z, axis=-1) < low) | (np.max(z, axis=-1) > high)
    shift = np.where(wild, np.max(z, axis=-1), 0.0)
    e = np.exp(z - shift[..., None])
    return e, np.sum(e, axis=-1), shift


@dataclass(frozen=True)
class Solution:
    """A scenario solved by the core: the first step's results and the loss over every step of training."""

    scenario: Scenario

    @cached_property
    def network(self) -> core.Network:
        return self.scenario.network()

    @cached_property
    def steps(self) -> list[core.Step]:
        """Every step of training; when one diverges, the finite steps before it (and `diverged` says why)."""
        s = self.scenario
        try:
            with np.errstate(divide="ignore", over="ignore", invalid="ignore"):     # -y/p may overflow: reported
                return self.network.train(s.input, s.target, s.learning_rate, s.steps)
        except core.NumericError as e:
            if not e.steps:
                raise
            self.__dict__["diverged"] = str(e)
            return e.steps

    @property
    def diverged(self) -> str | None:
        """Why training stopped before its last step, or None when every step stayed finite."""
        self.steps
        return self.__dict__.get("diverged")

    @property
    def first(self) -> core.Step:
        return self.steps[0]

    @property
    def loss(self) -> float:
        return self.first.before.loss

    @property
    def loss_after(self) -> float:
        return self.first.after.loss

    @property
    def sample_losses(self) -> np.ndarray:
        return self.first.before.losses

    @property
    def probabilities(self) -> np.ndarray:
        return self.first.before.probs

    @property
    def chain_overflows(self) -> bool:
        """Whether -y/p of the first sample (the one the why section works) is not finite in float64: a p the loss
        reads underflowed to 0, so the chain road through the Jacobian cannot be walked with its numbers."""
        return not np.all(np.isfinite(np.atleast_2d(self.softmax.dp)[0]))

    @property
    def probabilities_after(self) -> np.ndarray:
        return self.first.after.probs

    @property
    def dx(self) -> np.ndarray:
        return self.first.grads.dx

    @property
    def input(self) -> np.ndarray:
        return self.scenario.input

    @property
    def target(self) -> np.ndarray:
        return self.scenario.target

    @property
    def learning_rate(self) -> float:
        return self.scenario.learning_rate

    @cached_property
    def history(self) -> np.ndarray:
        """The loss before each step and after the last: the training curve."""
        return np.array([step.before.loss for step in self.steps] + [self.steps[-1].after.loss])

    @cached_property
    def training(self) -> Training:
        true = np.argmax(self.scenario.target, axis=-1)
        probs = [step.before.probs for step in self.steps] + [self.steps[-1].after.probs]
        p_true = np.array([np.take_along_axis(np.atleast_2d(p), np.atleast_1d(true)[:, None], axis=-1)[:, 0]
                           for p in probs])
        last = self.steps[-1].network.layers
        return Training(self.history, p_true if self.scenario.batched else p_true[:, 0], probs[-1],
                        {l.name: Parameters(l.W, l.b) for l in last})

    @cached_property
    def softmax(self) -> SoftmaxResult:
        grads = self.first.grads
        e, total, shift = exp_terms(self.first.before.layers[-1].z)
        return SoftmaxResult(e, total, shift, grads.jacobian, grads.dz_chain, grads.layers[-1].da,
                             self.probabilities - self.target)

    @cached_property
    def layers(self) -> dict[str, LayerResult]:
        """Every layer's results by name, input to output."""
        return {layer.name: self._layer(index) for index, layer in enumerate(self.network.layers)}

    def _layer(self, index: int) -> LayerResult:
        step, old = self.first, self.network.layers[index]
        new = step.network.layers[index]
        f, g = step.before.layers[index], step.grads.layers[index]
        return LayerResult(
            old.name, old.activation, f.inputs, old.W, old.b, f.z, f.a, g.da, g.dz, g.dW, g.db, new.W, new.b,
            step.after.layers[index].a, z_computed=None if old.offset is None else f.z - old.offset, offset=old.offset,
            dW_samples=g.dW_samples if self.scenario.batched else None)

    def value(self, quantity: Quantity) -> float | np.ndarray:
        """The number (or array) a quantity names; KeyError when it names nothing computed."""
        node: object = self
        for part in quantity.parts:
            node = _step(node, part, quantity)
        if isinstance(node, (bool, str)) or node is None:
            raise KeyError(str(quantity))
        array = np.asarray(node, dtype=float)
        return float(array) if array.ndim == 0 else array


_NAMED = {Solution: {"loss", "loss_after", "sample_losses", "probabilities", "probabilities_after", "dx", "input",
                     "target", "learning_rate", "history", "softmax", "layers", "training"},
          Training: {"loss", "p_true", "probabilities", "layers"}, Parameters: {"W", "b"},
          LayerResult: {f.name for f in fields(LayerResult)} - {"name", "activation"},
          SoftmaxResult: {f.name for f in fields(SoftmaxResult)}}


def _step(node: object, part: str | int, quantity: Quantity) -> object:
    """One step of a lookup: a named field of a result, a layer by name, or an index into an array."""
    if isinstance(part, int):
        if not isinstance(node, np.ndarray) or node.ndim == 0 or part >= node.shape[0]:
            raise KeyError(str(quantity))
        return node[part]
    if isinstance(node, dict) and part in node:
        return node[part]
    if part in _NAMED.get(type(node), ()):
        return getattr(node, part)
    raise KeyError(str(quantity))


def solve(scenario: Scenario) -> Solution:
    """The scenario solved now, every step of training; arithmetic that fails on a valid file is one ScenarioError."""
    with solving(scenario.file):
        solution = Solution(scenario)
        solution.steps
    return solution

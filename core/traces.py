"""What a forward and a backward pass computed: frozen records, with the per-sample extras built only on request.

Arrays are vectors for one sample and have a row per sample for a batch (N rows). The batch gradient is always
there; the per-sample extras (each sample's share of dW, the softmax Jacobians, dL/dz through them) cost N x K x D
or N x K x K, so they are computed on first access for the whole batch, or for a few samples by `sample_extras`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Callable, Sequence

import numpy as np

from .softmax import complement, dloss_dprobs, dlogits_via_jacobian, softmax_jacobian

if TYPE_CHECKING:
    from .network import Network


def _rows(values: np.ndarray, indices: Sequence[int] | slice) -> np.ndarray:
    """The rows `indices` of a batch array, treating one sample's vector as a batch of one."""
    return np.atleast_2d(values)[indices]


def _unbatch(values: np.ndarray, batched: bool) -> np.ndarray:
    return values if batched else values[0]


@dataclass(frozen=True)
class LayerForward:
    """What one layer computed: its inputs (D or N x D), pre-activation z and activation a (K or N x K)."""

    name: str
    inputs: np.ndarray
    z: np.ndarray
    a: np.ndarray


@dataclass(frozen=True)
class Forward:
    """The forward trace: x, the targets y (one-hot rows for labels), each layer, p, the sample losses, their mean,
    and ln p (`log_probs`, finite where p underflows to 0 and below 0 where p rounds to 1)."""

    x: np.ndarray
    y: np.ndarray
    layers: tuple[LayerForward, ...]
    probs: np.ndarray
    losses: np.ndarray
    loss: float
    batched: bool
    log_probs: np.ndarray = field(repr=False, compare=False, default=None)

    def layer(self, name: str) -> LayerForward:
        return next(t for t in self.layers if t.name == name)


@dataclass(frozen=True)
class LayerBackward:
    """One layer's gradients of the mean loss: dL/dz (K or N x K), dL/dW (K x D), dL/db (K), and dL/da of its output.

    `da` comes from `da_of` on first access: the output layer's dL/dp = −y/(N p) is needed by nothing below it.
    `dW_samples` (each sample's share dz_n a_n^T: K x D, or N x K x D for a batch) is built on first access;
    `dW_of(indices)` builds it for a few samples only.
    """

    name: str
    dz: np.ndarray
    dW: np.ndarray
    db: np.ndarray
    inputs: np.ndarray = field(repr=False, compare=False)
    batched: bool = field(default=True, repr=False)
    da_of: Callable[[], np.ndarray] = field(default=None, repr=False, compare=False)

    @cached_property
    def da(self) -> np.ndarray:
        return self.da_of()

    def dW_of(self, indices: Sequence[int] | slice) -> np.ndarray:
        """The shares of dW of the samples `indices`: len(indices) x K x D; over every sample they sum to dW."""
        return np.einsum("ni,nj->nij", _rows(self.dz, indices), _rows(self.inputs, indices))

    @cached_property
    def dW_samples(self) -> np.ndarray:
        return _unbatch(self.dW_of(slice(None)), self.batched)


@dataclass(frozen=True)
class SampleExtras:
    """The per-sample extras of the samples `indices`, one row each: softmax Jacobian (n x K x K), dL/dz through
    it (n x K, equal to the shortcut's dz) and each layer's share of dW by name (n x K x D)."""

    indices: np.ndarray
    jacobian: np.ndarray
    dz_chain: np.ndarray
    dW_samples: dict[str, np.ndarray]


@dataclass(frozen=True)
class Backward:
    """The backward trace: each layer's gradients and dL/dx (D or N x D), from the probabilities and targets.

    `jacobian` (dp/dz: K x K, or N x K x K) and `dz_chain` (dL/dz as J^T dL/dp, scaled by 1/N like dz) are built
    on first access for every sample; `sample_extras(indices)` builds them, and dW's shares, for a few samples.
    """

    layers: tuple[LayerBackward, ...]
    dx: np.ndarray
    probs: np.ndarray = field(repr=False, compare=False)
    log_probs: np.ndarray = field(repr=False, compare=False)
    y: np.ndarray = field(repr=False, compare=False)
    batched: bool = field(default=True, repr=False)

    def layer(self, name: str) -> LayerBackward:
        return next(g for g in self.layers if g.name == name)

    def _probs(self, indices: Sequence[int] | slice) -> tuple[np.ndarray, np.ndarray]:
        """p of the rows `indices` and 1 - p, exact where p rounds to 1."""
        p = _rows(self.probs, indices)
        return p, complement(p, _rows(self.log_probs, indices))

    def _jacobian(self, indices: Sequence[int] | slice) -> np.ndarray:
        return softmax_jacobian(*self._probs(indices))

    def _chain(self, indices: Sequence[int] | slice) -> np.ndarray:
        """dL/dz through the Jacobian for the rows `indices`: J^T (-y/p), divided by N as the mean loss is."""
        (p, one_minus_p), y = self._probs(indices), _rows(self.y, indices)
        return dlogits_via_jacobian(p, dloss_dprobs(p, y), y, one_minus_p) / np.atleast_2d(self.probs).shape[0]

    def sample_extras(self, indices: Sequence[int]) -> SampleExtras:
        """Jacobians, the chain road and dW's shares for the samples `indices` only (0 for one sample)."""
        rows = np.asarray(indices, dtype=int).reshape(-1)
        return SampleExtras(rows, self._jacobian(rows), self._chain(rows), {g.name: g.dW_of(rows) for g in self.layers})

    @cached_property
    def jacobian(self) -> np.ndarray:
        return _unbatch(self._jacobian(slice(None)), self.batched)

    @cached_property
    def dz_chain(self) -> np.ndarray:
        return _unbatch(self._chain(slice(None)), self.batched)


@dataclass(frozen=True)
class Step:
    """One gradient-descent step: the trace before, the gradients, the updated network and its trace."""

    before: Forward
    grads: Backward
    network: Network
    after: Forward

"""What `check` says beyond the numbers: each printed number of the source beside the computed one, and warnings."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from .quantity import Quantity
from .scenario import Claim
from .solution import Solution


def half_unit(printed: str) -> float:
    """Half a unit in the last printed decimal: "0.0510" -> 0.00005; the tolerance of a printed number."""
    return 0.5 * 10.0 ** Decimal(printed).as_tuple().exponent


@dataclass(frozen=True)
class ClaimResult:
    """A printed number and the computed one; `ok` when the computed value rounds to what is printed."""

    claim: Claim
    computed: float

    @property
    def tolerance(self) -> float:
        return half_unit(self.claim.document)

    @property
    def ok(self) -> bool:
        return abs(self.computed - float(self.claim.document)) <= self.tolerance + 1e-12


def claims(solution: Solution) -> list[ClaimResult]:
    """Every claim of the scenario's source, checked; a claim naming no computed number is a ScenarioError."""
    out = []
    for i, claim in enumerate(solution.scenario.source["claims"]):
        try:
            computed = solution.value(Quantity.parse(claim.quantity))
        except (ValueError, KeyError):
            computed = None
        if not isinstance(computed, float):
            raise solution.scenario.error(("source", "claims", i, "quantity"),
                                          f"{claim.quantity!r} names no computed number; write a path such as "
                                          "'probabilities[0]' or 'layers.<name>.dW[0][1]' (see --json)")
        out.append(ClaimResult(claim, computed))
    return out


def warnings(solution: Solution) -> list[str]:
    """Things a reader should know that are not errors: stated values the network would not compute."""
    out = []
    if solution.diverged:
        done = len(solution.steps)
        out.append(f"training diverged and stopped after {done} of {solution.scenario.steps} steps: "
                   f"{solution.diverged}. The history holds the {done + 1} finite losses; a smaller learning rate "
                   "keeps the steps finite.")
    for spec in solution.scenario.layers:
        if spec.stated_z is not None:
            computed = solution.layers[spec.name].z_computed
            out.append(f"layer '{spec.name}': z = {_short(spec.stated_z)} is stated by the scenario, not "
                       f"computed; W a + b = {_short(computed)}. The difference is kept as a constant, so "
                       "the gradients and the update are exact and the loss after the update includes it.")
    return out + chain_road(solution)


def chain_road(solution: Solution) -> list[str]:
    """Why the Jacobian road's numbers are null where float64 cannot hold them: p underflowed to 0, so -y/p is
    infinite and its product with the Jacobian (whose entries in that row are 0) has no value."""
    sm, z = solution.softmax, solution.layers[solution.scenario.layers[-1].name].z
    out = []
    name = solution.scenario.layers[-1].name
    for index in _non_finite(sm.dp):
        gap = np.max(z[index[:-1]]) - z[index]
        out.append(f"{Quantity(('softmax', 'dp') + index)} (also {Quantity(('layers', name, 'da') + index)}) "
                   "= -y/p overflows: p = "
                   f"{solution.probabilities[index]:.3g} in float64 (its logit is {gap:.6g} below the largest), "
                   "so it is written as null.")
    if out:
        nulls = ", ".join(str(Quantity(("softmax", "dz_chain") + i)) for i in _non_finite(sm.dz_chain))
        out.append(f"The chain road multiplies that infinity by Jacobian entries of 0, so {nulls} are null. The "
                   "loss and every gradient are computed from log-softmax (the short road, p - y) and are finite.")
    return out


def _non_finite(values: np.ndarray) -> list[tuple[int, ...]]:
    return [tuple(int(i) for i in index) for index in np.argwhere(~np.isfinite(values))]


def _short(values: np.ndarray) -> str:
    return "[" + ", ".join(f"{v:.6g}" for v in np.ravel(values)) + "]"

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
    return out


def _short(values: np.ndarray) -> str:
    return "[" + ", ".join(f"{v:.6g}" for v in np.ravel(values)) + "]"

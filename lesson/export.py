"""The JSON of `check --json`: the one place typed results become plain data (a published contract)."""
from __future__ import annotations

import numpy as np

from .review import ClaimResult
from .solution import LayerResult, Solution, Training

_LAYER_FIELDS = ("W", "b", "z", "a", "da", "dz", "dW", "db", "W_new", "b_new", "a_after")


def _plain(value: object) -> object:
    """Plain lists of floats; a number float64 cannot hold (inf, nan) becomes None, which review.warnings explains."""
    array = np.asarray(value)
    return np.where(np.isfinite(array), array, None).tolist() if array.dtype.kind == "f" else array.tolist()


def _layer(result: LayerResult) -> dict:
    out = {"activation": result.activation, "inputs": _plain(result.inputs)}
    out |= {name: _plain(getattr(result, name)) for name in _LAYER_FIELDS}
    for extra in ("z_computed", "offset", "dW_samples"):
        if getattr(result, extra) is not None:
            out[extra] = _plain(getattr(result, extra))
    return out


def _training(training: Training) -> dict:
    return {"loss": _plain(training.loss), "p_true": _plain(training.p_true),
            "probabilities": _plain(training.probabilities),
            "layers": {name: {"W": _plain(p.W), "b": _plain(p.b)} for name, p in training.layers.items()}}


def _claim(result: ClaimResult) -> dict:
    c = result.claim
    return {"quantity": c.quantity, "document": float(c.document), "printed": c.document,
            "computed": result.computed, "ok": result.ok, "tolerance": result.tolerance, "where": c.where,
            "note": c.note}


def as_json(solution: Solution, claims: list[ClaimResult], warnings: list[str]) -> dict:
    """Every computed quantity under the names claims and quantities use, then the claims and warnings."""
    s, sm = solution.scenario, solution.softmax
    return {
        "file": s.file, "title": s.title, "batched": s.batched, "classes": s.classes, "input": _plain(s.input),
        "target": _plain(s.target), "target_labels": s.target_labels, "learning_rate": s.learning_rate,
        "loss": solution.loss, "sample_losses": _plain(solution.sample_losses), "loss_after": solution.loss_after,
        "probabilities": _plain(solution.probabilities), "probabilities_after": _plain(solution.probabilities_after),
        "dx": _plain(solution.dx),
        "softmax": {"exp": _plain(sm.exp), "sum": _plain(sm.sum), "shift": _plain(sm.shift),
                    "jacobian": _plain(sm.jacobian), "dz_chain": _plain(sm.dz_chain), "dp": _plain(sm.dp),
                    "p_minus_y": _plain(sm.p_minus_y)},
        "layers": {name: _layer(result) for name, result in solution.layers.items()},
        "history": _plain(solution.history),
        "training": _training(solution.training),
        "claims": [_claim(c) for c in claims], "notes": s.source["notes"], "warnings": warnings,
    }

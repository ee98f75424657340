"""The text of `render.py check`: the worked solution in reading order, then the document comparison."""
from __future__ import annotations

import numpy as np

from lesson import storyboard
from lesson.notation import fixed, given
from lesson.plaintext import to_unicode
from lesson.review import ClaimResult
from lesson.solution import Solution
from lesson.why import Why
from lesson.worked import Formula, Worked


def _vector(values: np.ndarray, digits: int | None = None) -> str:
    """[0.665, 0.245] at `digits` decimals, or as given when digits is None."""
    return "[" + ", ".join(given(v) if digits is None else fixed(v, digits) for v in values) + "]"


def _matrix(name: str, values: np.ndarray, digits: int | None = None) -> list[str]:
    rows = [_vector(r, digits) for r in np.atleast_2d(values)]
    pad = " " * (len(name) + 3)
    return [f"  {name} = {rows[0]}"] + [f"  {pad}{r}" for r in rows[1:]]


def header(solution: Solution) -> list[str]:
    s = solution.scenario
    sizes = " → ".join([str(s.input.shape[-1])] + [f"{l.weights.shape[0]} {l.activation}" for l in s.layers])
    kind = f"a batch of {len(s.input)} samples" if s.batched else "one sample"
    labels = f"; target {', '.join(map(str, s.target_labels))}" if s.target_labels else ""
    return [f"{s.title}  ({s.file})", f"{kind}, layers {sizes}{labels}; η = {given(s.learning_rate)}"]


def _formula(formula: Formula) -> str:
    note = f"   ({formula.note})" if formula.note else ""
    return "  " + to_unicode(formula.latex()) + note


def single_sample(solution: Solution) -> list[str]:
    lines, worked = [], Worked(solution).sections()
    for section in storyboard.sections(solution):
        if section.report_title is None:
            continue
        lines += ["", section.report_title]
        lines += why(solution) if section.name == "why" else [_formula(f) for f in worked[section.name]]
    return lines


def batch_with_why(solution: Solution) -> list[str]:
    """The batch's matrices, then the why section's steps when the scenario keeps that section."""
    if not storyboard.has(solution, "why"):
        return batch(solution)
    return batch(solution) + ["", storyboard.BY_NAME["why"].report_title] + why(solution)


def why(solution: Solution) -> list[str]:
    """The Jacobian road and the short road, a title line before each step's formulas."""
    lines, title = [], None
    for step_title, formula in Why(solution).lines():
        if step_title != title:
            lines.append(f"  — {step_title}")
            title = step_title
        lines.append(_formula(formula))
    return lines


def batch(solution: Solution) -> list[str]:
    """A batch is shown as matrices, one row per sample, as in (1/N)(P - Y)."""
    s, digits = solution.scenario, solution.scenario.precision
    out = solution.layers[s.layers[-1].name]
    lines = ["", "Mini-batch", *_matrix("X", s.input)]
    for result in solution.layers.values():
        lines += _matrix(f"Z[{result.name}]", result.z, digits) + _matrix(f"A[{result.name}]", result.a, digits)
    lines += _matrix("Y", s.target) + [f"  sample losses = {_vector(solution.sample_losses, digits)}",
                                          f"  L = mean = {fixed(solution.loss, digits)}"]
    lines += _matrix(f"(P - Y)/N [{out.name}]", out.dz, digits)
    for result in reversed(solution.layers.values()):
        lines += _matrix(f"dW[{result.name}]", result.dW, digits) + [f"  db[{result.name}] = {_vector(result.db, digits)}"]
    for result in solution.layers.values():
        lines += _matrix(f"W_new[{result.name}]", result.W_new, s.update_precision)
        lines.append(f"  b_new[{result.name}] = {_vector(result.b_new, s.update_precision)}")
    return lines + [f"  L after the update = {fixed(solution.loss_after, digits)}"]


def training(solution: Solution) -> list[str]:
    losses = solution.history
    if len(losses) <= 2:
        return []
    digits = solution.scenario.precision
    return ["", f"Training ({len(losses) - 1} steps)"] + [f"  step {i}: L = {fixed(l, digits)}"
                                                          for i, l in enumerate(losses)]


def document(solution: Solution, claims: list[ClaimResult]) -> list[str]:
    src = solution.scenario.source
    if not claims and not src["notes"]:
        return []
    differs = sum(not c.ok for c in claims)
    lines = ["", f"Document: {src['title'] or src['file']}" + (f"  ({src['file']})" if src["title"] else ""),
             f"  {len(claims)} printed numbers checked, {differs} differ"]
    for c in claims:
        mark = "ok  " if c.ok else "DIFF"
        lines.append(f"  {mark} {c.claim.quantity:<28} printed {c.claim.document:>9}  computed {c.computed:.6g}"
                     + (f"  [{c.claim.where}]" if c.claim.where else ""))
        if not c.ok and c.claim.note:
            lines.append(f"       {c.claim.note}")
    return lines + [f"  note: {n}" for n in src["notes"]]


def text(solution: Solution, claims: list[ClaimResult], warnings: list[str]) -> str:
    body = batch_with_why(solution) if solution.scenario.batched else single_sample(solution)
    tail = [""] + [f"warning: {w}" for w in warnings] if warnings else []
    return "\n".join(header(solution) + body + training(solution) + document(solution, claims) + tail)

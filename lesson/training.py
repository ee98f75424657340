"""The formulas and points of the training section: the loss per step, the true class's probability per step,
and the parameters where gradient descent ends."""
from __future__ import annotations

from .quantity import q
from .record import Shown
from .worked import Formula, Worked, matrix, vector


def loss_points(worked: Worked) -> list[Shown]:
    """The loss before each step and after the last: the curve's points."""
    return [worked.computed(q("history", k)) for k in range(len(worked.solution.history))]


def true_class_points(worked: Worked) -> list[list[Shown]]:
    """Per sample (one for a single sample), the probability of its true class before each step and after the last."""
    p_true = worked.solution.training.p_true
    if p_true.ndim == 1:
        return [[worked.computed(q("training", "p_true", k)) for k in range(len(p_true))]]
    return [[worked.computed(q("training", "p_true", k, n)) for k in range(len(p_true))]
            for n in range(p_true.shape[1])]


def summary(worked: Worked) -> Formula:
    """L from the first step to after the last."""
    points = loss_points(worked)
    steps = len(points) - 1
    return Formula(rf"L_{{0}} = {points[0].text} \;\to\; L_{{{steps}}}", "", points[-1].text, points[-1].quantity,
                   (points[0], points[-1]))


def final_parameters(worked: Worked) -> list[Formula]:
    """Every layer's W and b after the last step, at the update precision."""
    out = []
    for index, spec in enumerate(worked.scenario.layers):
        new = lambda *parts: worked.computed(q("training", "layers", spec.name, *parts), worked.update_digits)
        W = matrix([[new("W", i, j) for j in range(spec.weights.shape[1])] for i in range(spec.weights.shape[0])])
        b = vector([new("b", i) for i in range(len(spec.bias))])
        out += [Formula(worked.symbol(index, "W") + r"_{\mathrm{end}}", "", W[0], q("training", "layers", spec.name, "W"),
                        W[1]),
                Formula(worked.symbol(index, "b") + r"_{\mathrm{end}}", "", b[0], q("training", "layers", spec.name, "b"),
                        b[1])]
    return out

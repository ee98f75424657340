"""The worked solution as formulas in LaTeX with the real numbers, section by section, for one sample.

The same formulas feed `render.py check` (as Unicode) and the video (as MathTex), so both show one set of numbers;
each formula lists every number it writes as a `Shown` (quantity, value, text), which the video records.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import core
from .language import renewed
from .letters import layer_tag
from .notation import fixed, given, lands, paren, room_for, signed_term
from .quantity import Quantity, layer, q
from .record import Shown
from .scenario import LayerSpec
from .solution import Solution

D = r"\partial "


@dataclass(frozen=True)
class Formula:
    """`lhs = rhs = value` in LaTeX; `quantity` is what `value` shows, `shows` every number written in it. `near`:
    the rhs, worked from its rounded numbers, misses the rounded value, so the value follows a ≈."""

    lhs: str
    rhs: str
    value: str
    quantity: Quantity | None = None
    shows: tuple[Shown, ...] = ()
    note: str = ""
    near: bool = False

    @property
    def relation(self) -> str:
        return r"\approx" if self.near and self.rhs else "="

    def latex(self) -> str:
        """`lhs = rhs = value`; with no lhs the line goes on from the one above it: `= rhs = value`."""
        head = " = ".join(part for part in (self.lhs, self.rhs) if part)
        head = head if self.lhs else f"= {head}"
        return f"{head} {self.relation} {self.value}" if self.value else head


def printed(shown: Shown) -> float:
    """A number as it is printed, for the arithmetic a reader does with it."""
    return float(shown.text)


def grad(symbol: str) -> str:
    """dL/d(symbol) as a LaTeX fraction."""
    return rf"\frac{{{D}L}}{{{D}{symbol}}}"


def weighted_sum(weights: list[str], inputs: list[str], bias: str) -> str:
    """'0.2 \\cdot 1 - 0.3 \\cdot 2 + 0.4 \\cdot (-1) + 0.5' from the written weights, inputs and bias."""
    terms = [signed_term(f"{w} \\cdot {paren(a)}", i == 0) for i, (w, a) in enumerate(zip(weights, inputs))]
    return " ".join(terms + [signed_term(bias, False)])


def _kept(n: int, limit: int) -> list[int | None]:
    """Indices to show of n: all of them, or the first limit-2, None (the dots) and the last."""
    return list(range(n)) if n <= limit else list(range(limit - 2)) + [None, n - 1]


def matrix(rows: list[list[Shown]], limit: int = 4) -> tuple[str, tuple[Shown, ...]]:
    """A pmatrix of the numbers and those of them it shows; beyond `limit` rows or columns the middle give way
    to dots."""
    keep_r, keep_c = _kept(len(rows), limit), _kept(len(rows[0]), limit)
    body, shown = [], []
    for i in keep_r:
        if i is None:
            body.append(" & ".join(r"\vdots" if j is not None else r"\ddots" for j in keep_c))
            continue
        shown += [rows[i][j] for j in keep_c if j is not None]
        body.append(" & ".join(r"\cdots" if j is None else rows[i][j].text for j in keep_c))
    return r"\begin{pmatrix} " + r" \\ ".join(body) + r" \end{pmatrix}", tuple(shown)


def vector(values: list[Shown], limit: int = 6) -> tuple[str, tuple[Shown, ...]]:
    """A row of numbers in parentheses, with dots in the middle beyond `limit` entries, and those it shows."""
    kept = _kept(len(values), limit)
    latex = r"\left(" + r",\ ".join(r"\dots" if i is None else values[i].text for i in kept) + r"\right)"
    return latex, tuple(values[i] for i in kept if i is not None)


def activation_rhs(activation: str, z_symbol: str, z_text: str) -> str:
    """a = f(z) written out with the registry's notation, e.g. \\sigma(z_1) = \\sigma(0.5)."""
    return core.ACTIVATIONS[activation].tex.format(sym=z_symbol, z=z_text)


def derivative_rhs(activation: str, a_text: str) -> str:
    """f'(z) written with the rounded activation, e.g. 0.622(1 - 0.622); empty when it is 0 or 1."""
    return core.ACTIVATIONS[activation].grad_tex.format(a=a_text)


def edge_room(solution: Solution) -> list[str]:
    """Per layer, a number as wide as any of its new weights at the update precision: the edge labels' spots."""
    digits = solution.scenario.update_precision
    return [room_for([fixed(w, digits) for w in np.ravel(result.W_new)]) for result in solution.layers.values()]


class Worked:
    """Builds the formulas of each section from the Solution of a single-sample scenario."""

    def __init__(self, solution: Solution):
        self.solution, self.scenario = solution, solution.scenario
        self.digits, self.update_digits = self.scenario.precision, self.scenario.update_precision

    # --- numbers as written ---------------------------------------------------------------------------------

    def computed(self, quantity: Quantity, digits: int | None = None) -> Shown:
        """A computed number at the display precision (or `digits`)."""
        value = self.solution.value(quantity)
        return Shown(quantity, value, fixed(value, self.digits if digits is None else digits))

    def given(self, quantity: Quantity) -> Shown:
        """A number the scenario gives, as its author wrote it."""
        value = self.solution.value(quantity)
        return Shown(quantity, value, given(value))

    def inputs(self, index: int) -> list[Shown]:
        """Layer `index`'s inputs as written: the given x, or the previous layer's rounded activations."""
        if index == 0:
            return [self.given(q("input", j)) for j in range(len(self.scenario.input))]
        previous = self.scenario.layers[index - 1]
        return [self.computed(layer(previous.name, "a", j)) for j in range(len(previous.bias))]

    def _params(self, spec: LayerSpec, field: str, how) -> list[list[Shown]]:
        rows, cols = spec.weights.shape
        return [[how(layer(spec.name, field, i, j)) for j in range(cols)] for i in range(rows)]

    # --- the sections ---------------------------------------------------------------------------------------

    def setup(self) -> list[Formula]:
        """What the video states before it computes: the input, every layer's parameters, the learning rate."""
        x = vector(self.inputs(0))
        eta = self.given(q("learning_rate"))
        return [Formula("x", "", x[0], q("input"), x[1]),
                *[line for index in range(len(self.scenario.layers)) for line in self.parameters(index)],
                Formula(r"\eta", "", eta.text, eta.quantity, (eta,))]

    def parameters(self, index: int) -> list[Formula]:
        """The layer's weights and biases as given."""
        spec = self.scenario.layers[index]
        W = matrix(self._params(spec, "W", self.given))
        b = vector([self.given(layer(spec.name, "b", i)) for i in range(len(spec.bias))])
        return [Formula(self.symbol(index, "W"), "", W[0], layer(spec.name, "W"), W[1]),
                Formula(self.symbol(index, "b"), "", b[0], layer(spec.name, "b"), b[1])]

    def forward(self) -> list[Formula]:
        lines = []
        for index, spec in enumerate(self.scenario.layers):
            lines += [self.stated(index)] if spec.stated_z is not None else []
            lines += [self.preactivation(index, i) for i in range(len(spec.bias))]
            if spec.activation != core.SOFTMAX:
                lines += [self.activation(spec, i) for i in range(len(spec.bias))]
        return lines

    def preactivation(self, index: int, i: int) -> Formula:
        """z_i = w_i1 a_1 + ... + b_i = value; for a stated z the offset c_i joins the sum, so z follows from the screen."""
        spec = self.scenario.layers[index]
        weights = [self.given(layer(spec.name, "W", i, j)) for j in range(spec.weights.shape[1])]
        inputs, bias = self.inputs(index), self.given(layer(spec.name, "b", i))
        added = () if spec.stated_z is None else (self.computed(layer(spec.name, "offset", i)),)
        z = self.given(layer(spec.name, "z", i)) if added else self.computed(layer(spec.name, "z", i))
        rhs = weighted_sum([w.text for w in weights], [a.text for a in inputs], bias.text)
        rhs += "".join(" " + signed_term(c.text, False) for c in added)
        terms = tuple(s for pair in zip(weights, inputs) for s in pair) + (bias, *added)
        total = sum(printed(w) * printed(a) for w, a in zip(weights, inputs)) + sum(printed(t) for t in (bias, *added))
        return Formula(spec.z_symbols[i], rhs, z.text, z.quantity, terms + (z,), near=not lands(total, z.text))

    def activation(self, spec: LayerSpec, i: int) -> Formula:
        z, a = self.computed(layer(spec.name, "z", i)), self.computed(layer(spec.name, "a", i))
        return Formula(spec.a_symbols[i], activation_rhs(spec.activation, spec.z_symbols[i], z.text), a.text,
                       a.quantity, (z, a))

    def softmax(self) -> list[Formula]:
        out = self.scenario.layers[-1]
        k = len(out.bias)
        exps = [self.computed(q("softmax", "exp", i)) for i in range(k)]
        total = self.computed(q("softmax", "sum"))
        lines, shift = [], self.computed(q("softmax", "shift"))
        shifted = (r" - \max z", f" - {paren(shift.text)}", (shift,)) if shift.value else ("", "", ())
        for i, e in enumerate(exps):
            z = self.computed(layer(out.name, "z", i))
            lines.append(Formula(f"e^{{{out.z_symbols[i]}{shifted[0]}}}", f"e^{{{z.text}{shifted[1]}}}", e.text,
                                 e.quantity, (z, *shifted[2], e)))
        lines.append(Formula("S", " + ".join(e.text for e in exps), total.text, total.quantity, (*exps, total),
                             near=not lands(sum(printed(e) for e in exps), total.text)))
        for i, e in enumerate(exps):
            p = self.computed(q("probabilities", i))
            lines.append(Formula(out.a_symbols[i], rf"{e.text} / {total.text}", p.text, p.quantity, (e, total, p),
                                 near=not lands(printed(e) / printed(total), p.text)))
        return lines + [self.loss_line()]

    def loss_line(self) -> Formula:
        out, y = self.scenario.layers[-1], self.scenario.target
        loss = self.computed(q("loss"))
        hot = [i for i, t in enumerate(y) if t != 0]
        probs = {i: self.computed(q("probabilities", i)) for i in hot}
        if len(hot) == 1 and round(probs[hot[0]].value, self.scenario.precision) == 0:
            return self.log_sum_exp_loss(hot[0], loss)
        if len(hot) == 1:
            i = hot[0]
            return Formula("L", rf"-\ln {out.a_symbols[i]} = -\ln {probs[i].text}", loss.text, loss.quantity,
                           (probs[i], loss), near=not lands(-np.log(printed(probs[i])), loss.text))
        weights = {i: self.given(q("target", i)) for i in hot}
        terms = " + ".join(rf"{weights[i].text} \ln {probs[i].text}" for i in hot)
        worked = -sum(printed(weights[i]) * np.log(printed(probs[i])) for i in hot) if all(printed(probs[i]) > 0 for i in hot) \
            else np.inf
        return Formula("L", rf"-({terms})", loss.text, loss.quantity,
                       tuple(s for i in hot for s in (weights[i], probs[i])) + (loss,), near=not lands(worked, loss.text))

    def log_sum_exp_loss(self, i: int, loss: Shown) -> Formula:
        """L = max z - z_y + ln S, for a true class whose p prints as 0: no line may read -ln 0.000."""
        out = self.scenario.layers[-1]
        shift, total = self.computed(q("softmax", "shift")), self.computed(q("softmax", "sum"))
        z = self.computed(layer(out.name, "z", i))
        return Formula("L", rf"\max z - {out.z_symbols[i]} + \ln S = {shift.text} - {paren(z.text)} + \ln {total.text}",
                       loss.text, loss.quantity, (shift, z, total, loss))

    def backward(self) -> list[Formula]:
        lines = []
        for index in reversed(range(len(self.scenario.layers))):
            lines += self.layer_dz(index) + self.layer_params(index)
        dx = [self.computed(q("dx", k)) for k in range(len(self.scenario.input))]
        return lines + [Formula(grad(x), "", d.text, d.quantity, (d,))
                        for x, d in zip(self.scenario.input_symbols, dx)]

    def layer_dz(self, index: int) -> list[Formula]:
        spec = self.scenario.layers[index]
        if spec.activation == core.SOFTMAX:
            return [self.output_dz(spec, i) for i in range(len(spec.bias))]
        lines = []
        for j in range(len(spec.bias)):
            lines += [self.hidden_da(index, j), self.hidden_dz(spec, j)]
        return lines

    def output_dz(self, spec: LayerSpec, i: int) -> Formula:
        """dL/dz_i = p_i - y_i = value."""
        p, y = self.computed(layer(spec.name, "a", i)), self.given(q("target", i))
        dz = self.computed(layer(spec.name, "dz", i))
        return Formula(grad(spec.z_symbols[i]), f"{spec.a_symbols[i]} - y_{{{i + 1}}} = {p.text} - {y.text}", dz.text,
                       dz.quantity, (p, y, dz), near=not lands(printed(p) - printed(y), dz.text))

    def hidden_da(self, index: int, j: int) -> Formula:
        """dL/da_j = sum over the next layer's neurons of dL/dz_i w_ij."""
        spec, nxt = self.scenario.layers[index], self.scenario.layers[index + 1]
        pairs = [(self.computed(layer(nxt.name, "dz", i)), self.given(layer(nxt.name, "W", i, j)))
                 for i in range(len(nxt.bias))]
        terms = " ".join(signed_term(f"({d.text})({w.text})", i == 0) for i, (d, w) in enumerate(pairs))
        da = self.computed(layer(spec.name, "da", j))
        return Formula(grad(spec.a_symbols[j]), terms, da.text, da.quantity, tuple(s for p in pairs for s in p) + (da,),
                       near=not lands(sum(printed(d) * printed(w) for d, w in pairs), da.text))

    def hidden_dz(self, spec: LayerSpec, j: int) -> Formula:
        """dL/dz_j = dL/da_j f'(z_j), f' written with the rounded activation where it is not constant."""
        da, a = self.computed(layer(spec.name, "da", j)), self.computed(layer(spec.name, "a", j))
        dz = self.computed(layer(spec.name, "dz", j))
        deriv = derivative_rhs(spec.activation, a.text)
        rhs, terms = (f"{da.text} \\cdot {deriv}", (da, a)) if deriv else ("", ())
        return Formula(grad(spec.z_symbols[j]), rhs, dz.text, dz.quantity, terms + (dz,))

    def layer_params(self, index: int) -> list[Formula]:
        spec, inputs = self.scenario.layers[index], self.inputs(index)
        lines = []
        for i, j in np.ndindex(*spec.weights.shape):
            dz, dW = self.computed(layer(spec.name, "dz", i)), self.computed(layer(spec.name, "dW", i, j))
            lines.append(Formula(grad(spec.weight_symbols[i][j]), f"({dz.text})({inputs[j].text})", dW.text,
                                 dW.quantity, (dz, inputs[j], dW), near=not lands(printed(dz) * printed(inputs[j]), dW.text)))
        db = [self.computed(layer(spec.name, "db", i)) for i in range(len(spec.bias))]
        return lines + [Formula(grad(spec.bias_symbols[i]), "", d.text, d.quantity, (d,)) for i, d in enumerate(db)]

    def update(self) -> list[Formula]:
        lines = []
        for spec in self.scenario.layers:
            lines += [self.step_line(spec.weight_symbols[i][j], spec.name, "W", i, j)
                      for i, j in np.ndindex(*spec.weights.shape)]
            lines += [self.step_line(spec.bias_symbols[i], spec.name, "b", i) for i in range(len(spec.bias))]
        for spec in self.scenario.layers[:-1]:
            lines += [self.plain(self.renewed(spec.a_symbols[i], up=True), layer(spec.name, "a_after", i))
                      for i in range(len(spec.bias))]
        out = self.scenario.layers[-1]
        lines += [self.plain(self.renewed(out.a_symbols[i], up=True), q("probabilities_after", i))
                  for i in range(len(out.bias))]
        after, before = self.computed(q("loss_after")), self.computed(q("loss"))
        return lines + [Formula(self.renewed("L"), "", after.text, after.quantity, (after,),
                                f"was {before.text}")]

    def plain(self, lhs: str, quantity: Quantity) -> Formula:
        """`lhs = value` for a computed number."""
        value = self.computed(quantity)
        return Formula(lhs, "", value.text, quantity, (value,))

    def step_line(self, symbol: str, name: str, field: str, *index: int) -> Formula:
        """`w = w_old - eta * dL/dw = w_new`, the gradient as the backward pass wrote it, ≈ where its rounding shows."""
        old, eta = self.given(layer(name, field, *index)), self.given(q("learning_rate"))
        gradient = self.computed(layer(name, f"d{field}", *index))
        new = self.computed(layer(name, f"{field}_new", *index), self.update_digits)
        rhs = rf"{old.text} - {eta.text} \cdot {paren(gradient.text)}"
        return Formula(symbol, rhs, new.text, new.quantity, (old, eta, gradient, new),
                       near=not lands(printed(old) - printed(eta) * printed(gradient), new.text))

    def renewed(self, symbol: str, up: bool = False) -> str:
        return renewed(self.scenario.language, symbol, up)

    def symbol(self, index: int, base: str) -> str:
        """A layer's matrix or vector: W for a one-layer network, W^{[2]} for the second layer of a deeper one."""
        return base + layer_tag(index, len(self.scenario.layers))

    def stated(self, index: int) -> Formula:
        """For a layer whose z the scenario states: the offset c it adds to W a + b, defined before it is used."""
        spec, inputs = self.scenario.layers[index], "x" if index == 0 else "a"
        c = vector([self.computed(layer(spec.name, "offset", i)) for i in range(len(spec.bias))])
        return Formula("c", rf"z - (W {inputs} + b)", c[0], layer(spec.name, "offset"), c[1],
                       f"the example states z; c is what it adds to W {inputs} + b, before and after the update")

    def gradient_matrices(self, index: int) -> list[Formula]:
        """dL/dW and dL/db of a layer, whole, at the display precision."""
        spec = self.scenario.layers[index]
        dW = matrix(self._params(spec, "dW", self.computed))
        db = vector([self.computed(layer(spec.name, "db", i)) for i in range(len(spec.bias))])
        return [Formula(grad(self.symbol(index, "W")), "", dW[0], layer(spec.name, "dW"), dW[1]),
                Formula(grad(self.symbol(index, "b")), "", db[0], layer(spec.name, "db"), db[1])]

    def updated_matrices(self, index: int) -> list[Formula]:
        """The layer's new weights and biases at the update precision."""
        spec = self.scenario.layers[index]
        new = lambda quantity: self.computed(quantity, self.update_digits)
        W = matrix(self._params(spec, "W_new", new))
        b = vector([new(layer(spec.name, "b_new", i)) for i in range(len(spec.bias))])
        return [Formula(self.renewed(self.symbol(index, "W")), "", W[0], layer(spec.name, "W_new"), W[1]),
                Formula(self.renewed(self.symbol(index, "b")), "", b[0], layer(spec.name, "b_new"), b[1])]

    def sections(self) -> dict[str, list[Formula]]:
        """{section name: formulas} of the sections `check` prints, in reading order."""
        return {"forward": self.forward(), "softmax": self.softmax(), "backward": self.backward(),
                "update": self.update()}

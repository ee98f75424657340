"""The worked solution of a mini-batch as matrices, one row per sample, as in (1/N)(P - Y) and dZ^T X.

The parameter formulas (W, b, their gradients and updates, one weight's step) are the single-sample ones of
`Worked`, which read only the layer's matrices; here are the formulas that have a row per sample.
"""
from __future__ import annotations

import numpy as np

from .language import tex_words
from .letters import sample_loss
from .quantity import Quantity, layer, q
from .record import Shown
from .worked import Formula, Worked, grad, matrix, vector

MAX_OUTER = 4               # per-sample outer products written out; beyond, the first few and dots

DELTA = r"\delta"          # dL/dZ of a layer; its row n is sample n's


class BatchWorked(Worked):
    """Formulas of a batch scenario: X, Z, A, P, Y, the per-sample losses and their mean, P - Y, (P - Y)/N, the
    per-sample outer products that average to dW, and the column sums that make db."""

    @property
    def n(self) -> int:
        return len(self.scenario.input)

    def grid(self, quantity: Quantity, how) -> list[list[Shown]]:
        """The entries of a samples-by-columns array as numbers written `how`."""
        rows, cols = np.shape(self.solution.value(quantity))
        return [[how(quantity[i, j]) for j in range(cols)] for i in range(rows)]

    def stacked(self, lhs: str, quantity: Quantity, how=None) -> Formula:
        """`lhs = (matrix)` of a samples-by-columns array, computed numbers unless `how` says otherwise."""
        latex, shown = matrix(self.grid(quantity, how or self.computed))
        return Formula(lhs, "", latex, quantity, shown)

    def inputs_matrix(self) -> Formula:
        return self.stacked("X", q("input"), self.given)

    def preactivations(self, index: int) -> Formula:
        return self.stacked(self.symbol(index, "Z"), layer(self.scenario.layers[index].name, "z"))

    def activations(self, index: int) -> Formula:
        return self.stacked(self.symbol(index, "A"), layer(self.scenario.layers[index].name, "a"))

    def probabilities(self) -> Formula:
        return self.stacked("P", q("probabilities"))

    def targets(self) -> Formula:
        return self.stacked("Y", q("target"), self.given)

    def sample_losses(self) -> Formula:
        """Each sample's own loss, one per sample: the per-sample loss is always l_n (l_1 in the why section too)."""
        latex, shown = vector([self.computed(q("sample_losses", i)) for i in range(self.n)])
        return Formula(sample_loss("n") + r" = -\sum_i y_{n,i} \ln p_{n,i}", "", latex, q("sample_losses"), shown)

    def mean_loss(self) -> Formula:
        """L = (1/N)(ell_1 + ... + ell_N)."""
        losses = [self.computed(q("sample_losses", i)) for i in range(self.n)]
        loss = self.computed(q("loss"))
        rhs = rf"\tfrac{{1}}{{{self.n}}}(" + " + ".join(s.text for s in losses) + ")"
        return Formula("L", rhs, loss.text, loss.quantity, (*losses, loss))

    def residual(self) -> Formula:
        return self.stacked("P - Y", q("softmax", "p_minus_y"))

    def scaled_residual(self) -> Formula:
        """dL/dZ = (P - Y)/N: the division by N is the mean of the loss."""
        out = self.scenario.layers[-1]
        last = len(self.scenario.layers) - 1
        latex, shown = matrix(self.grid(layer(out.name, "dz"), self.computed))
        return Formula(rf"{self.symbol(last, DELTA)} = {grad(self.symbol(last, 'Z'))}",
                       rf"\tfrac{{1}}{{{self.n}}}(P - Y)", latex, layer(out.name, "dz"), shown)

    def outer_products(self, index: int) -> list[Formula]:
        """Sample n's share of dW, dz_n a_n^T (dz_n already holds the 1/N), for the first MAX_OUTER samples."""
        spec = self.scenario.layers[index]
        inputs = "x" if index == 0 else "a"
        out = []
        for n in range(min(self.n, MAX_OUTER)):
            quantity = layer(spec.name, "dW_samples", n)
            latex, shown = matrix(self.grid(quantity, self.computed))
            out.append(Formula(rf"{self.symbol(index, DELTA)}_{{{n + 1}}} {inputs}_{{{n + 1}}}^\top", "", latex,
                               quantity, shown))
        return out

    def weight_gradient(self, index: int) -> Formula:
        """dL/dW = dZ^T A: the sum of the per-sample outer products."""
        spec = self.scenario.layers[index]
        inputs = "x" if index == 0 else "a"
        latex, shown = matrix(self._params(spec, "dW", self.computed))
        return Formula(grad(self.symbol(index, "W")), rf"\textstyle\sum_n {self.symbol(index, DELTA)}_n {inputs}_n^\top",
                       latex, layer(spec.name, "dW"), shown)

    def bias_gradient(self, index: int) -> Formula:
        """dL/db: the column sums of dZ."""
        spec = self.scenario.layers[index]
        latex, shown = vector([self.computed(layer(spec.name, "db", i)) for i in range(len(spec.bias))])
        return Formula(grad(self.symbol(index, "b")), rf"\textstyle\sum_n {self.symbol(index, DELTA)}_n", latex,
                       layer(spec.name, "db"), shown)

    def hidden_gradients(self, index: int) -> list[Formula]:
        """dL/dA = dZ_next W_next, then dL/dZ = dL/dA times f'(Z) entry by entry, one row per sample."""
        spec = self.scenario.layers[index]
        return [self.stacked(grad(self.symbol(index, "A")), layer(spec.name, "da")),
                self.stacked(rf"{self.symbol(index, DELTA)} = {grad(self.symbol(index, 'Z'))}",
                             layer(spec.name, "dz"))]

    def loss_change(self) -> Formula:
        """L -> L_new for the batch."""
        before, after = self.computed(q("loss")), self.computed(q("loss_after"))
        return Formula(rf"L = {before.text} \;\to\; {self.renewed('L')}", "", after.text, after.quantity,
                       (before, after))

    def orientation(self, index: int) -> list[str]:
        """How layer `index`'s dL/dW, rows as samples, reads in the documents' form with samples as columns, as two
        short lines; every symbol in them is on screen already and the shapes fit."""
        n, delta = self.n, f"{{{self.symbol(index, DELTA)}}}^\\top"
        inputs = "X" if index == 0 else self.symbol(index - 1, "A")
        mean = rf" = \tfrac{{1}}{{{n}}}(P - Y)^\top {inputs}" if index == len(self.scenario.layers) - 1 else ""
        rows, columns = (tex_words(self.scenario.language, w) for w in ("rows are samples: ", "samples as columns: "))
        gradient = grad(self.symbol(index, 'W'))
        return [rf"{rows} {gradient} = {delta} {inputs}{mean}",
                rf"{columns} {gradient} = ({delta})({{{inputs}}}^\top)^\top"]

    def setup(self) -> list[Formula]:
        """The batch X, every layer's parameters, the learning rate."""
        eta = self.given(q("learning_rate"))
        return [self.inputs_matrix(),
                *[line for index in range(len(self.scenario.layers)) for line in self.parameters(index)],
                Formula(r"\eta", "", eta.text, eta.quantity, (eta,))]

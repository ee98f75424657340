"""Why dL/dz = p - y, with the scenario's own numbers: dL/dp = -y/p, the softmax Jacobian, their chain product,
the short road through log-sum-exp, and for a batch the rows of every sample stacked into (P - Y)/N.

For a batch the road is worked for the first sample (each sample has its own Jacobian), with the batch's 1/N.
A number float64 cannot hold (-y/p where p underflowed to 0) is written as a word, never as inf or nan, and is
not recorded as shown.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .language import phrase, tex_words
from .letters import sample_loss
from .notation import fixed, lands, paren, signed_term
from .plaintext import to_unicode
from .quantity import Quantity, layer, q
from .record import Shown
from .solution import Solution
from .worked import D, Formula, Worked, grad, matrix, printed, vector

INFINITE = r"-\infty"
MAX_WORKED = 2              # entries of dL/dp worked out one by one; the vector after them has every entry


def written(value: float, digits: int) -> str:
    """A computed number at `digits` decimals; one too large or too small to read that way in e-notation."""
    tiny = 0 < abs(value) < 0.5 * 10.0 ** -digits
    return f"{value:.2e}" if tiny or abs(value) >= 1e6 else fixed(value, digits)


def partial(top: str, bottom: str) -> str:
    """d(top)/d(bottom) as a LaTeX fraction."""
    return rf"\frac{{{D}{top}}}{{{D}{bottom}}}"


@dataclass(frozen=True)
class Cancelling(Formula):
    """A line whose factors x/x cancel: `pieces` make up its rhs in order, those at `gone` are the ratios that go,
    and `value` is the line without them (the video strikes the ratios and closes the line up into it)."""

    pieces: tuple[str, ...] = ()
    gone: tuple[int, ...] = ()

    @classmethod
    def of(cls, lhs: str, pieces: tuple[str, ...], gone: tuple[int, ...]) -> "Cancelling":
        """`lhs = pieces = the pieces without the gone ones`, as `check` prints it."""
        kept = "".join(p for k, p in enumerate(pieces) if k not in gone)
        return cls(lhs, "".join(pieces), kept, pieces=pieces, gone=gone)


@dataclass(frozen=True)
class Step:
    """One page of the section: a title said above it, its lines, and the vector it lands on (if any)."""

    name: str
    title: str
    lines: tuple[Formula, ...]
    landing: Formula | None = None


class Why:
    """The formulas of the section for a scenario (the first sample of a batch)."""

    def __init__(self, solution: Solution):
        self.solution, self.worked = solution, Worked(solution)
        s = solution.scenario
        self.out, self.digits = s.layers[-1], s.precision
        self.n = len(s.input) if s.batched else 1
        self.row = (0,) if s.batched else ()
        self.y = s.target[self.row]
        self.k = len(self.y)
        self.hot = [i for i in range(self.k) if self.y[i] != 0]
        self.true = int(np.argmax(self.y))
        self.top = int(np.argmax(solution.probabilities[self.row]))       # the Jacobian's worked row
        self.broken = solution.chain_overflows

    # --- numbers and symbols ----------------------------------------------------------------------------------

    def number(self, *path: str | int) -> Shown:
        """A computed number of the first sample (its path without the sample index), written to be read."""
        return self._number(self._at(path))

    def _number(self, quantity: Quantity) -> Shown:
        value = self.solution.value(quantity)
        return Shown(quantity, value, written(value, self.digits))

    def _at(self, path: tuple) -> Quantity:
        head = 3 if path[0] == "layers" else 2 if path[0] == "softmax" else 1
        return Quantity(path[:head] + self.row + path[head:])

    def p(self, i: int) -> Shown:
        return self.number("probabilities", i)

    def target(self, i: int) -> Shown:
        return self.worked.given(self._at(("target", i)))

    def sym(self, kind: str, i: int) -> str:
        """p_1 or z_2: the scenario's symbol of output i's probability or logit."""
        return (self.out.a_symbols if kind == "p" else self.out.z_symbols)[i]

    def mean(self) -> str:
        """The 1/N of a batch's mean loss as a LaTeX prefix; empty for one sample."""
        return rf"\frac{{1}}{{{self.n}}}" if self.n > 1 else ""

    def row_vector(self, path: tuple) -> tuple[str, tuple[Shown, ...]]:
        """The first sample's vector at `path`, its unrepresentable entries written -infinity and not recorded."""
        values = [self.number(*path, i) for i in range(self.k)]
        latex, shown = vector([v if np.isfinite(v.value) else Shown(v.quantity, v.value, INFINITE)
                               for v in values])
        return latex, tuple(s for s in shown if np.isfinite(s.value))

    # --- the steps --------------------------------------------------------------------------------------------

    def steps(self) -> list[Step]:
        """The pages in order; the batch page only for a batch."""
        out = [self.dp(), self.jacobian(), self.chain(), self.collapse(), self.short_road()] + \
            ([self.stacked()] if self.n > 1 else [])
        return [replace(step, title=phrase(self.solution.scenario.language, step.title, n=self.n)) for step in out]

    def lines(self) -> list[tuple[str, Formula]]:
        """(step title, formula) of every line, in reading order: what `check` prints."""
        return [(step.title, f) for step in self.steps()
                for f in step.lines + ((step.landing,) if step.landing else ())]

    def dp(self) -> Step:
        """dL/dp = -y/p: only the classes with y > 0 are read by the loss."""
        if len(self.hot) == 1:
            loss = Formula("L", r"-\sum_i y_i \ln p_i", rf"-\ln {self.sym('p', self.true)}")
        else:
            loss = Formula("L", r"-\sum_i y_i \ln p_i", "")
        if self.n > 1:
            loss = Formula(r"L", rf"\frac{{1}}{{{self.n}}}\sum_n {sample_loss('n')},\quad {sample_loss(1)} = {loss.rhs}", loss.value)
        general = Formula(partial("L", "p_i"), "-" + self.mean() + r"\frac{y_i}{p_i}", "")
        worked = [self.dp_entry(i) for i in self.hot[:MAX_WORKED]]
        latex, shown = self.row_vector(("softmax", "dp"))
        whole = Formula(partial("L", "p"), "", latex, self._at(("softmax", "dp")), shown)
        title = ("sample 1: " if self.n > 1 else "") + "the loss reads p only where y > 0"
        return Step("dp", title, (loss, general, *worked, whole))

    def dp_entry(self, i: int) -> Formula:
        y, p, dp = self.target(i), self.p(i), self.number("softmax", "dp", i)
        n = f"{self.n} \\cdot " if self.n > 1 else ""
        rhs = rf"-\frac{{{y.text}}}{{{n}{p.text}}}"
        if not np.isfinite(dp.value):
            return Formula(partial("L", self.sym("p", i)), rhs, self.words("overflows"), None, (y, p),
                           f"{to_unicode(self.sym('p', i))} underflowed to 0 in float64")
        worked = -printed(y) / (self.n * printed(p)) if printed(p) else np.inf
        return Formula(partial("L", self.sym("p", i)), rhs, dp.text, dp.quantity, (y, p, dp),
                       near=not lands(worked, dp.text))

    def jacobian(self) -> Step:
        """dp/dz: p_i(1 - p_i) on the diagonal, -p_i p_j off it; symmetric, each row summing to 0."""
        t, o = self.top, next(j for j in range(self.k) if j != self.top)
        cases = Formula(partial("p_i", "z_j"), r"\begin{cases} p_i(1 - p_i) & i = j \\ -p_i\, p_j & i \neq j "
                                               r"\end{cases}", "")
        pt, po = self.p(t), self.p(o)
        diag, off = self.number("softmax", "jacobian", t, t), self.number("softmax", "jacobian", t, o)
        a, b = printed(pt), printed(po)
        worked = [Formula(partial(self.sym("p", t), self.sym("z", t)), f"{pt.text}(1 - {pt.text})", diag.text,
                          diag.quantity, (pt, pt, diag), near=not lands(a * (1 - a), diag.text)),
                  Formula(partial(self.sym("p", t), self.sym("z", o)), rf"-{pt.text} \cdot {paren(po.text)}",
                          off.text, off.quantity, (pt, po, off), near=not lands(-a * b, off.text))]
        rows = [[self.number("softmax", "jacobian", i, j) for j in range(self.k)] for i in range(self.k)]
        latex, shown = matrix(rows)
        whole = Formula(partial("p", "z"), "", latex, self._at(("softmax", "jacobian")), shown)
        said = self.words("symmetric; ")
        rule = Formula(rf"{said}\sum_j {partial('p_i', 'z_j')}", r"p_i - p_i \sum_j p_j", "0")
        title = "sample 1's own Jacobian (one per sample)" if self.n > 1 else "the softmax Jacobian"
        return Step("jacobian", title, (cases, *worked, whole, rule))

    def chain(self) -> Step:
        """dL/dz_j = sum_i dL/dp_i dp_i/dz_j: worked for the true class, then the whole vector, and why it is
        p - y (or, where p underflowed, why the road breaks)."""
        general = Formula(grad("z_j"), rf"\sum_i {partial('L', 'p_i')}\, {partial('p_i', 'z_j')}", "")
        if self.broken:
            return Step("chain", "the chain road breaks in float64", (general, self.chain_entry(self.true),
                                                                     *self.overflow(), *self.log_sum_exp()))
        latex, shown = self.row_vector(("softmax", "dz_chain"))
        whole = Formula(grad("z"), rf"\left({partial('p', 'z')}\right)^{{\!\top}} {partial('L', 'p')}", latex,
                        self._at(("softmax", "dz_chain")), shown)
        return Step("chain", "the chain rule through the Jacobian", (general, self.chain_entry(self.true), whole))

    def collapse(self) -> Step:
        """Why the product is p - y, for any target: the sum split at i = j, the p_i cancelling, the y collected,
        and sum y = 1 (shown with this target's numbers) turning it into p_j - y_j; then the numbers. The algebra
        holds for real numbers even where float64 broke the chain road's numbers."""
        n, (open_, close) = self.mean(), ((r"\Big(", r"\Big)") if self.n > 1 else ("", ""))
        split = Formula(grad("z_j"), n + open_ + r"-\frac{y_j}{p_j}\, p_j(1 - p_j) + \sum_{i \neq j} "
                        r"\Big(-\frac{y_i}{p_i}\Big)(-p_i\, p_j)" + close, "")
        cancel = Cancelling.of("", (n + open_ + r"-y_j\,", r"\frac{p_j}{p_j}", r"(1 - p_j) + \sum_{i \neq j} y_i\,",
                                             r"\frac{p_i}{p_i}", r"\, p_j" + close), gone=(1, 3))
        collected = Formula("", n + open_ + r"-y_j + p_j y_j + p_j \sum_{i \neq j} y_i" + close,
                            n + open_ + r"p_j \sum_i y_i - y_j" + close)
        ys = self.target_sum()
        ends = Formula(rf"{ys.lhs} = {ys.rhs} = 1 \;\Rightarrow\; {grad('z_j')}", "", n + open_ + "p_j - y_j" + close,
                       None, ys.shows, ys.note)
        return Step("collapse", "why the product is p − y", (split, cancel, collected, ends), self.landing())

    def landing(self) -> Formula:
        """dL/dz = p - y with the scenario's numbers: where both roads arrive."""
        latex, shown = vector([self.number("layers", self.out.name, "dz", i) for i in range(self.k)])
        rhs = self.mean() + ("(p - y)" if self.n > 1 else "p - y")
        return Formula(grad("z"), rhs, latex, self._at(("layers", self.out.name, "dz")), shown)

    def chain_entry(self, j: int) -> Formula:
        """One entry of the product, with the terms of the classes the loss reads (the others are 0), every factor
        at the section's precision; ≈ where the product of the rounded factors misses the rounded entry."""
        dps = [self.number("softmax", "dp", i) for i in self.hot]
        pairs = [(d, self.number("softmax", "jacobian", i, j)) for d, i in zip(dps, self.hot)]
        terms = " ".join(signed_term(f"({_text(d)})({J.text})", first) for first, (d, J) in
                         zip([True] + [False] * len(pairs), pairs))
        factors = tuple(s for pair in pairs for s in pair if np.isfinite(s.value))
        if self.broken:
            return Formula(grad(self.sym("z", j)), terms, self.words("undefined"), None, factors)
        value = self.number("softmax", "dz_chain", j)
        worked = sum(printed(d) * printed(J) for d, J in pairs)
        return Formula(grad(self.sym("z", j)), terms, value.text, value.quantity, factors + (value,),
                       near=not lands(worked, value.text))

    def overflow(self) -> tuple[Formula, Formula]:
        """What broke: the probability underflowed, so -y/p is infinite and its product with 0 has no value."""
        p = self.sym("p", self.true)
        return (Formula(rf"{p} = 0 {self.words(' in float64, so ')} -\frac{{1}}{{{p}}} = -\infty", "", ""),
                Formula(rf"(-\infty) \cdot 0 {self.words(' has no value: the chain road overflows')}", "", ""))

    def words(self, english: str) -> str:
        """English words in a formula, or the symbols that replace them in another language."""
        return tex_words(self.solution.scenario.language, english)

    def target_sum(self) -> Formula:
        """For a soft target: the sum of y is 1, which is all the short road (and the chain's collapse) needs."""
        ys = [self.target(i) for i in range(self.k)]
        return Formula(r"\sum_i y_i", " + ".join(y.text for y in ys), "1", None, tuple(ys),
                       "a one-hot y has a single 1" if len(self.hot) == 1 else "a soft target is a distribution")

    def short_road(self) -> Step:
        """L = -z_y + log-sum-exp, differentiated in two lines; it lands on p - y."""
        t, L = self.sym("z", self.true), "L" if self.n == 1 else sample_loss(1)
        lse, share = r"\ln \sum_j e^{z_j}", r"\frac{e^{z_i}}{\sum_j e^{z_j}}"
        if len(self.hot) == 1:
            lines = [Formula(L, rf"-\ln {self.sym('p', self.true)}", f"-{t} + {lse}"),
                     Formula(rf"i = {self.true + 1}:\ {partial(L, 'z_i')}", f"-1 + {share}", "p_i - 1"),
                     Formula(rf"i \neq {self.true + 1}:\ {partial(L, 'z_i')}", f"0 + {share}", "p_i")]
        else:
            lines = [Formula(L, r"-\sum_i y_i \ln p_i", r"-\sum_i y_i z_i + \Big(\sum_i y_i\Big)" + lse),
                     self.target_sum(), Formula(partial(L, "z_i"), rf"-y_i + 1 \cdot {share}", "p_i - y_i")]
        title = "the frameworks' short road: no 1/p" if self.broken else "the short road: log-sum-exp"
        return Step("short", title, tuple(lines), self.landing())

    def log_sum_exp(self) -> tuple[Formula, Formula]:
        """The loss as frameworks compute it, finite where p underflowed: -z_y + max z + ln sum e^(z - max z)."""
        z, m = self.number("layers", self.out.name, "z", self.true), self.number("softmax", "shift")
        total, loss = self.number("softmax", "sum"), self.number("sample_losses")
        general = rf"-{self.sym('z', self.true)} + \max z + \ln \sum_j e^{{z_j - \max z}}"
        rhs = rf"-{paren(z.text)} + {m.text} + \ln {total.text}"
        L = "L" if self.n == 1 else sample_loss(1)
        return Formula(L, general, ""), Formula(L, rhs, loss.text, loss.quantity, (z, m, total, loss))

    def stacked(self) -> Step:
        """A batch: every sample's p - y as a row, divided by N, is the batch's dL/dZ."""
        name = self.out.name
        rows = [[self._number(q("softmax", "p_minus_y", n, i)) for i in range(self.k)] for n in range(self.n)]
        grads = [[self._number(layer(name, "dz", n, i)) for i in range(self.k)] for n in range(self.n)]
        residual, scaled = matrix(rows), matrix(grads)
        return Step("batch", "all {n} rows of p − y, divided by N", (
            Formula("P - Y", "", residual[0], q("softmax", "p_minus_y"), residual[1]),
            Formula(r"\frac{\partial L}{\partial Z}", rf"\frac{{1}}{{{self.n}}}(P - Y)", scaled[0],
                    layer(name, "dz"), scaled[1])))


def _text(shown: Shown) -> str:
    return shown.text if np.isfinite(shown.value) else INFINITE

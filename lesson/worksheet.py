"""A worksheet and its answer key, as handout blocks: the given numbers, then every step as a question, in order.

The questions follow the storyboard: z (and a hidden layer's a), p, L, ∂L/∂z, ∂L/∂W and ∂L/∂b (a hidden layer's
chain rule on the way), the update; a batch asks for its matrices. Each asks for a number of decimals: the scenario's
precision, the updated weights its update precision. The worksheet shows a box per number and no answer; the key fills
each box with the solution's value under the quantity path `check --json` uses, then works the handout's lines.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import PurePath

import numpy as np

import core
from . import handout, storyboard
from .batch import DELTA, BatchWorked
from .language import TOLERANCE, WORK, numeral, phrase, renewed
from .letters import sample_loss
from .quantity import Quantity, layer, q
from .solution import Solution
from .variant import refuse_stated_z
from .worked import Worked, grad

ASKED = ("forward", "softmax", "backward", "update")      # the sections a worksheet asks about, in storyboard order


@dataclass(frozen=True)
class Question:
    """One step asked: its symbol in LaTeX, the quantity path of its answer in `check --json` (a number or a whole
    array), the decimals expected, and the rule the worksheet writes beside a symbol that alone is ambiguous."""

    section: str
    symbol: str
    quantity: Quantity
    digits: int
    rule: str = ""

    @property
    def asked(self) -> str:
        """The symbol and its rule, as the worksheet asks it."""
        return f"{self.symbol} = {self.rule}" if self.rule else self.symbol


def _single(worked: Worked) -> list[Question]:
    """Every number a single sample's steps compute, in the order the worked solution computes them."""
    layers, d = worked.scenario.layers, worked.digits
    out = []
    for spec in layers:
        out += [Question("forward", spec.z_symbols[i], layer(spec.name, "z", i), d) for i in range(len(spec.bias))]
        out += [Question("forward", spec.a_symbols[i], layer(spec.name, "a", i), d) for i in range(len(spec.bias))
                if spec.activation != core.SOFTMAX]
    out += [Question("softmax", layers[-1].a_symbols[i], q("probabilities", i), d) for i in range(len(layers[-1].bias))]
    out.append(Question("softmax", "L", q("loss"), d))
    for spec in reversed(layers):
        for i in range(len(spec.bias)):
            if spec.activation != core.SOFTMAX:
                out.append(Question("backward", grad(spec.a_symbols[i]), layer(spec.name, "da", i), d))
            out.append(Question("backward", grad(spec.z_symbols[i]), layer(spec.name, "dz", i), d))
        out += [Question("backward", grad(spec.weight_symbols[i][j]), layer(spec.name, "dW", i, j), d)
                for i, j in np.ndindex(*spec.weights.shape)]
        out += [Question("backward", grad(spec.bias_symbols[i]), layer(spec.name, "db", i), d)
                for i in range(len(spec.bias))]
    for spec in layers:
        out += [_step(worked, spec.weight_symbols[i][j], layer(spec.name, "W_new", i, j))
                for i, j in np.ndindex(*spec.weights.shape)]
        out += [_step(worked, spec.bias_symbols[i], layer(spec.name, "b_new", i)) for i in range(len(spec.bias))]
    return out


def _step(worked: Worked, symbol: str, quantity: Quantity) -> Question:
    """The update of one parameter, with its rule: w_new = w − η ∂L/∂w."""
    return Question("update", renewed(worked.scenario.language, symbol, up=True), quantity, worked.update_digits,
                    rf"{symbol} - \eta\, {grad(symbol)}")


def _batch(worked: BatchWorked) -> list[Question]:
    """A batch's matrices, a row per sample, in the order the worked solution computes them."""
    layers, d, last = worked.scenario.layers, worked.digits, len(worked.scenario.layers) - 1
    sym = worked.symbol
    out = []
    for index, spec in enumerate(layers[:-1]):
        out += [Question("forward", sym(index, "Z"), layer(spec.name, "z"), d),
                Question("forward", sym(index, "A"), layer(spec.name, "a"), d)]
    out += [Question("forward", sym(last, "Z"), layer(layers[-1].name, "z"), d),
            Question("forward", "P", q("probabilities"), d),
            Question("softmax", sample_loss("n"), q("sample_losses"), d, r"-\textstyle\sum_i y_{n,i} \ln p_{n,i}"),
            Question("softmax", "L", q("loss"), d),
            Question("backward", sym(last, DELTA), layer(layers[-1].name, "dz"), d,
                     rf"{grad(sym(last, 'Z'))} = \tfrac{{1}}{{{worked.n}}}(P - Y)")]
    for index in reversed(range(len(layers))):
        name = layers[index].name
        if index < last:
            out += [Question("backward", grad(sym(index, "A")), layer(name, "da"), d),
                    Question("backward", sym(index, DELTA), layer(name, "dz"), d, grad(sym(index, "Z")))]
        out += [Question("backward", grad(sym(index, "W")), layer(name, "dW"), d),
                Question("backward", grad(sym(index, "b")), layer(name, "db"), d)]
    for index, spec in enumerate(layers):
        out += [_step(worked, sym(index, "W"), layer(spec.name, "W_new")),
                _step(worked, sym(index, "b"), layer(spec.name, "b_new"))]
    return out


def worked_of(solution: Solution) -> Worked:
    """The formulas of a single sample, or of a batch as matrices."""
    return BatchWorked(solution) if solution.scenario.batched else Worked(solution)


def questions(solution: Solution) -> list[Question]:
    """Every question of the solution's worksheet, in order; a stated z is refused (it is not worked from W x + b)."""
    refuse_stated_z(solution.scenario)
    worked = worked_of(solution)
    return _batch(worked) if solution.scenario.batched else _single(worked)


def answers(solution: Solution, question: Question) -> np.ndarray:
    """The answer's numbers as printed at the decimals asked (an array of text of the quantity's shape)."""
    worked, shape = worked_of(solution), np.shape(solution.value(question.quantity))
    texts = [worked.computed(question.quantity[index] if shape else question.quantity, question.digits).text
             for index in np.ndindex(*shape)]
    return np.array(texts, dtype=object).reshape(shape)


def blank(digits: int) -> str:
    """An empty box wide enough to write a signed number with `digits` decimals by hand."""
    return rf"\boxed{{\strut\hspace{{{digits + 2}em}}}}"


def filled(text: str) -> str:
    """A box with an answer in it, where the worksheet has an empty one."""
    return rf"\boxed{{{text}}}"


def boxes(cells: np.ndarray) -> str:
    """A number's box, a vector's boxes in parentheses, a matrix's in a pmatrix."""
    if cells.ndim == 0:
        return cells.item()
    if cells.ndim == 1:
        return r"\left(" + r",\ ".join(cells) + r"\right)"
    return r"\begin{pmatrix} " + r" \\[1.5ex] ".join(" & ".join(row) for row in cells) + r" \end{pmatrix}"


def _label(solution: Solution, number: int) -> str:
    """A number in the digits the scenario's title writes its own in."""
    s = solution.scenario
    return numeral(s.language, s.title, number)


def _decimals(solution: Solution, question: Question) -> str:
    """'3 decimals', in the scenario's language."""
    return phrase(solution.scenario.language, "{n} decimals", n=_label(solution, question.digits))


def _asked(solution: Solution, asked: list[tuple[int, Question]]) -> list:
    """The worksheet's questions block: each question with its rule, empty boxes and the decimals expected."""
    out = []
    for number, question in asked:
        cells = np.full(np.shape(solution.value(question.quantity)), blank(question.digits), dtype=object)
        out.append((_label(solution, number), f"{question.asked} = {boxes(cells)}", _decimals(solution, question)))
    return [("questions", out, 1)]


def _answered(solution: Solution, asked: list[tuple[int, Question]]) -> list:
    """The key's questions block, in two columns: each symbol with its answers boxed, and the quantity path of
    `check --json` they are read from."""
    out = []
    for number, question in asked:
        cells = np.vectorize(filled, otypes=[object])(answers(solution, question))
        out.append((_label(solution, number), f"{question.symbol} = {boxes(cells)}", str(question.quantity)))
    return [("questions", out, 2)]


def _header(solution: Solution, kind: str) -> list:
    """The title and the line that says which sheet this is: its kind, the file's name, the variant and seed."""
    s = solution.scenario
    line = f"{phrase(s.language, kind)} · {PurePath(s.file).stem}"
    if s.variant:
        line += " · " + phrase(s.language, "variant {n} of {of}, seed {seed}", n=_label(solution, s.variant["number"]),
                               of=s.variant["of"], seed=s.variant["seed"])
    return [("title", s.title), ("text", line)]


def sheet(solution: Solution) -> list:
    """The worksheet: header, a line for the student's name, the given numbers, the questions section by section."""
    s, asked = solution.scenario, list(enumerate(questions(solution), start=1))
    out = _header(solution, "Worksheet") + [("text", phrase(s.language, "Name:") + " " + "_" * 40),
                                            ("heading", phrase(s.language, "Given")), *handout.body(solution)["setup"],
                                            ("text", phrase(s.language, WORK))]
    for section in ASKED:
        out += [("heading", storyboard.title(section, solution))] + \
            _asked(solution, [(n, x) for n, x in asked if x.section == section])
    return out


def update_tolerance(solution: Solution) -> int:
    """How many units of its last decimal an updated weight may be off when worked from a rounded gradient: η times
    half a unit of the gradient's last decimal, in units of the update's, rounded up (1 at least)."""
    s = solution.scenario
    return max(1, math.ceil(s.learning_rate * 0.5 * 10.0 ** (s.update_precision - s.precision) - 1e-9))


def tolerance(solution: Solution) -> str:
    """The key's rounding note: ±1 in the last decimal, the update's own bound, and what a ≈ line means."""
    s = solution.scenario
    return phrase(s.language, TOLERANCE, one=_label(solution, 1), update=_label(solution, update_tolerance(solution)),
                  digits=_label(solution, s.precision))


def key(solution: Solution) -> list:
    """The answer key: header, the tolerance, every answer in the worksheet's order, then the worked lines."""
    s, asked = solution.scenario, list(enumerate(questions(solution), start=1))
    body = handout.body(solution)
    out = _header(solution, "Answer key") + [("text", tolerance(solution)),
                                             ("heading", phrase(s.language, "Answers"))] + _answered(solution, asked)
    for section in ASKED:
        out += [("heading", storyboard.title(section, solution))] + body[section]
    return out


def document(solutions: list[Solution], part) -> list:
    """The sheets (or keys) of several scenarios as one document, a page break between them."""
    out = []
    for solution in solutions:
        out += ([("pagebreak",)] if out else []) + part(solution)
    return out

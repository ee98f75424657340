"""The worked solution as lines of LaTeX with the real numbers, section by section, for one sample.

The same lines feed `render.py check` (as Unicode) and the video (as MathTex), so both show one set of numbers.
"""
from dataclasses import dataclass

import numpy as np

import core

from .notation import fixed, given, paren, signed_term

D = r"\partial "


@dataclass(frozen=True)
class Line:
    """`lhs = rhs = value` in LaTeX; `about` names what it describes, e.g. ("z", "hidden", 0) or ("W", "out", 1, 0)."""

    section: str
    lhs: str
    rhs: str
    value: str
    about: tuple = ()
    note: str = ""

    def latex(self):
        return " = ".join(part for part in (self.lhs, self.rhs, self.value) if part)


def grad(symbol):
    return rf"\frac{{{D}L}}{{{D}{symbol}}}"


def weighted_sum(weights, inputs, bias):
    """'0.2 \\cdot 1 - 0.3 \\cdot 2 + 0.4 \\cdot (-1) + 0.5' from the given weights and the layer's inputs."""
    terms = [signed_term(f"{given(w)} \\cdot {paren(a)}", i == 0) for i, (w, a) in enumerate(zip(weights, inputs))]
    return " ".join(terms + [signed_term(given(bias), False)])


def matrix(rows, fmt, limit=4):
    """A pmatrix of formatted numbers; beyond `limit` rows or columns the middle ones give way to dots."""
    rows = np.atleast_2d(rows)
    keep_r, keep_c = _kept(rows.shape[0], limit), _kept(rows.shape[1], limit)
    body = [" & ".join(r"\cdots" if j is None else fmt(rows[i][j]) for j in keep_c) if i is not None
            else " & ".join(r"\vdots" if j is not None else r"\ddots" for j in keep_c) for i in keep_r]
    return r"\begin{pmatrix} " + r" \\ ".join(body) + r" \end{pmatrix}"


def vector(values, fmt, limit=6):
    """A row of numbers in parentheses, with dots in the middle beyond `limit` entries."""
    return r"\left(" + r",\ ".join(r"\dots" if i is None else fmt(values[i]) for i in _kept(len(values), limit)) \
        + r"\right)"


def _kept(n, limit):
    """Indices to show of n: all of them, or the first limit-2, None (the dots) and the last."""
    return list(range(n)) if n <= limit else list(range(limit - 2)) + [None, n - 1]


def activation_rhs(activation: str, z_symbol: str, z_text: str) -> str:
    """a = f(z) written out with the registry's notation, e.g. \\sigma(z_1) = \\sigma(0.5)."""
    return core.ACTIVATIONS[activation].tex.format(sym=z_symbol, z=z_text)


def derivative_rhs(activation: str, a_text: str) -> str:
    """f'(z) written with the rounded activation, e.g. 0.622(1 - 0.622); empty when it is 0 or 1."""
    return core.ACTIVATIONS[activation].grad_tex.format(a=a_text)


class Worked:
    """Builds the lines of each section from a Solution of a single-sample scenario."""

    def __init__(self, solution):
        self.sol, self.s, self.v = solution, solution.scenario, solution.computed
        self.p, self.q = self.s.precision, self.s.update_precision

    def num(self, x):
        return fixed(x, self.p)

    def inputs_text(self, index):
        """How layer `index`'s inputs are written: the given x, or the previous layer's rounded activations."""
        if index == 0:
            return [given(x) for x in self.s.input]
        return [self.num(a) for a in self.v["layers"][self.s.layers[index - 1].name]["a"]]

    def forward(self):
        lines = []
        for index, spec in enumerate(self.s.layers):
            lv, inputs = self.v["layers"][spec.name], self.inputs_text(index)
            for i, z in enumerate(lv["z"]):
                if spec.stated_z is not None:
                    lines.append(Line("forward", spec.z_symbols[i], "", given(z), ("z", spec.name, i),
                                      f"stated; W a + b = {self.num(lv['z_computed'][i])}"))
                else:
                    rhs = weighted_sum(spec.weights[i], inputs, spec.bias[i])
                    lines.append(Line("forward", spec.z_symbols[i], rhs, self.num(z), ("z", spec.name, i)))
            if spec.activation != "softmax":
                lines += [Line("forward", spec.a_symbols[i],
                               activation_rhs(spec.activation, spec.z_symbols[i], self.num(lv["z"][i])),
                               self.num(a), ("a", spec.name, i)) for i, a in enumerate(lv["a"])]
        return lines

    def softmax(self):
        out = self.s.layers[-1]
        terms, total = self.v["softmax"]["exp"], self.v["softmax"]["sum"]
        z = self.v["layers"][out.name]["z"]
        lines = [Line("softmax", f"e^{{{out.z_symbols[i]}}}", f"e^{{{self.num(z[i])}}}", self.num(e), ("exp", i))
                 for i, e in enumerate(terms)]
        lines.append(Line("softmax", "S", " + ".join(self.num(e) for e in terms), self.num(total), ("sum",)))
        lines += [Line("softmax", out.a_symbols[i], rf"{self.num(e)} / {self.num(total)}", self.num(p), ("p", i))
                  for i, (e, p) in enumerate(zip(terms, self.v["probabilities"]))]
        return lines + [self.loss_line()]

    def loss_line(self):
        out, y, p = self.s.layers[-1], self.s.target, self.v["probabilities"]
        hot = [i for i, t in enumerate(y) if t != 0]
        if len(hot) == 1:
            i = hot[0]
            return Line("softmax", "L", rf"-\ln {out.a_symbols[i]} = -\ln {self.num(p[i])}", self.num(self.v["loss"]),
                        ("loss",))
        terms = " + ".join(rf"{given(y[i])} \ln {self.num(p[i])}" for i in hot)
        return Line("softmax", "L", rf"-({terms})", self.num(self.v["loss"]), ("loss",))

    def backward(self):
        lines = []
        for index in reversed(range(len(self.s.layers))):
            lines += self.layer_dz(index) + self.layer_params(index)
        n = self.v["dx"]
        return lines + [Line("backward", grad(x), "", self.num(g), ("dx", k))
                        for k, (x, g) in enumerate(zip(self.s.input_symbols, n))]

    def layer_dz(self, index):
        spec, lv = self.s.layers[index], self.v["layers"][self.s.layers[index].name]
        if spec.activation == "softmax":
            y = self.s.target
            return [Line("backward", grad(spec.z_symbols[i]), f"{spec.a_symbols[i]} - y_{{{i + 1}}} = "
                         f"{self.num(p)} - {given(y[i])}", self.num(d), ("dz", spec.name, i))
                    for i, (p, d) in enumerate(zip(lv["a"], lv["dz"]))]
        nxt = self.s.layers[index + 1]
        nv = self.v["layers"][nxt.name]
        lines = []
        for j, (da, dz, a) in enumerate(zip(lv["da"], lv["dz"], lv["a"])):
            terms = " ".join(signed_term(f"({self.num(d)})({given(nxt.weights[i][j])})", i == 0)
                             for i, d in enumerate(nv["dz"]))
            lines.append(Line("backward", grad(spec.a_symbols[j]), terms, self.num(da), ("da", spec.name, j)))
            deriv = derivative_rhs(spec.activation, self.num(a))
            rhs = f"{self.num(da)} \\cdot {deriv}" if deriv else ""
            lines.append(Line("backward", grad(spec.z_symbols[j]), rhs, self.num(dz), ("dz", spec.name, j)))
        return lines

    def layer_params(self, index):
        spec, lv = self.s.layers[index], self.v["layers"][self.s.layers[index].name]
        inputs = self.inputs_text(index)
        lines = [Line("backward", grad(spec.weight_symbols[i][j]), f"({self.num(lv['dz'][i])})({inputs[j]})",
                      self.num(lv["dW"][i][j]), ("dW", spec.name, i, j))
                 for i, j in np.ndindex(*np.shape(lv["dW"]))]
        return lines + [Line("backward", grad(spec.bias_symbols[i]), "", self.num(d), ("db", spec.name, i))
                        for i, d in enumerate(lv["db"])]

    def update(self):
        lines = []
        for spec in self.s.layers:
            lv = self.v["layers"][spec.name]
            lines += [self.step_line(spec.weight_symbols[i][j], lv["W"][i][j], lv["dW"][i][j], lv["W_new"][i][j],
                                     ("W_new", spec.name, i, j)) for i, j in np.ndindex(*np.shape(lv["W"]))]
            lines += [self.step_line(spec.bias_symbols[i], b, lv["db"][i], lv["b_new"][i], ("b_new", spec.name, i))
                      for i, b in enumerate(lv["b"])]
        for spec in self.s.layers[:-1]:
            lines += [Line("update", rf"{{{spec.a_symbols[i]}}}^{{\mathrm{{new}}}}", "", self.num(a),
                           ("a_after", spec.name, i)) for i, a in enumerate(self.v["layers"][spec.name]["a_after"])]
        out = self.s.layers[-1]
        lines += [Line("update", rf"{out.a_symbols[i]}^{{\mathrm{{new}}}}", "", self.num(p), ("p_after", i))
                  for i, p in enumerate(self.v["probabilities_after"])]
        return lines + [Line("update", r"L_{\mathrm{new}}", "", self.num(self.v["loss_after"]), ("loss_after",),
                             f"was {self.num(self.v['loss'])}")]

    def step_line(self, symbol, old, gradient, new, about):
        """`w = w_old - eta * dL/dw = w_new`, the gradient at the update's precision so the arithmetic checks."""
        rhs = rf"{given(old)} - {given(self.s.learning_rate)} \cdot {paren(fixed(gradient, self.q))}"
        return Line("update", symbol, rhs, fixed(new, self.q), about)

    def symbol(self, index, base):
        """A layer's matrix or vector: W for a one-layer network, W^{(2)} for the second layer of a deeper one."""
        return base if len(self.s.layers) == 1 else f"{base}^{{({index + 1})}}"

    def setup(self):
        """What the video states before it computes: the input, every layer's parameters, the learning rate."""
        return [Line("setup", "x", "", vector(self.s.input, given), ("x",)),
                *[line for index in range(len(self.s.layers)) for line in self.parameters(index)],
                Line("setup", r"\eta", "", given(self.s.learning_rate), ("eta",))]

    def parameters(self, index):
        """The layer's weights and biases as given."""
        spec = self.s.layers[index]
        return [Line("setup", self.symbol(index, "W"), "", matrix(spec.weights, given), ("W", spec.name)),
                Line("setup", self.symbol(index, "b"), "", vector(spec.bias, given), ("b", spec.name))]

    def stated(self, index):
        """For a layer whose z the scenario states: what W a + b would have given, so the viewer is told."""
        name, inputs = self.s.layers[index].name, "x" if index == 0 else "a"
        return Line("forward", rf"\text{{stated; but }} W {inputs} + b", "",
                    vector(self.v["layers"][name]["z_computed"], self.num),
                    ("z_computed", name), "the example states z instead")

    def gradient_matrices(self, index):
        """dL/dW and dL/db of a layer, whole, at the display precision."""
        name, lv = self.s.layers[index].name, self.v["layers"][self.s.layers[index].name]
        return [Line("backward", grad(self.symbol(index, "W")), "", matrix(lv["dW"], self.num), ("dW", name)),
                Line("backward", grad(self.symbol(index, "b")), "", vector(lv["db"], self.num), ("db", name))]

    def updated_matrices(self, index):
        """The layer's new weights and biases at the update precision."""
        name, lv = self.s.layers[index].name, self.v["layers"][self.s.layers[index].name]
        new = lambda x: fixed(x, self.q)
        return [Line("update", self.symbol(index, "W") + r"_{\mathrm{new}}", "", matrix(lv["W_new"], new),
                     ("W_new", name)),
                Line("update", self.symbol(index, "b") + r"_{\mathrm{new}}", "", vector(lv["b_new"], new),
                     ("b_new", name))]

    def sections(self):
        """{section name: lines}, in reading order."""
        return {"forward": self.forward(), "softmax": self.softmax(), "backward": self.backward(),
                "update": self.update()}

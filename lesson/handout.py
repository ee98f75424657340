"""The handout of a scenario as a list of blocks, section by section like the video, for Markdown and LaTeX alike.

Every number comes from the worked lines the video shows (`Worked`) or, for a batch's matrices and the training
curve, from `Solution.lookup` at the scenario's display precision. Blocks are plain tuples:
("title", text), ("heading", text), ("text", sentence), ("math", [LaTeX lines]), ("figure", image file, caption),
("table", header, rows).
"""
from . import storyboard
from .notation import fixed, given
from .scenario import SECTIONS
from .worked import Line, Worked, matrix, vector

WHY = [r"L = -\sum_j y_j \ln p_j, \qquad p_j = \frac{e^{z_j}}{\sum_k e^{z_k}}, \qquad "
       r"\frac{\partial p_j}{\partial z_i} = p_j(\delta_{ij} - p_i)",
       r"\frac{\partial L}{\partial z_i} = -\sum_j \frac{y_j}{p_j}\, p_j(\delta_{ij} - p_i) "
       r"= -y_i + p_i \sum_j y_j = p_i - y_i"]


def blocks(solution, figure: str | None = None) -> list:
    """The whole handout: title, the video's sections, why p − y, training, summary, the document appendix."""
    s = solution.scenario
    out = [("title", s.title)] + ([("text", s.description)] if s.description else [])
    body = _batch(solution) if s.batched else _single(solution)
    if s.batched:
        out.append(("text", f"A batch of {len(s.input)} samples, one row each; the loss is their mean."))
    for section in SECTIONS:
        out.append(("heading", storyboard.heading(section, solution)))
        if not s.batched:                   # the video's captions speak of the one sample it draws
            out.append(("text", storyboard.caption(solution, section)))
        out += body[section]
        if section == "softmax":
            out += [("heading", "Why the gradient is p − y"), ("math", WHY)]
        if section == "backward" and figure:
            out.append(("figure", figure, "The network at the end of the backward pass, as in the video."))
    return out + _training(solution) + _summary(solution) + _appendix(solution)


def _single(solution):
    """The video's own lines per section."""
    worked = Worked(solution)
    lines = worked.sections()
    latex = lambda items: [("math", [item.latex() for item in items])] if items else []
    n = len(solution.scenario.layers)
    return {"setup": latex(worked.setup() + [_target(solution)]),
            "forward": latex(lines["forward"]), "softmax": latex(lines["softmax"]),
            "backward": latex(lines["backward"] + [m for i in range(n) for m in worked.gradient_matrices(i)]),
            "update": latex(lines["update"] + [m for i in range(n) for m in worked.updated_matrices(i)])}


def _target(solution):
    return Line("setup", "y", "", vector(solution.scenario.target, given), ("y",))


def _grid(solution, path, shape, digits):
    """A matrix of looked-up values, e.g. layers.output.z as an N x K pmatrix."""
    rows, cols = shape
    values = [[solution.lookup(f"{path}[{i}][{j}]") for j in range(cols)] for i in range(rows)]
    return matrix(values, lambda x: fixed(x, digits), limit=8)


def _row(solution, path, length, digits):
    return vector([solution.lookup(f"{path}[{i}]") for i in range(length)], lambda x: fixed(x, digits), limit=8)


def _batch(solution):
    """A batch as matrices, one row per sample, as (P − Y)/N and dZᵀ X."""
    s, p, q = solution.scenario, solution.scenario.precision, solution.scenario.update_precision
    n = len(s.input)
    setup = [rf"X = {matrix(s.input, given, limit=8)}", rf"Y = {matrix(s.target, given, limit=8)}",
             rf"\eta = {given(s.learning_rate)}"]
    forward, backward, update = [], [], []
    for index, spec in enumerate(s.layers):
        k, m = spec.weights.shape
        tag = f"^{{({index + 1})}}" if len(s.layers) > 1 else ""
        base = f"layers.{spec.name}"
        a = "P" if spec.activation == "softmax" else "A" + tag
        setup += [rf"W{tag} = {matrix(spec.weights, given, limit=8)}",
                  rf"b{tag} = {vector(spec.bias, given, limit=8)}"]
        forward += [rf"Z{tag} = {_grid(solution, base + '.z', (n, k), p)}",
                    rf"{a} = {_grid(solution, base + '.a', (n, k), p)}"]
        backward.insert(0, rf"\frac{{\partial L}}{{\partial W{tag}}} = {_grid(solution, base + '.dW', (k, m), p)},"
                           rf" \quad \frac{{\partial L}}{{\partial b{tag}}} = {_row(solution, base + '.db', k, p)}")
        update += [rf"W{tag}_{{\mathrm{{new}}}} = {_grid(solution, base + '.W_new', (k, m), q)}",
                   rf"b{tag}_{{\mathrm{{new}}}} = {_row(solution, base + '.b_new', k, q)}"]
    out = s.layers[-1]
    losses = [rf"\ell = {_row(solution, 'sample_losses', n, p)}",
              rf"L = \frac{{1}}{{{n}}} \sum_n \ell_n = {fixed(solution.lookup('loss'), p)}"]
    dz = rf"\frac{{\partial L}}{{\partial Z}} = \frac{{P - Y}}{{{n}}} = " \
         rf"{_grid(solution, f'layers.{out.name}.dz', (n, out.weights.shape[0]), p)}"
    after = rf"L_{{\mathrm{{new}}}} = {fixed(solution.lookup('loss_after'), p)}"
    return {"setup": [("math", setup)], "forward": [("math", forward)], "softmax": [("math", losses)],
            "backward": [("math", [dz] + backward)], "update": [("math", update + [after])]}


def _training(solution):
    """The loss before each step and after the last, when the scenario trains for more than one step."""
    steps = solution.scenario.steps
    if steps <= 1:
        return []
    p = solution.scenario.precision
    rows = [[str(i), fixed(solution.lookup(f"history[{i}]"), p)] for i in range(steps + 1)]
    return [("heading", "Training"),
            ("text", f"{steps} steps of gradient descent with η = {given(solution.scenario.learning_rate)}: "
                     "the loss before each step and after the last."),
            ("table", ["step", "loss"], rows)]


def _summary(solution):
    """The rule and the numbers to remember."""
    s, p = solution.scenario, solution.scenario.precision
    rules = [r"\frac{\partial L}{\partial z} = p - y, \qquad \frac{\partial L}{\partial W} = (p - y)\, a^{\top}, "
             r"\qquad \frac{\partial L}{\partial b} = p - y, \qquad "
             r"W \leftarrow W - \eta \frac{\partial L}{\partial W}"]
    if not s.batched:
        k = len(s.target)
        rules += [rf"p = {_row(solution, 'probabilities', k, p)}, \quad "
                  rf"p - y = {_row(solution, f'layers.{s.layers[-1].name}.dz', k, p)}"]
    rules.append(rf"L = {fixed(solution.lookup('loss'), p)} \;\to\; L_{{\mathrm{{new}}}} = "
                 rf"{fixed(solution.lookup('loss_after'), p)}")
    return [("heading", "Summary"), ("math", rules)]


def _appendix(solution):
    """Where the source document differs, as `check` reports it: the numbers that differ, its notes, warnings."""
    claims, src = solution.claims(), solution.scenario.source
    differ = [c for c in claims if not c["ok"]]
    notes = src["notes"] + solution.warnings()
    if not claims and not notes:
        return []
    out = [("heading", "Appendix: where the source document differs"),
           ("text", f"{src['title'] or src['file']}: {len(claims)} printed numbers checked, {len(differ)} differ.")]
    if differ:
        out.append(("table", ["quantity", "printed", "correct", "where", "why"],
                    [[c["quantity"], c["printed"], f"{c['computed']:.6g}", c["where"], c["note"]] for c in differ]))
    return out + [("text", note) for note in notes]

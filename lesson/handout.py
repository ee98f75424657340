"""The handout of a scenario as a list of blocks, section by section like the video, for Markdown and LaTeX alike.

Every number comes from the formulas the video shows (`Worked`, `BatchWorked`, `lesson.training`), so handout,
video and `check` say the same numbers. Blocks are plain tuples: ("title", text), ("heading", text),
("text", sentence), ("math", [LaTeX lines]), ("figure", image file, caption), ("table", header, rows).
"""
from . import review, storyboard, training
from .batch import BatchWorked
from .quantity import q
from .why import Why
from .worked import Formula, Worked, vector

def blocks(solution, figure: str | None = None) -> list:
    """The whole handout: title, the video's sections, why p − y, training, summary, the document appendix."""
    s = solution.scenario
    out = [("title", s.title)] + ([("text", s.description)] if s.description else [])
    sections = body(solution)
    for section in storyboard.sections(solution):
        out += [("heading", storyboard.heading(section.name, solution)),
                ("text", storyboard.caption(solution, section.name))] + sections[section.name]
        if section.name == "backward" and figure:
            out.append(("figure", figure, "The network at the end of the backward pass, as in the video."))
    return out + _summary(solution) + _appendix(solution)


def body(solution) -> dict:
    """{section name: its blocks}: the video's formulas per section, for one sample or as a batch's matrices."""
    return _batch(solution) if solution.scenario.batched else _single(solution)


def _math(formulas: list[Formula]) -> list:
    return [("math", [f.latex() for f in formulas])] if formulas else []


def _why(solution) -> list:
    """The video's pages on p − y: each page's title, then its formulas and the vector it lands on."""
    return [block for step in Why(solution).steps()
            for block in [("text", step.title)] + _math(list(step.lines) + ([step.landing] if step.landing else []))]


def _single(solution) -> dict:
    """The video's own formulas per section."""
    worked = Worked(solution)
    lines = worked.sections()
    n = len(solution.scenario.layers)
    target = vector([worked.given(q("target", i)) for i in range(len(solution.scenario.target))])
    return {"setup": _math(worked.setup() + [Formula("y", "", target[0])]),
            "forward": _math(lines["forward"]), "softmax": _math(lines["softmax"]), "why": _why(solution),
            "backward": _math(lines["backward"] + [m for i in range(n) for m in worked.gradient_matrices(i)]),
            "update": _math(lines["update"] + [m for i in range(n) for m in worked.updated_matrices(i)]),
            "training": _training(worked)}


def _batch(solution) -> dict:
    """A batch as matrices, one row per sample, as (P − Y)/N and the per-sample outer products."""
    worked = BatchWorked(solution)
    layers = range(len(solution.scenario.layers))
    forward = [f for i in layers for f in ([worked.preactivations(i)] +
                                           ([worked.activations(i)] if i < len(layers) - 1 else []))]
    backward = [worked.residual(), worked.scaled_residual()]
    for i in reversed(layers):
        backward += (worked.hidden_gradients(i) if i < len(layers) - 1 else []) + worked.outer_products(i) + \
                    [worked.weight_gradient(i), worked.bias_gradient(i)]
    update = [m for i in layers for m in worked.updated_matrices(i)] + [worked.loss_change()]
    return {"setup": _math(worked.setup() + [worked.targets()]), "forward": _math(forward + [worked.probabilities()]),
            "softmax": _math([worked.sample_losses(), worked.mean_loss()]), "why": _why(solution),
            "backward": _math(backward),
            "update": _math(update), "training": _training(worked)}


def _training(worked: Worked) -> list:
    """The loss and the true class's probability before each step and after the last, and where it ends."""
    losses, curves = training.loss_points(worked), training.true_class_points(worked)
    header = ["step", "loss"] + (["p(true)"] if len(curves) == 1 else [f"p(true), sample {n + 1}"
                                                                      for n in range(len(curves))])
    rows = [[str(k), point.text] + [curve[k].text for curve in curves] for k, point in enumerate(losses)]
    return [("table", header, rows), *_math([training.summary(worked), *training.final_parameters(worked)])]


def _summary(solution) -> list:
    """The rule and the numbers to remember."""
    worked = Worked(solution)
    rules = [r"\frac{\partial L}{\partial z} = p - y, \qquad \frac{\partial L}{\partial W} = (p - y)\, a^{\top}, "
             r"\qquad \frac{\partial L}{\partial b} = p - y, \qquad "
             r"W \leftarrow W - \eta \frac{\partial L}{\partial W}"]
    before, after = worked.computed(q("loss")), worked.computed(q("loss_after"))
    rules.append(rf"L = {before.text} \;\to\; {worked.renewed('L')} = {after.text}")
    return [("heading", "Summary"), ("math", rules)]


def _appendix(solution):
    """Where the source document differs, as `check` reports it: the numbers that differ, its notes, warnings."""
    claims, src = review.claims(solution), solution.scenario.source
    differ = [c for c in claims if not c.ok]
    notes = src["notes"] + review.warnings(solution)
    if not claims and not notes:
        return []
    out = [("heading", "Appendix: where the source document differs"),
           ("text", f"{src['title'] or src['file']}: {len(claims)} printed numbers checked, {len(differ)} differ.")]
    if differ:
        out.append(("table", ["quantity", "printed", "correct", "where", "why"],
                    [[c.claim.quantity, c.claim.document, f"{c.computed:.6g}", c.claim.where, c.claim.note]
                     for c in differ]))
    return out + [("text", note) for note in notes]

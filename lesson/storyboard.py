"""The storyboard: the sections of a lesson in order, their headings and the caption said under each.

One table read by validation (which sections a caption or heading may name), the `check` report, the video and
the tests. Captions are plain Unicode with the scenario's own numbers, so they can also become subtitles or handout
prose; a scenario's `captions` and `headings` fields replace the sentence and the name of a section (in any language).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

import numpy as np

import core
from .language import numeral
from .notation import fixed

if TYPE_CHECKING:          # the table is read by validation too, which comes before any solution
    from .solution import Solution


@dataclass(frozen=True)
class Section:
    """A step of the lesson: its name in files and flags, its heading in the video and in `check`, its caption.

    A section ends by clearing its panel and heading, unless it `hands_over` its last panel to the next section,
    which builds on it (why's p − y becomes the backward pass's arrows).
    """

    name: str
    title: str
    report_title: str | None
    caption: Callable[["Solution"], str]
    hands_over: bool = False


def _num(solution: Solution, x: float) -> str:
    return fixed(x, solution.scenario.precision)


def _true_class(solution: Solution) -> str:
    s = solution.scenario
    hot = [i for i, t in enumerate(s.target) if t == 1]
    if s.target_labels:
        return f"class {s.target_labels[0]}"
    return f"output {hot[0] + 1}" if len(hot) == 1 else "spread over several classes (a soft target)"


def _setup(solution: Solution) -> str:
    s = solution.scenario
    if s.batched:
        return (f"A batch of {len(s.input)} samples with {s.input.shape[1]} inputs each, "
                f"{len(s.layers[-1].bias)} classes; each row of X is one sample.")
    return f"{len(s.input)} inputs, {len(s.layers[-1].bias)} classes; the target is {_true_class(solution)}."


def _forward(solution: Solution) -> str:
    if solution.scenario.batched:
        return "Every sample goes through the same weights: Z = X Wᵀ + b, one row per sample."
    hidden = [core.ACTIVATIONS[spec.activation].word for spec in solution.scenario.layers[:-1]]
    offset = any(spec.stated_z is not None for spec in solution.scenario.layers)
    adds = "its weighted inputs, its bias and the example's offset c" if offset else "its weighted inputs and its bias"
    return f"Each neuron adds up {adds}{f', then applies {hidden[0]}' if hidden else ''}."


def _soft_target(solution: Solution) -> bool:
    """Whether the (first) sample's target spreads over more than one class."""
    s = solution.scenario
    return np.count_nonzero(s.target[0] if s.batched else s.target) > 1


def _softmax(solution: Solution) -> str:
    s, loss = solution.scenario, _num(solution, solution.loss)
    if s.batched:
        return ("Each row of P is one sample's probabilities; the batch loss is the mean of the sample losses: "
                f"L = {loss}.")
    if _soft_target(solution):
        loss_is = "with a soft target the loss is −Σ y ln p over every class with y > 0"
    elif round(solution.probabilities[int(np.argmax(s.target))], s.precision) == 0:
        loss_is = "p of the true class is too small to print, so the loss comes from log-sum-exp"
    else:
        loss_is = "the loss is −ln p of the true class"
    return f"Softmax turns the logits into probabilities; {loss_is}: L = {loss}."


def _why(solution: Solution) -> str:
    if not np.all(np.isfinite(solution.softmax.dp)):
        return ("Here p of the true class underflows to 0, so −y/p overflows and the chain road breaks; "
                "log-sum-exp, the short road frameworks take, still gives p − y.")
    if _soft_target(solution):
        return ("With a soft target every p with y > 0 enters the loss; the Jacobian road still ends at p − y, "
                "because y sums to 1.")
    return "Through the softmax Jacobian, ∂L/∂p = −y/p collapses to p − y; log-sum-exp gets there in two lines."


def _backward(solution: Solution) -> str:
    if solution.scenario.batched:
        return (f"The loss is a mean, so ∂L/∂Z = (P − Y)/{len(solution.scenario.input)}; "
                "∂L/∂W adds up each sample's outer product.")
    up = np.flatnonzero(solution.probabilities < solution.scenario.target)
    if list(up) == [int(np.argmax(solution.scenario.target))]:
        return "With softmax and cross-entropy, ∂L/∂z = p − y: the true class is pushed up, the others down."
    return "With softmax and cross-entropy, ∂L/∂z = p − y: each class with p below its y is pushed up, the rest down."


def _update(solution: Solution) -> str:
    mean = "the batch's mean gradient" if solution.scenario.batched else "its gradient"
    return (f"Every weight steps against {mean}, w ← w − η ∂L/∂w; "
            f"the loss goes from {_num(solution, solution.loss)} to {_num(solution, solution.loss_after)}.")


def _training(solution: Solution) -> str:
    """The loss over the run; in a batch, also a sample whose own p of the true class fell while the mean loss fell."""
    losses, p = solution.history, solution.training.p_true
    said = (f"Gradient descent repeats the step: over {len(losses) - 1} steps the loss falls from "
            f"{_num(solution, losses[0])} to {_num(solution, losses[-1])}.")
    fell = [n for n in range(p.shape[1]) if p[-1, n] < p[0, n]] if p.ndim == 2 and losses[-1] < losses[0] else []
    if not fell:
        return said
    n = fell[0]
    return (f"Over {len(losses) - 1} steps the mean loss falls from {_num(solution, losses[0])} to "
            f"{_num(solution, losses[-1])}; sample {n + 1}'s own p of its true class falls, "
            f"{_num(solution, p[0, n])} → {_num(solution, p[-1, n])}.")


SECTIONS = (
    Section("setup", "The network", None, _setup),
    Section("forward", "Forward pass", "Forward", _forward),
    Section("softmax", "Softmax and loss", "Softmax and loss", _softmax),
    Section("why", "Why ∂L/∂z = p − y", "Why p - y (the softmax Jacobian)", _why, hands_over=True),
    Section("backward", "Backward pass", "Backward", _backward),
    Section("update", "Gradient step", "Update", _update),
    Section("training", "Training", None, _training),
)
NAMES = tuple(section.name for section in SECTIONS)
BY_NAME = {section.name: section for section in SECTIONS}
OPTIONAL = ("why",)         # sections a scenario may turn off (`sections: {why: false}`)


def sections(solution: Solution) -> list[Section]:
    """The sections this solution's lesson has, in order: all but those its scenario's `sections` field turns off,
    and training only when there is more than one step."""
    s = solution.scenario
    return [x for x in SECTIONS if s.sections.get(x.name, True) and (x.name != "training" or s.steps > 1)]


def has(solution: Solution, name: str) -> bool:
    """Whether this solution's lesson has the section `name`."""
    return name in [s.name for s in sections(solution)]


def title(name: str, solution: Solution | None = None) -> str:
    """The section's name: the scenario's own heading for it, if it has one, else the storyboard's."""
    return (solution.scenario.headings.get(name) if solution else None) or BY_NAME[name].title


def heading(name: str, solution: Solution | None = None) -> str:
    """'2 · Forward pass': the section's place in this solution's storyboard (or the whole one) and its name."""
    names = [s.name for s in (sections(solution) if solution else SECTIONS)]
    number = names.index(name) + 1
    if solution:
        number = numeral(solution.scenario.language, solution.scenario.title, number)
    return f"{number} · {title(name, solution)}"


def caption(solution: Solution, name: str) -> str:
    """The sentence shown under a section: the scenario's own if it gives one, else the default."""
    return solution.scenario.captions.get(name) or BY_NAME[name].caption(solution)


def step_captions(solution: Solution, name: str) -> dict[str, str]:
    """The sentences that replace a section's caption as it reaches each of its steps (why's roads, the backward
    pass into a hidden layer), so the words say the idea of what is on screen; none where the scenario words the
    section itself (its own language and story)."""
    if name in solution.scenario.captions:
        return {}
    if name == "backward":
        return {"hidden": "The hidden layer: ∂L/∂a sums the gradients coming back, each times its edge's weight; "
                          "the activation's slope makes it ∂L/∂z."}
    if name != "why":
        return {}
    chain = ("In float64 p of the true class is 0, so −y/p overflows: the chain road cannot be walked with these numbers."
             if solution.chain_overflows else
             "The chain rule multiplies the two: ∂L/∂z = (∂p/∂z)ᵀ ∂L/∂p, worked for the true class.")
    return {"jacobian": "Each p depends on every z: the Jacobian has pᵢ(1 − pᵢ) on its diagonal and −pᵢpⱼ off it.",
            "chain": chain,
            "collapse": "Why the product is p − y: the p's cancel, and the y's sum to 1.",
            "short": "The short road: log-sum-exp gives p − y in two lines, with no 1/p.",
            "batch": "Every sample's p − y is a row of P − Y; the mean over the batch divides it by N."}

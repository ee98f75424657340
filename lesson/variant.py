"""Variants of a scenario: the same network with new numbers a student can work by hand, each a scenario file's text.

A variant keeps everything but the numbers a student starts from: layers, sizes, activations, symbols, captions,
headings, language, display, the target (so a soft target keeps its smoothing, a batch its size) and the learning
rate. Its input, weights and biases are drawn on the grid the source's own numbers suggest (whole numbers, halves or
one decimal, no larger than the source's largest) and kept only when the worked solution obeys `fault`'s rules.
Variant k of a seed draws from its own stream, `numpy.random.default_rng([seed, k])`, so it comes out the same made
alone or among others (a draw equal to an earlier variant's is passed over).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

import numpy as np
import yaml

from . import limits
from .errors import ScenarioError, solving
from .language import numeral, phrase
from .notation import fixed
from .scenario import Scenario, parse
from .solution import Solution
from .yamlfile import parse_yaml

TRIES = 2000                     # draws per variant before the shape is declared too hard to vary
PROBABILITIES = (0.05, 0.95)     # every probability of every sample stays inside
STEPS = (1.0, 0.5, 0.1)          # the grids a source's numbers may suggest: whole numbers, halves, one decimal
SYMBOL_KEYS = ("weight_symbols", "bias_symbols", "z_symbols", "a_symbols")


@dataclass(frozen=True)
class Numbers:
    """What a variant draws anew: the input (a row per sample for a batch) and every layer's weights and biases."""

    input: np.ndarray
    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]

    @classmethod
    def of(cls, scenario: Scenario) -> Numbers:
        """The numbers a scenario gives."""
        return cls(scenario.input, tuple(s.weights for s in scenario.layers), tuple(s.bias for s in scenario.layers))

    def groups(self) -> list[np.ndarray]:
        """input, then each layer's weights and bias: the groups that each have a grid of their own."""
        return [self.input] + [a for pair in zip(self.weights, self.biases) for a in pair]

    @classmethod
    def from_groups(cls, groups: list[np.ndarray]) -> Numbers:
        """The numbers of `groups`, in the order `groups` gives them."""
        return cls(groups[0], tuple(groups[1::2]), tuple(groups[2::2]))

    def key(self) -> tuple[float, ...]:
        """Every number in one tuple: two variants are equal when their keys are."""
        return tuple(float(v) for group in self.groups() for v in np.ravel(group))

    def applied(self, scenario: Scenario) -> Scenario:
        """`scenario` with these numbers (for trying a draw; the file written is validated on its own)."""
        layers = tuple(replace(spec, weights=w, bias=b)
                       for spec, w, b in zip(scenario.layers, self.weights, self.biases))
        return replace(scenario, input=self.input, layers=layers)


@dataclass(frozen=True)
class Variant:
    """Variant `number` of a seed: its scenario file's text and that text validated as a file."""

    number: int
    text: str
    scenario: Scenario


def grid(values: np.ndarray) -> np.ndarray | None:
    """The values a group may take: multiples of the coarsest step its source numbers sit on, up to their largest
    size, zero only when the source has one; None for an all-zero group (no bias), which stays as it is."""
    values = np.ravel(values)
    if not np.any(values):
        return None
    step = next(s for s in STEPS if np.allclose(values / s, np.round(values / s), rtol=0, atol=1e-9))
    reach = max(1, int(np.ceil(np.max(np.abs(values)) / step - 1e-9)))
    out = np.round(np.arange(-reach, reach + 1) * step, 1)
    return out if np.any(values == 0) else out[out != 0]


def refuse_stated_z(scenario: Scenario) -> None:
    """A stated z cannot be worked from W x + b by hand: one line saying so and what to write instead."""
    for index, spec in enumerate(scenario.layers):
        if spec.stated_z is not None:
            raise scenario.error(("layers", index, "z"), "a stated z does not follow from W x + b, so its numbers "
                                                         "cannot be varied or worked by hand; give the bias "
                                                         "b = z - W x instead, as scenarios/three_class.yaml does")


def true_classes(target: np.ndarray) -> np.ndarray:
    """Each sample's true class, the target's one largest entry; -1 where several share the largest."""
    rows = np.atleast_2d(target)
    top = np.max(rows, axis=1, keepdims=True)
    return np.where(np.sum(rows == top, axis=1) == 1, np.argmax(rows, axis=1), -1)


def true_class_wins(seed: int, number: int) -> bool:
    """Whether a single sample's true class is to be the most probable in this variant: in every other one, so no
    run of two or more has it always (or never) winning."""
    return (seed + number) % 2 == 1


def fault(solution: Solution, wins: bool) -> str | None:
    """The first hand-friendly rule the solution breaks, or None: training stays finite; every probability lies in
    PROBABILITIES; the most probable class is plain at the printed precision; the true class wins as `wins` asks (a
    batch: some samples right, some wrong); no ReLU sits at its kink; the first update lowers the printed loss;
    a batch's samples differ."""
    s, digits = solution.scenario, solution.scenario.precision
    try:
        with solving(s.file):
            p = np.atleast_2d(solution.probabilities)
            if solution.diverged:
                return "training diverges"
    except ScenarioError:
        return "the arithmetic overflows"
    if p.min() < PROBABILITIES[0] or p.max() > PROBABILITIES[1]:
        return f"a probability outside [{PROBABILITIES[0]}, {PROBABILITIES[1]}]"
    printed = np.sort([[float(fixed(v, digits)) for v in row] for row in p], axis=1)
    if np.any(printed[:, -1] <= printed[:, -2]):
        return "two classes tie for the most probable at the printed precision"
    true = true_classes(s.target)
    right = (np.argmax(p, axis=1) == true)[true >= 0]
    if s.batched and len(right) > 1 and (right.all() or not right.any()):
        return "every sample is classified right, or every one wrong"
    if not s.batched and len(right) and bool(right[0]) != wins:
        return "the true class is " + ("not " if wins else "") + "the most probable"
    if any(spec.activation == "relu" and np.any(solution.layers[spec.name].z == 0) for spec in s.layers):
        return "a ReLU's input is exactly 0, where its slope is a convention"
    if float(fixed(solution.loss_after, digits)) >= float(fixed(solution.loss, digits)):
        return "one update does not lower the loss at the printed precision"
    if s.batched and len(np.unique(s.input, axis=0)) < len(s.input):
        return "two samples of the batch are equal"
    return None


def draw(rng: np.random.Generator, source: Numbers) -> Numbers:
    """New numbers on each group's grid, of the source's shapes."""
    groups = []
    for values in source.groups():
        allowed = grid(values)
        groups.append(values.copy() if allowed is None else rng.choice(allowed, size=values.shape))
    return Numbers.from_groups(groups)


def title(scenario: Scenario, number: int) -> str:
    """The source's title and 'variant k' (in the scenario's language and digits), cut to fit the title's limit."""
    suffix = " · " + phrase(scenario.language, "variant {n}", n=numeral(scenario.language, scenario.title, number))
    room = limits.TITLE_CHARS - len(suffix)
    base = scenario.title if len(scenario.title) <= room else scenario.title[:room - 1] + "…"
    return base + suffix


def plain(value: float) -> int | float:
    """A number as an author writes it: 2, not 2.0; 0.3, not 0.30000000000000004."""
    return int(value) if float(value).is_integer() else float(f"{value:.10g}")


def plain_list(values: np.ndarray) -> list:
    """An array as nested lists of numbers written as an author writes them."""
    return [plain_list(v) for v in values] if np.ndim(values) > 1 else [plain(v) for v in values]


def defaults(scenario: Scenario) -> Scenario:
    """The scenario the validator makes of this shape with no symbols given: whatever equals it is left unwritten."""
    layers = [{"name": spec.name, "weights": plain_list(spec.weights), "bias": plain_list(spec.bias),
               "activation": spec.activation} for spec in scenario.layers]
    bare = {"input": plain_list(scenario.input), "layers": layers, "target": plain_list(scenario.target),
            "learning_rate": scenario.learning_rate}
    return parse(bare, scenario.file, {(): 1})


def _target(scenario: Scenario) -> object:
    """The target as written: class labels where the source has them, else probability vectors."""
    labels = scenario.target_labels
    if not labels or None in labels:
        return plain_list(scenario.target)
    return labels if scenario.batched else labels[0]


def document(scenario: Scenario, numbers: Numbers, record: dict, bare: Scenario) -> dict:
    """The variant's scenario as plain data: the source's fields and its own numbers, title and record; no source
    document or claims (they belong to the original)."""
    s = scenario
    data = {"title": title(s, record["number"])} | ({"description": s.description} if s.description else {})
    data |= {"classes": list(s.classes)} if s.classes else {}
    data["input"] = plain_list(numbers.input)
    data |= {"input_symbols": s.input_symbols} if s.input_symbols != bare.input_symbols else {}
    data["layers"] = []
    for spec, default, w, b in zip(s.layers, bare.layers, numbers.weights, numbers.biases):
        layer = {"name": spec.name, "weights": plain_list(w), "bias": plain_list(b), "activation": spec.activation}
        own = {k: getattr(spec, k) for k in SYMBOL_KEYS if getattr(spec, k) != getattr(default, k)}
        data["layers"].append(layer | own)
    data |= {"target": _target(s), "learning_rate": plain(s.learning_rate)}
    data |= {"steps": s.steps} if s.steps > 1 else {}
    data["display"] = {"precision": s.precision, "update_precision": s.update_precision} | \
        ({"pace": plain(s.pace)} if s.pace != 1 else {})
    data["language"] = s.language
    data |= {key: getattr(s, key) for key in ("captions", "headings", "sections") if getattr(s, key)}
    return data | {"variant": record}


class _Dumper(yaml.SafeDumper):
    """YAML as an author writes a scenario: a list of numbers or symbols on one line, every mapping as a block."""


_Dumper.add_representer(list, lambda dumper, data: dumper.represent_sequence(
    "tag:yaml.org,2002:seq", data, flow_style=not any(isinstance(v, (list, dict)) for v in data)))
_Dumper.add_representer(dict, lambda dumper, data: dumper.represent_mapping(
    "tag:yaml.org,2002:map", data, flow_style=False))


def text(data: dict, record: dict) -> str:
    """The YAML of a variant, with a comment saying where it comes from."""
    head = (f"# Variant {record['number']} of {record['of']} (seed {record['seed']}), written by render.py variant: "
            "the same network with new\n# numbers a student can work by hand. Its worked solution: render.py check "
            "THIS_FILE\n")
    return head + yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=4096)


def check_shape(scenario: Scenario, count: int, seed: int) -> None:
    """Refuse what cannot be varied at all, and a count or seed outside the format's limits, in one line."""
    refuse_stated_z(scenario)
    if not 1 <= count <= limits.VARIANTS:
        raise ScenarioError(scenario.file, f"-n {count}: make from 1 to {limits.VARIANTS} variants")
    if not 0 <= seed <= limits.SEED:
        raise ScenarioError(scenario.file, f"--seed {seed}: a seed is a whole number from 0 to {limits.SEED}")


def one(scenario: Scenario, seed: int, number: int, of: str, taken: set = frozenset()) -> Variant:
    """Variant `number` of `seed`: the first draw of its own stream that keeps every rule and is not in `taken`
    (the source's and earlier variants' keys); its text validated as a file would be."""
    check_shape(scenario, 1, seed)
    rng, source = np.random.default_rng([seed, number]), Numbers.of(scenario)
    wins, misses = true_class_wins(seed, number), Counter()
    taken = set(taken) | {source.key()}
    for _ in range(TRIES):
        numbers = draw(rng, source)
        why = "it equals the source or an earlier variant" if numbers.key() in taken else \
            fault(Solution(numbers.applied(scenario)), wins)
        if why is None:
            return written(scenario, numbers, {"of": of, "seed": seed, "number": number})
        misses[why] += 1
    raise ScenarioError(scenario.file, f"no numbers for variant {number} kept the hand-friendly rules in {TRIES} "
                                       f"draws (most often: {misses.most_common(1)[0][0]}); this network's numbers "
                                       "cannot be varied that way")


def written(scenario: Scenario, numbers: Numbers, record: dict) -> Variant:
    """The variant's file text, read back by the project's own loader: it holds exactly the numbers drawn."""
    name = f"variant {record['number']}"
    body = text(document(scenario, numbers, record, defaults(scenario)), record)
    data, lines = parse_yaml(body, name)
    back = parse(data, name, lines)
    if Numbers.of(back).key() != numbers.key():
        raise ScenarioError(scenario.file, f"{name}: its file does not read back as the numbers drawn")
    return Variant(record["number"], body, back)


def variants(scenario: Scenario, count: int, seed: int, of: str) -> list[Variant]:
    """Variants 1..count of `seed`, all different from each other and from the source."""
    check_shape(scenario, count, seed)
    out, taken = [], set()
    for number in range(1, count + 1):
        out.append(one(scenario, seed, number, of, taken))
        taken.add(Numbers.of(out[-1].scenario).key())
    return out

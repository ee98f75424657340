"""The scenario format: validate a YAML file field by field and build the network it describes.

Only `input`, `layers`, `target` and `learning_rate` are required; every other field has a default.
"""
import difflib
import math
from dataclasses import dataclass, field, replace

import numpy as np

import core
from . import storyboard
from .errors import ScenarioError
from .yamlfile import field_name, load_yaml

ACTIVATIONS = core.NAMES
REQUIRED = ("input", "layers", "target", "learning_rate")
TOP_KEYS = REQUIRED + ("classes", "title", "description", "input_symbols", "steps", "display", "captions",
                       "language", "source", "sections")
LAYER_KEYS = ("name", "weights", "bias", "activation", "weight_symbols", "bias_symbols", "z_symbols", "a_symbols",
              "z")
SOURCE_KEYS = ("title", "file", "notes", "claims")
CLAIM_KEYS = ("quantity", "document", "where", "note")
DISPLAY_KEYS = ("precision", "update_precision")


@dataclass(frozen=True)
class LayerSpec:
    """One layer as the scenario gives it, with the symbols to show for its weights, biases, z and a."""

    name: str
    weights: np.ndarray
    bias: np.ndarray
    activation: str
    weight_symbols: list
    bias_symbols: list
    z_symbols: list
    a_symbols: list
    stated_z: np.ndarray | None = None


@dataclass(frozen=True)
class Claim:
    """A number the source document prints, kept as printed so its rounding is known."""

    quantity: str
    document: str
    where: str
    note: str
    line: int | None


@dataclass(frozen=True)
class Scenario:
    """A validated scenario: the network, the sample or batch, how to display it, and the source it comes from."""

    file: str
    title: str
    description: str
    input: np.ndarray
    input_symbols: list
    layers: tuple
    target: np.ndarray
    target_labels: list | None
    classes: list | None
    learning_rate: float
    steps: int
    precision: int
    update_precision: int
    language: str
    captions: dict
    source: dict = field(default_factory=dict)
    lines: dict = field(default_factory=dict, repr=False)
    sections: dict = field(default_factory=dict)     # optional section name -> shown (default True)

    @property
    def batched(self) -> bool:
        return self.input.ndim == 2

    def error(self, path: tuple, message: str) -> ScenarioError:
        """A ScenarioError for the field at `path`, at its line (or its nearest enclosing field's line)."""
        return _Checker(self.file, self.lines).error(path, message)

    def network(self) -> core.Network:
        """The core network; a layer with a stated z gets the offset that makes W a + b + offset equal it."""
        layers, a = [], np.atleast_2d(self.input)
        for spec in self.layers:
            layer = core.Dense(spec.name, spec.weights, spec.bias, spec.activation)
            if spec.stated_z is not None:
                layer = replace(layer, offset=spec.stated_z - layer.preactivation(a)[0])
            a = layer.activate(layer.preactivation(a))
            layers.append(layer)
        return core.Network(layers)


class _Checker:
    """Field-by-field checks that raise ScenarioError naming the file, the line and the field."""

    def __init__(self, file, lines):
        self.file, self.lines = file, lines

    def error(self, path: tuple, message: str) -> ScenarioError:
        probe = tuple(path)
        while probe not in self.lines:
            probe = probe[:-1]
        return ScenarioError(self.file, message, field_name(path) or None, self.lines[probe])

    def mapping(self, value, path, allowed, required=()):
        if not isinstance(value, dict):
            raise self.error(path, f"expected a mapping with the fields {', '.join(allowed)}, got {_kind(value)}")
        for key in value:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"expected one of: {', '.join(allowed)}"
                raise self.error(tuple(path) + (key,), f"unknown field; {hint}")
        for key in required:
            if key not in value:
                raise self.error(path, f"missing required field '{key}'" if path else
                                 f"missing required field '{key}' (a scenario needs {', '.join(required)})")
        return value

    def number(self, value, path):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.error(path, f"expected a number, got {_kind(value)}")
        if not math.isfinite(value):
            raise self.error(path, f"expected a finite number, got {value}")
        return float(value)

    def vector(self, value, path, length=None, what="numbers"):
        if not isinstance(value, list) or not value:
            raise self.error(path, f"expected a non-empty list of {what}, got {_kind(value)}")
        if length is not None and len(value) != length:
            raise self.error(path, f"has {len(value)} entries, expected {length} ({what})")
        return np.array([self.number(v, tuple(path) + (i,)) for i, v in enumerate(value)])

    def matrix(self, value, path, shape, what):
        """A list of equal-length rows; `shape` entries of None are free."""
        rows, cols = shape
        if not isinstance(value, list) or not value or not all(isinstance(r, list) for r in value):
            raise self.error(path, f"expected a list of rows ({what}), got {_kind(value)}")
        if rows is not None and len(value) != rows:
            raise self.error(path, f"has {len(value)} rows, expected {rows} ({what})")
        cols = len(value[0]) if cols is None else cols
        return np.array([self.vector(r, tuple(path) + (i,), cols, what)
                         for i, r in enumerate(value)])

    def strings(self, value, path, length):
        if not isinstance(value, list) or len(value) != length or not all(
                isinstance(s, (str, int, float)) and not isinstance(s, bool) for s in value):
            raise self.error(path, f"expected a list of {length} symbols, got {_kind(value)}")
        return [str(s) for s in value]

    def symbol_rows(self, value, path, rows, cols):
        if not isinstance(value, list) or len(value) != rows:
            raise self.error(path, f"expected {rows} rows of symbols (one per neuron), got {_kind(value)}")
        return [self.strings(r, tuple(path) + (i,), cols) for i, r in enumerate(value)]

    def integer(self, value, path, low, high):
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.error(path, f"expected a whole number from {low} to {high}, got {_kind(value)}")
        return value

    def text(self, value, path):
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise self.error(path, f"expected text, got {_kind(value)}")
        return str(value)


def _kind(value):
    if value is None:
        return "nothing"
    if isinstance(value, (list, dict)):
        return f"a {'list' if isinstance(value, list) else 'mapping'}"
    return f"the {type(value).__name__ if not isinstance(value, str) else 'string'} {value!r}"


def _layer(c, raw, path, n_inputs, index, count):
    c.mapping(raw, path, LAYER_KEYS, ("name", "weights", "bias", "activation"))
    name = c.text(raw["name"], path + ("name",))
    activation = raw["activation"]
    if activation not in ACTIVATIONS:
        close = difflib.get_close_matches(str(activation), ACTIVATIONS, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"expected one of: {', '.join(ACTIVATIONS)}"
        raise c.error(path + ("activation",), f"unknown activation {activation!r}; {hint}")
    last = index == count - 1
    if last != (activation == core.SOFTMAX):
        raise c.error(path + ("activation",), "the last layer must be 'softmax'" if last else
                      f"only the last layer may be 'softmax'; use one of: {', '.join(ACTIVATIONS[:-1])}")
    what = f"a row per neuron and a column per input: {n_inputs} inputs"
    weights = c.matrix(raw["weights"], path + ("weights",), (None, n_inputs), what)
    rows, cols = weights.shape
    tag = f"^{{[{index + 1}]}}" if count > 1 else ""

    def sym(key, default):
        return default if raw.get(key) is None else c.strings(raw[key], path + (key,), rows)

    weight_symbols = ([[f"w{tag}_{{{i + 1}{j + 1}}}" for j in range(cols)] for i in range(rows)]
                      if raw.get("weight_symbols") is None else
                      c.symbol_rows(raw["weight_symbols"], path + ("weight_symbols",), rows, cols))
    return LayerSpec(
        name=name, weights=weights, activation=activation,
        bias=c.vector(raw["bias"], path + ("bias",), rows, "one per neuron"),
        weight_symbols=weight_symbols,
        bias_symbols=sym("bias_symbols", [f"b{tag}_{{{i + 1}}}" for i in range(rows)]),
        z_symbols=sym("z_symbols", [f"z{tag}_{{{i + 1}}}" for i in range(rows)]),
        a_symbols=sym("a_symbols", [f"p_{{{i + 1}}}" if last else f"a{tag}_{{{i + 1}}}" for i in range(rows)]),
        stated_z=None if raw.get("z") is None else c.vector(raw["z"], path + ("z",), rows, "one per neuron"),
    )


def _target(c, value, path, classes, k):
    """One sample's target as a probability vector, and its class label when it was given as one."""
    if isinstance(value, list):
        y = c.vector(value, path, k, f"one per class, {k} classes")
        if np.any(y < 0):
            raise c.error(path, f"has a negative entry ({y.min():g}); a target must be a probability vector "
                                "(non-negative entries summing to 1), or a class label")
        if abs(y.sum() - 1.0) > 1e-9:
            raise c.error(path, f"sums to {y.sum():g}; a target must be a probability vector "
                                "(non-negative entries summing to 1), or a class label")
        return y, (classes[int(np.argmax(y))] if classes and np.max(y) == 1.0 else None)
    if classes is None:
        raise c.error(path, f"{value!r} is a class label, but the scenario has no 'classes' list; "
                            "add classes or give a one-hot vector")
    if value not in classes:
        close = difflib.get_close_matches(str(value), [str(x) for x in classes], n=1)
        raise c.error(path, f"unknown class {value!r}; " +
                      (f"did you mean '{close[0]}'?" if close else f"expected one of: {', '.join(map(str, classes))}"))
    return np.eye(k)[classes.index(value)], value


def _input(c, value):
    if isinstance(value, list) and value and all(isinstance(r, list) for r in value):
        return c.matrix(value, ("input",), (None, None), "one row per sample, one column per feature")
    return c.vector(value, ("input",), None, "numbers (one sample) or of rows (a batch)")


def _source(c, raw):
    if raw is None:
        return {"title": "", "file": "", "notes": [], "claims": []}
    c.mapping(raw, ("source",), SOURCE_KEYS)
    notes = raw.get("notes") or []
    if not isinstance(notes, list):
        raise c.error(("source", "notes"), f"expected a list of text, got {_kind(notes)}")
    claims = raw.get("claims") or []
    if not isinstance(claims, list):
        raise c.error(("source", "claims"), f"expected a list of claims, got {_kind(claims)}")
    out = []
    for i, claim in enumerate(claims):
        path = ("source", "claims", i)
        c.mapping(claim, path, CLAIM_KEYS, ("quantity", "document"))
        printed = claim["document"]
        if isinstance(printed, str):
            try:
                c.number(float(printed), path + ("document",))
            except ValueError:
                raise c.error(path + ("document",), f"expected a number as printed, got {printed!r}") from None
        else:
            c.number(printed, path + ("document",))
        out.append(Claim(c.text(claim["quantity"], path + ("quantity",)), str(printed),
                         c.text(claim.get("where", ""), path + ("where",)), c.text(claim.get("note", ""), path + ("note",)),
                         c.lines.get(path)))
    return {"title": c.text(raw.get("title", ""), ("source", "title")), "file": c.text(raw.get("file", ""), ("source", "file")),
            "notes": [c.text(n, ("source", "notes", i)) for i, n in enumerate(notes)], "claims": out}


def _captions(c, raw):
    if raw is None:
        return {}
    c.mapping(raw, ("captions",), storyboard.NAMES)
    return {k: c.text(v, ("captions", k)) for k, v in raw.items()}


def _sections(c, raw):
    """Which optional sections the scenario turns on or off: {why: false}."""
    c.mapping(raw or {}, ("sections",), storyboard.OPTIONAL)
    for name, shown in (raw or {}).items():
        if not isinstance(shown, bool):
            raise c.error(("sections", name), f"expected true or false, got {_kind(shown)}")
    return dict(raw or {})


def parse(data, file, lines):
    """Validate loaded YAML data and return the Scenario, or raise ScenarioError on the first problem."""
    c = _Checker(file, lines)
    if data is None:
        raise ScenarioError(file, f"the file is empty; a scenario needs the fields {', '.join(REQUIRED)}")
    c.mapping(data, (), TOP_KEYS, REQUIRED)
    x = _input(c, data["input"])
    if not isinstance(data["layers"], list) or not data["layers"]:
        raise c.error(("layers",), f"expected a non-empty list of layers, got {_kind(data['layers'])}")
    layers, width = [], x.shape[-1]
    for i, raw in enumerate(data["layers"]):
        layers.append(_layer(c, raw, ("layers", i), width, i, len(data["layers"])))
        width = layers[-1].weights.shape[0]
        if any(spec.name == layers[-1].name for spec in layers[:-1]):
            raise c.error(("layers", i, "name"), f"layer name {layers[-1].name!r} is used twice; names must be unique")
        if layers[-1].stated_z is not None and x.ndim == 2:
            raise c.error(("layers", i, "z"), "a stated z is only supported for a single sample, not a batch")
    classes = data.get("classes")
    if classes is not None:
        if not isinstance(classes, list) or len(classes) != width or len(set(map(str, classes))) != width:
            raise c.error(("classes",), f"expected {width} distinct class labels (one per output), got {_kind(classes)}")
    raw_target = data["target"]
    if x.ndim == 2:
        if not isinstance(raw_target, list) or len(raw_target) != len(x):
            raise c.error(("target",), f"expected a list of {len(x)} targets (one per sample), got {_kind(raw_target)}")
        pairs = [_target(c, t, ("target", i), classes, width) for i, t in enumerate(raw_target)]
        target, labels = np.array([p[0] for p in pairs]), [p[1] for p in pairs]
    else:
        target, label = _target(c, raw_target, ("target",), classes, width)
        labels = [label]
    lr = c.number(data["learning_rate"], ("learning_rate",))
    if lr <= 0:
        raise c.error(("learning_rate",), f"must be positive, got {lr:g}")
    display = c.mapping(data.get("display") or {}, ("display",), DISPLAY_KEYS)
    precision = c.integer(display.get("precision", 3), ("display", "precision"), 0, 12)
    return Scenario(
        file=str(file), title=c.text(data.get("title", "Softmax + cross-entropy backpropagation"), ("title",)),
        description=c.text(data.get("description", ""), ("description",)), input=x,
        input_symbols=([f"x_{{{i + 1}}}" for i in range(x.shape[-1])] if data.get("input_symbols") is None else
                       c.strings(data["input_symbols"], ("input_symbols",), x.shape[-1])),
        layers=tuple(layers), target=target, target_labels=labels if any(l is not None for l in labels) else None,
        classes=classes, learning_rate=lr, steps=c.integer(data.get("steps", 1), ("steps",), 1, 1000),
        precision=precision,
        update_precision=c.integer(display.get("update_precision", precision + 1), ("display", "update_precision"),
                                   0, 12),
        language=c.text(data.get("language", "en"), ("language",)), captions=_captions(c, data.get("captions")),
        source=_source(c, data.get("source")), lines=lines, sections=_sections(c, data.get("sections")))


def load(file):
    """Read and validate a scenario file."""
    data, lines = load_yaml(file)
    return parse(data, file, lines)

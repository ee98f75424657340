"""The scenario format: validate a YAML file field by field and build the network it describes.

Only `input`, `layers`, `target` and `learning_rate` are required; every other field has a default.
"""
import difflib
import math
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

import numpy as np

import core
from . import letters, limits, storyboard, symbols
from .errors import ScenarioError, clip, shown
from .yamlfile import field_name, load_yaml

ACTIVATIONS = core.NAMES
REQUIRED = ("input", "layers", "target", "learning_rate")
TOP_KEYS = REQUIRED + ("classes", "title", "description", "input_symbols", "steps", "display", "captions",
                       "headings", "language", "source", "sections", "variant")
LAYER_KEYS = ("name", "weights", "bias", "activation", "weight_symbols", "bias_symbols", "z_symbols", "a_symbols",
              "z")
SOURCE_KEYS = ("title", "file", "notes", "claims")
CLAIM_KEYS = ("quantity", "document", "where", "note")
DISPLAY_KEYS = ("precision", "update_precision", "pace")
VARIANT_KEYS = ("of", "seed", "number")
PACE = (0.25, 4.0)               # display.pace: a quarter to four times the reading holds
_IDENTIFIER_CHARS = 32
_TARGET_SLACK = 1e-9              # how far a target's entries and sum may stray from [0, 1] and 1 (rounding)
_IDENTIFIER = re.compile(rf"[A-Za-z][A-Za-z0-9_]{{0,{_IDENTIFIER_CHARS - 1}}}")


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
    headings: dict = field(default_factory=dict)
    source: dict = field(default_factory=dict)
    lines: dict = field(default_factory=dict, repr=False)
    sections: dict = field(default_factory=dict)     # optional section name -> shown (default True)
    pace: float = 1.0                                 # scales every hold for reading (display.pace)
    variant: dict = field(default_factory=dict)       # {of, seed, number} of a file `render.py variant` wrote

    @property
    def batched(self) -> bool:
        return self.input.ndim == 2

    def error(self, path: tuple, message: str) -> ScenarioError:
        """A ScenarioError for the field at `path`, at its line (or its nearest enclosing field's line)."""
        return _Checker(self.file, self.lines).error(path, message)

    def symbols(self):
        """(path, symbol) of every symbol the video and the handout typeset."""
        yield from ((("input_symbols", i), s) for i, s in enumerate(self.input_symbols))
        for n, spec in enumerate(self.layers):
            for key in ("bias_symbols", "z_symbols", "a_symbols"):
                yield from ((("layers", n, key, i), s) for i, s in enumerate(getattr(spec, key)))
            yield from ((("layers", n, "weight_symbols", i, j), s)
                        for i, row in enumerate(spec.weight_symbols) for j, s in enumerate(row))

    @classmethod
    def from_network(cls, network: core.Network, input, target, learning_rate: float, **fields) -> "Scenario":
        """A scenario of a network built in Python, validated as a file would be: `input` one sample or a batch
        (a row per sample), `target` as in a file (labels with `classes=`, one-hot or probability vectors), and any
        other field of the format by name (`steps`, `title`, `classes`, `display`, `captions`, ...)."""
        layers = [{"name": l.name, "weights": np.asarray(l.W).tolist(), "bias": np.asarray(l.b).tolist(),
                   "activation": l.activation} for l in network.layers]
        data = {"input": np.asarray(input).tolist(), "layers": layers, "learning_rate": float(learning_rate),
                "target": np.asarray(target).tolist() if isinstance(target, np.ndarray) else target} | fields
        return parse(data, "<python>", {(): 1})

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
                raise self.error(tuple(path) + (str(key),), f"unknown field; {_hint(key, allowed)}")
        for key in required:
            if key not in value:
                raise self.error(path, f"missing required field '{key}'" if path else
                                 f"missing required field '{key}' (a scenario needs {', '.join(required)})")
        return value

    def at_most(self, value, path, most, noun):
        """Refuse a list longer than a limit of the format, before anything is built from it."""
        if isinstance(value, list) and len(value) > most:
            raise self.error(path, f"has {len(value)} {noun}; at most {most} are allowed (see Limits in the README)")

    def number(self, value, path):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.error(path, f"expected a number, got {_kind(value)}{_number_hint(value)}")
        try:
            x = float(value)
        except OverflowError:
            raise self.error(path, f"{_kind(value)} is too large for a float64 (at most about 1.8e308)") from None
        if not math.isfinite(x):
            raise self.error(path, f"expected a finite number, got {value}")
        return x

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

    def plain(self, value, path, what="text"):
        """A string or a finite number: what JSON, a caption and a label can hold exactly."""
        if isinstance(value, str):
            bad = _CONTROL.search(value)
            if bad:
                raise self.error(path, f"contains the control character U+{ord(bad.group()):04X}")
            return value
        if isinstance(value, bool):
            raise self.error(path, f"expected {what}, got {_kind(value)} (YAML reads yes, no, on, off, true and "
                                   "false as booleans: put quotes around it)")
        if isinstance(value, float) and math.isfinite(value) or isinstance(value, int) and abs(value) <= _EXACT_INT:
            return value
        raise self.error(path, f"expected {what}, got {_kind(value)}")

    def text(self, value, path):
        return str(self.plain(value, path))

    def line(self, value, path, most):
        """Text shown on screen: one line (runs of spaces and line breaks become one space), at most `most` long."""
        value = " ".join(self.text(value, path).split())
        if len(value) > most:
            raise self.error(path, f"is {len(value)} characters long; at most {most} fit on screen at a size a "
                                   "student can read")
        return value

    def symbol(self, value, path):
        """A symbol: text in the small TeX language of lesson.symbols, refused here before any TeX runs."""
        value = self.text(value, path)
        why = symbols.problem(value)
        if why:
            raise self.error(path, f"the symbol {shown(value)} {why}")
        return value

    def strings(self, value, path, length):
        if not isinstance(value, list) or len(value) != length:
            raise self.error(path, f"expected a list of {length} symbols, got {_kind(value)}")
        return [self.symbol(s, tuple(path) + (i,)) for i, s in enumerate(value)]

    def identifier(self, value, path):
        """A name that quantity paths, file names and TeX can all hold as it is."""
        value = self.text(value, path)
        if not _IDENTIFIER.fullmatch(value):
            raise self.error(path, f"{shown(value)} is not a name: use a letter, then letters, digits or _ "
                                   f"(at most {_IDENTIFIER_CHARS} characters), such as hidden or h2")
        return value

    def symbol_rows(self, value, path, rows, cols):
        if not isinstance(value, list) or len(value) != rows:
            raise self.error(path, f"expected {rows} rows of symbols (one per neuron), got {_kind(value)}")
        return [self.strings(r, tuple(path) + (i,), cols) for i, r in enumerate(value)]

    def integer(self, value, path, low, high):
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.error(path, f"expected a whole number from {low} to {high}, got {_kind(value)}")
        return value


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")   # tabs and line breaks are fine in text
_EXACT_INT = 2 ** 53                                      # larger whole numbers lose digits in JSON readers
_MAX_PRECISION = 12


def _kind(value):
    if value is None:
        return "nothing"
    if isinstance(value, (list, dict)):
        return f"a {'list' if isinstance(value, list) else 'mapping'}"
    if isinstance(value, int) and not isinstance(value, bool) and len(str(abs(value))) > limits.QUOTED_CHARS:
        return f"a {len(str(abs(value)))}-digit number"
    return f"the {type(value).__name__ if not isinstance(value, str) else 'string'} {shown(value)}"


def _hint(value, options):
    """'did you mean ...?' for a near miss, else the list of what is allowed."""
    close = difflib.get_close_matches(clip(str(value)), [str(o) for o in options], n=1)
    return f"did you mean '{close[0]}'?" if close else f"expected one of: {', '.join(map(str, options))}"


def _number_hint(value):
    """For a number YAML read as text ('0.1' quoted, or 1e5 without a decimal point), how to write it."""
    try:
        x = float(value) if isinstance(value, str) else math.nan
    except ValueError:
        return ""
    if not math.isfinite(x):
        return ""
    spelling = repr(x) if "e" not in repr(x) or "." in repr(x) else repr(x).replace("e", ".0e", 1)
    return f"; write {spelling}, without quotes (YAML reads 1e5 and 1.5e5 as text, 1.5e+5 as a number)"


def _layer(c, raw, path, n_inputs, index, count):
    c.mapping(raw, path, LAYER_KEYS, ("name", "weights", "bias", "activation"))
    name = c.identifier(raw["name"], path + ("name",))
    activation = raw["activation"]
    if not isinstance(activation, str) or activation not in ACTIVATIONS:
        raise c.error(path + ("activation",), f"unknown activation {shown(activation)}; "
                                              f"{_hint(activation, ACTIVATIONS)}")
    last = index == count - 1
    if last != (activation == core.SOFTMAX):
        raise c.error(path + ("activation",), "the last layer must be 'softmax'" if last else
                      f"only the last layer may be 'softmax'; use one of: {', '.join(ACTIVATIONS[:-1])}")
    c.at_most(raw["weights"], path + ("weights",), limits.WIDTH, "rows (neurons)")
    what = f"a row per neuron and a column per input: {n_inputs} inputs"
    weights = c.matrix(raw["weights"], path + ("weights",), (None, n_inputs), what)
    rows, cols = weights.shape
    tag = letters.layer_tag(index, count)

    def sym(key, default):
        return default if raw.get(key) is None else c.strings(raw[key], path + (key,), rows)

    weight_symbols = ([[letters.edge(tag, i, j) for j in range(cols)] for i in range(rows)]
                      if raw.get("weight_symbols") is None else
                      c.symbol_rows(raw["weight_symbols"], path + ("weight_symbols",), rows, cols))
    return LayerSpec(
        name=name, weights=weights, activation=activation,
        bias=c.vector(raw["bias"], path + ("bias",), rows, "one per neuron"),
        weight_symbols=weight_symbols,
        bias_symbols=sym("bias_symbols", [letters.neuron("bias", i, tag) for i in range(rows)]),
        z_symbols=sym("z_symbols", [letters.neuron("logit", i, tag) for i in range(rows)]),
        a_symbols=sym("a_symbols", [letters.neuron("probability", i) if last else letters.neuron("activation", i, tag)
                                    for i in range(rows)]),
        stated_z=None if raw.get("z") is None else c.vector(raw["z"], path + ("z",), rows, "one per neuron"),
    )


def _layers(c, raw, n_inputs, batched):
    """Every layer, input to output, each taking the previous one's outputs."""
    if not isinstance(raw, list) or not raw:
        raise c.error(("layers",), f"expected a non-empty list of layers, got {_kind(raw)}")
    c.at_most(raw, ("layers",), limits.LAYERS, "layers")
    layers, width = [], n_inputs
    for i, item in enumerate(raw):
        layers.append(_layer(c, item, ("layers", i), width, i, len(raw)))
        width = layers[-1].weights.shape[0]
        if any(spec.name == layers[-1].name for spec in layers[:-1]):
            raise c.error(("layers", i, "name"), f"layer name {shown(layers[-1].name)} is used twice; names must "
                                                 "be unique")
        if layers[-1].stated_z is not None and batched:
            raise c.error(("layers", i, "z"), "a stated z is only supported for a single sample, not a batch")
    return layers


def _classes(c, raw, width):
    """The class labels in output order: distinct strings or finite numbers, one per output."""
    if raw is None:
        return None
    if not isinstance(raw, list) or len(raw) != width:
        raise c.error(("classes",), f"expected {width} class labels (one per output), got "
                                    f"{f'{len(raw)} labels' if isinstance(raw, list) else _kind(raw)}")
    labels = [c.plain(v, ("classes", i), "a class label (text or a number)") for i, v in enumerate(raw)]
    for i, label in enumerate(labels):
        if str(label) in map(str, labels[:i]):
            raise c.error(("classes", i), f"class label {shown(label)} is given twice; labels must be distinct")
    return labels


def _target(c, value, path, classes, k):
    """One sample's target as a probability vector, and its class label when it was given as one."""
    if isinstance(value, list):
        y = c.vector(value, path, k, f"one per class, {k} classes")
        if np.any(y < -_TARGET_SLACK) or np.any(y > 1 + _TARGET_SLACK):
            entry = (f"a negative entry ({float(y.min())!r})" if np.any(y < -_TARGET_SLACK) else
                     f"an entry above 1 ({float(y.max())!r})")
            raise c.error(path, f"has {entry}; a target must be a probability vector "
                                "(entries from 0 to 1 summing to 1), or a class label")
        if abs(y.sum() - 1.0) > _TARGET_SLACK:
            raise c.error(path, f"sums to {float(y.sum())!r}; a target must be a probability vector "
                                "(entries from 0 to 1 summing to 1), or a class label")
        return y, (classes[int(np.argmax(y))] if classes and np.max(y) == 1.0 else None)
    label = c.plain(value, path, "a class label or a list of probabilities")
    if classes is None:
        raise c.error(path, f"{shown(label)} is a class label, but the scenario has no 'classes' list; "
                            "add classes or give a one-hot vector")
    if label not in classes:
        raise c.error(path, f"unknown class {shown(label)}; {_hint(label, classes)}")
    return np.eye(k)[classes.index(label)], label


def _targets(c, raw, x, classes, k):
    """The targets (a vector, or a row per sample) and their class labels, None when none was given as a label."""
    if x.ndim == 2:
        if not isinstance(raw, list) or len(raw) != len(x):
            raise c.error(("target",), f"expected a list of {len(x)} targets (one per sample), got {_kind(raw)}")
        pairs = [_target(c, t, ("target", i), classes, k) for i, t in enumerate(raw)]
        target, labels = np.array([p[0] for p in pairs]), [p[1] for p in pairs]
    else:
        target, label = _target(c, raw, ("target",), classes, k)
        labels = [label]
    return target, (labels if any(label is not None for label in labels) else None)


def _input(c, value):
    if isinstance(value, list) and value and all(isinstance(r, list) for r in value):
        c.at_most(value, ("input",), limits.BATCH, "samples")
        c.at_most(value[0], ("input", 0), limits.WIDTH, "features")
        return c.matrix(value, ("input",), (None, None), "one row per sample, one column per feature")
    c.at_most(value, ("input",), limits.WIDTH, "features")
    return c.vector(value, ("input",), None, "numbers (one sample) or of rows (a batch)")


def _check_size(c, x, layers, steps):
    """Refuse a network whose step, or whole training run, computes more numbers than the limits allow."""
    batch, classes = (len(x) if x.ndim == 2 else 1), layers[-1].weights.shape[0]
    weights = sum(spec.weights.size for spec in layers)
    per_step = batch * (weights + classes ** 2)
    if per_step > limits.STEP_NUMBERS:
        raise c.error(("layers",), f"one step computes {per_step:,} numbers per sample: {batch} sample(s) × "
                                   f"({weights:,} weights + {classes}² softmax derivatives); at most "
                                   f"{limits.STEP_NUMBERS:,} are allowed: use fewer samples, neurons or layers "
                                   "(see Limits in the README)")
    if steps * per_step > limits.RUN_NUMBERS:
        raise c.error(("steps",), f"{steps} steps × {per_step:,} numbers per step is more than the "
                                  f"{limits.RUN_NUMBERS:,} allowed: use fewer steps (see Limits in the README)")
    if steps * len(layers) > limits.LAYER_STEPS:
        raise c.error(("steps",), f"{steps} steps × {len(layers)} layers is more than the {limits.LAYER_STEPS:,} "
                                  "layer updates allowed: use fewer steps (see Limits in the README)")


def _printed(c, value, path):
    """A claim's number as the document prints it, kept as text: a finite decimal with a sensible last digit."""
    if not isinstance(value, str):
        c.number(value, path)
    text = str(value)
    try:
        digits = Decimal(text)
    except InvalidOperation:
        raise c.error(path, f"expected a number as printed, got {shown(value)}") from None
    c.number(float(digits), path)
    if not -300 <= digits.as_tuple().exponent <= 300:
        raise c.error(path, f"{shown(value)} has its last digit at 10^{digits.as_tuple().exponent}; a printed "
                            "number's last digit is between 10^-300 and 10^300")
    return text


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
        out.append(Claim(c.text(claim["quantity"], path + ("quantity",)),
                         _printed(c, claim["document"], path + ("document",)),
                         c.text(claim.get("where", ""), path + ("where",)), c.text(claim.get("note", ""), path + ("note",)),
                         c.lines.get(path)))
    return {"title": c.text(raw.get("title", ""), ("source", "title")), "file": c.text(raw.get("file", ""), ("source", "file")),
            "notes": [c.text(n, ("source", "notes", i)) for i, n in enumerate(notes)], "claims": out}


def _per_section(c, raw, key):
    """A scenario's own text per section (`captions` or `headings`): a mapping from section names to text."""
    if raw is None:
        return {}
    c.mapping(raw, (key,), storyboard.NAMES)
    most = limits.CAPTION_CHARS if key == "captions" else limits.HEADING_CHARS
    return {k: c.line(v, (key, k), most) for k, v in raw.items()}


def _display(c, raw):
    """(precision, update_precision, pace); the updated weights get one more decimal unless the file says otherwise,
    and the holds for reading keep the theme's length unless `pace` scales them."""
    display = c.mapping(raw or {}, ("display",), DISPLAY_KEYS)
    precision = c.integer(display.get("precision", 3), ("display", "precision"), 0, _MAX_PRECISION)
    update = display.get("update_precision", min(precision + 1, _MAX_PRECISION))
    pace = c.number(display.get("pace", 1.0), ("display", "pace"))
    if not PACE[0] <= pace <= PACE[1]:
        raise c.error(("display", "pace"), f"expected a number from {PACE[0]} to {PACE[1]} (1 is the theme's reading "
                                           f"pace, 2 holds twice as long), got {pace:g}")
    return precision, c.integer(update, ("display", "update_precision"), 0, _MAX_PRECISION), pace


def _sections(c, raw):
    """Which optional sections the scenario turns on or off: {why: false}."""
    c.mapping(raw or {}, ("sections",), storyboard.OPTIONAL)
    for name, on in (raw or {}).items():
        if not isinstance(on, bool):
            raise c.error(("sections", name), f"expected true or false, got {_kind(on)}")
    return dict(raw or {})


def _variant(c, raw):
    """Where a variant's numbers were drawn from (`render.py variant`): the source file, the seed, its number."""
    if raw is None:
        return {}
    c.mapping(raw, ("variant",), VARIANT_KEYS, VARIANT_KEYS)
    return {"of": c.text(raw["of"], ("variant", "of")),
            "seed": c.integer(raw["seed"], ("variant", "seed"), 0, limits.SEED),
            "number": c.integer(raw["number"], ("variant", "number"), 1, limits.VARIANTS)}


def parse(data, file, lines):
    """Validate loaded YAML data and return the Scenario, or raise ScenarioError on the first problem."""
    c = _Checker(file, lines)
    if data is None:
        raise ScenarioError(file, f"the file is empty; a scenario needs the fields {', '.join(REQUIRED)}")
    c.mapping(data, (), TOP_KEYS, REQUIRED)
    x = _input(c, data["input"])
    layers = _layers(c, data["layers"], x.shape[-1], x.ndim == 2)
    width = layers[-1].weights.shape[0]
    classes = _classes(c, data.get("classes"), width)
    target, labels = _targets(c, data["target"], x, classes, width)
    lr = c.number(data["learning_rate"], ("learning_rate",))
    if lr <= 0:
        raise c.error(("learning_rate",), f"must be positive, got {lr:g}")
    steps = c.integer(data.get("steps", 1), ("steps",), 1, limits.STEPS)
    _check_size(c, x, layers, steps)
    precision, update_precision, pace = _display(c, data.get("display"))
    return Scenario(
        file=str(file),
        title=c.line(data.get("title", "Softmax + cross-entropy backpropagation"), ("title",), limits.TITLE_CHARS),
        description=c.line(data.get("description", ""), ("description",), limits.DESCRIPTION_CHARS), input=x,
        input_symbols=([letters.neuron("input", i) for i in range(x.shape[-1])]
                       if data.get("input_symbols") is None else
                       c.strings(data["input_symbols"], ("input_symbols",), x.shape[-1])),
        layers=tuple(layers), target=target, target_labels=labels,
        classes=classes, learning_rate=lr, steps=steps,
        precision=precision, update_precision=update_precision, pace=pace,
        language=c.text(data.get("language", "en"), ("language",)),
        captions=_per_section(c, data.get("captions"), "captions"),
        headings=_per_section(c, data.get("headings"), "headings"),
        source=_source(c, data.get("source")), lines=lines, sections=_sections(c, data.get("sections")),
        variant=_variant(c, data.get("variant")))


def load(file):
    """Read and validate a scenario file."""
    data, lines = load_yaml(file)
    return parse(data, file, lines)

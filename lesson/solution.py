"""The worked solution of a scenario: every quantity from the core, as one JSON-ready dict, and the claims check."""
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cached_property

import numpy as np

import core
from .scenario import Scenario

_TOKEN = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


def half_unit(printed):
    """Half a unit in the last printed decimal: "0.0510" -> 0.00005; the tolerance of a printed number."""
    return 0.5 * 10.0 ** Decimal(printed).as_tuple().exponent


def _list(a):
    return np.asarray(a).tolist()


@dataclass
class Solution:
    """A scenario solved by the core: the first step's traces and every later step of training."""

    scenario: Scenario

    @cached_property
    def network(self):
        return self.scenario.network()

    @cached_property
    def history(self):
        return self.network.train(self.scenario.input, self.scenario.target, self.scenario.learning_rate,
                                  self.scenario.steps)

    def sample(self, index):
        """The solution of one sample of a batch on its own (the video draws one sample on the graph)."""
        s = self.scenario
        return Solution(replace(s, input=s.input[index], target=s.target[index], steps=1,
                                target_labels=[s.target_labels[index]] if s.target_labels else None))

    @property
    def first(self):
        return self.history[0]

    def losses(self):
        """The loss before each step and after the last: the training curve."""
        return [s.before.loss for s in self.history] + [self.history[-1].after.loss]

    def layer(self, name):
        """Everything about one layer: its parameters, its forward and backward values and its update."""
        step = self.first
        old = next(l for l in self.network.layers if l.name == name)
        new = next(l for l in step.network.layers if l.name == name)
        f, g = step.before.layer(name), step.grads.layer(name)
        out = {"activation": old.activation, "inputs": _list(f.inputs), "W": _list(old.W), "b": _list(old.b),
               "z": _list(f.z), "a": _list(f.a), "da": _list(g.da), "dz": _list(g.dz), "dW": _list(g.dW),
               "db": _list(g.db), "W_new": _list(new.W), "b_new": _list(new.b),
               "a_after": _list(step.after.layer(name).a)}
        if old.offset is not None:
            out["z_computed"] = _list(f.z - old.offset)
        if self.scenario.batched:
            out["dW_samples"] = _list(g.dW_samples)
        return out

    def exp_terms(self):
        """e^z of the logits and their sum, as a worked example writes them (shifted only if e^z would overflow)."""
        z = self.first.before.layers[-1].z
        shift = np.max(z, axis=-1, keepdims=True) if np.max(z) > 700 else np.zeros_like(z[..., :1])
        e = np.exp(z - shift)
        return {"exp": _list(e), "sum": _list(np.sum(e, axis=-1)), "shift": _list(shift[..., 0])}

    def values(self):
        """Every computed quantity: the names here are the ones claims and --json use."""
        s, step = self.scenario, self.first
        return {
            "file": s.file, "title": s.title, "batched": s.batched, "classes": s.classes, "input": _list(s.input),
            "target": _list(s.target), "target_labels": s.target_labels, "learning_rate": s.learning_rate,
            "loss": step.before.loss, "sample_losses": _list(step.before.losses), "loss_after": step.after.loss,
            "probabilities": _list(step.before.probs), "probabilities_after": _list(step.after.probs),
            "dx": _list(step.grads.dx),
            "softmax": self.exp_terms() | {"jacobian": _list(step.grads.jacobian),
                                           "dz_chain": _list(step.grads.dz_chain),
                                           "dp": _list(step.grads.layers[-1].da)},
            "layers": {layer.name: self.layer(layer.name) for layer in self.network.layers},
            "history": self.losses(),
        }

    @cached_property
    def computed(self):
        return self.values()

    def lookup(self, quantity):
        """The value at a path such as "layers.output.dW[1][0]", or None when the path names nothing numeric."""
        value, pos = self.computed, 0
        for m in _TOKEN.finditer(quantity):
            if m.start() != pos:
                return None
            pos = m.end() + (1 if quantity[m.end():m.end() + 1] == "." else 0)
            key = m.group(1) if m.group(1) else int(m.group(2))
            try:
                value = value[key]
            except (KeyError, IndexError, TypeError):
                return None
        done = pos == len(quantity) and isinstance(value, (int, float)) and not isinstance(value, bool)
        return float(value) if done else None

    def claims(self):
        """Each printed number beside the computed one; `ok` when it rounds to what the document prints."""
        out = []
        for i, claim in enumerate(self.scenario.source["claims"]):
            computed = self.lookup(claim.quantity)
            if computed is None:
                raise self.scenario.error(("source", "claims", i, "quantity"),
                                          f"{claim.quantity!r} names no computed number; write a path such as "
                                          "'probabilities[0]' or 'layers.<name>.dW[0][1]' (see --json)")
            tolerance = half_unit(claim.document)
            out.append({"quantity": claim.quantity, "document": float(claim.document), "printed": claim.document,
                        "computed": computed, "ok": abs(computed - float(claim.document)) <= tolerance + 1e-12,
                        "tolerance": tolerance, "where": claim.where, "note": claim.note})
        return out

    def warnings(self):
        """Things a reader should know that are not errors: stated values the network would not compute."""
        out = []
        for spec in self.scenario.layers:
            if spec.stated_z is not None:
                computed = self.computed["layers"][spec.name]["z_computed"]
                out.append(f"layer '{spec.name}': z = {_fmt_list(spec.stated_z)} is stated by the scenario, not "
                           f"computed; W a + b = {_fmt_list(computed)}. The difference is kept as a constant, so "
                           "the gradients and the update are exact and the loss after the update includes it.")
        return out

    def as_json(self):
        return self.computed | {"claims": self.claims(), "notes": self.scenario.source["notes"],
                                "warnings": self.warnings()}


def _fmt_list(values):
    return "[" + ", ".join(f"{v:.6g}" for v in np.ravel(values)) + "]"

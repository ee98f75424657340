"""The text of `render.py check`: the worked solution in reading order, then the document comparison."""
import numpy as np

from lesson.notation import fixed, given
from lesson.plaintext import to_unicode
from lesson.worked import Worked

TITLES = {"forward": "Forward", "softmax": "Softmax and loss", "backward": "Backward",
          "update": "Update", "batch": "Mini-batch"}


def _vector(values, digits=None):
    """[0.665, 0.245] at `digits` decimals, or as given when digits is None."""
    return "[" + ", ".join(given(v) if digits is None else fixed(v, digits) for v in values) + "]"


def _matrix(name, values, digits=None):
    rows = [_vector(r, digits) for r in np.atleast_2d(values)]
    pad = " " * (len(name) + 3)
    return [f"  {name} = {rows[0]}"] + [f"  {pad}{r}" for r in rows[1:]]


def header(sol):
    s = sol.scenario
    sizes = " → ".join([str(s.input.shape[-1])] + [f"{l.weights.shape[0]} {l.activation}" for l in s.layers])
    kind = f"a batch of {len(s.input)} samples" if s.batched else "one sample"
    labels = f"; target {', '.join(map(str, s.target_labels))}" if s.target_labels else ""
    return [f"{s.title}  ({s.file})", f"{kind}, layers {sizes}{labels}; η = {given(s.learning_rate)}"]


def single_sample(sol):
    lines = []
    for section, worked in Worked(sol).sections().items():
        lines += ["", TITLES[section]]
        for line in worked:
            note = f"   ({line.note})" if line.note else ""
            lines.append("  " + to_unicode(line.latex()) + note)
    return lines


def batch(sol):
    """A batch is shown as matrices, one row per sample, as in (1/N)(P - Y)."""
    s, v, p = sol.scenario, sol.computed, sol.scenario.precision
    out = s.layers[-1].name
    lines = ["", TITLES["batch"], *_matrix("X", s.input)]
    for spec in s.layers:
        lv = v["layers"][spec.name]
        lines += _matrix(f"Z[{spec.name}]", lv["z"], p) + _matrix(f"A[{spec.name}]", lv["a"], p)
    lines += _matrix("Y", s.target) + [f"  sample losses = {_vector(v['sample_losses'], p)}",
                                          f"  L = mean = {fixed(v['loss'], p)}"]
    lines += _matrix(f"(P - Y)/N [{out}]", v["layers"][out]["dz"], p)
    for spec in reversed(s.layers):
        lv = v["layers"][spec.name]
        lines += _matrix(f"dW[{spec.name}]", lv["dW"], p) + [f"  db[{spec.name}] = {_vector(lv['db'], p)}"]
    for spec in s.layers:
        lv = v["layers"][spec.name]
        lines += _matrix(f"W_new[{spec.name}]", lv["W_new"], s.update_precision)
        lines.append(f"  b_new[{spec.name}] = {_vector(lv['b_new'], s.update_precision)}")
    return lines + [f"  L after the update = {fixed(v['loss_after'], p)}"]


def training(sol):
    losses = sol.computed["history"]
    if len(losses) <= 2:
        return []
    p = sol.scenario.precision
    return ["", f"Training ({len(losses) - 1} steps)"] + [f"  step {i}: L = {fixed(l, p)}" for i, l in enumerate(losses)]


def document(sol, claims):
    src = sol.scenario.source
    if not claims and not src["notes"]:
        return []
    differs = sum(not c["ok"] for c in claims)
    lines = ["", f"Document: {src['title'] or src['file']}" + (f"  ({src['file']})" if src["title"] else ""),
             f"  {len(claims)} printed numbers checked, {differs} differ"]
    for c in claims:
        mark = "ok  " if c["ok"] else "DIFF"
        lines.append(f"  {mark} {c['quantity']:<28} printed {c['printed']:>9}  computed {c['computed']:.6g}"
                     + (f"  [{c['where']}]" if c["where"] else ""))
        if not c["ok"] and c["note"]:
            lines.append(f"       {c['note']}")
    return lines + [f"  note: {n}" for n in src["notes"]]


def text(sol, claims, warnings):
    body = batch(sol) if sol.scenario.batched else single_sample(sol)
    tail = [""] + [f"warning: {w}" for w in warnings] if warnings else []
    return "\n".join(header(sol) + body + training(sol) + document(sol, claims) + tail)

"""Symbols are written in LaTeX (for the video); the terminal and Markdown get a Unicode rendering of them."""
import re

_SUB = str.maketrans("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ")
_SUP = str.maketrans("0123456789+-=()[]n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾⁽⁾ⁿ")
_COMMANDS = {r"\eta": "η", r"\sigma": "σ", r"\partial ": "∂", r"\partial": "∂", r"\cdot": "·", r"\sum": "Σ", r"\ln": "ln",
             r"\tanh": "tanh", r"\max": "max", r"\exp": "exp",
             r"\leftarrow": "←", r"\to": "→", r"\times": "×", r"\delta": "δ", r"\,": " ", r"\quad": "  ",
             r"\left": "", r"\right": "", r"\mathrm": "", r"\text": "", r"\;": " ", r"\ ": " ", r"\!": "",
             r"\neq": "≠", r"\approx": "≈", r"\ell": "ℓ", r"\Rightarrow": "⇒", r"\top": "ᵀ", r"\infty": "∞", r"\Big": "", r"\textstyle": "", r"\cdots": "…",
             r"\vdots": "⋮", r"\ddots": "⋱", r"\dots": "…"}
_ACCENTS = {r"\hat": "\u0302", r"\tilde": "\u0303", r"\bar": "\u0304"}
_ENVIRONMENTS = {"pmatrix": ("[", ", ", "; ", "]"), "cases": ("{", " if ", "; ", "}")}


def _environment(match: re.Match) -> str:
    """A pmatrix as [a, b; c, d], cases as {a if i = j; b if i ≠ j}."""
    start, cell, row, end = _ENVIRONMENTS[match.group(1)]
    rows = [cell.join(c.strip() for c in r.split("&")) for r in match.group(2).split(r"\\")]
    return start + row.join(rows) + end


def _script(body: str, table: dict, mark: str) -> str:
    """Sub/superscript `body` with Unicode digits where every character has one, else mark_(body)."""
    plain = body.replace("{", "").replace("}", "")
    converted = plain.translate(table)
    if all(ch != orig or ch in " " for ch, orig in zip(converted, plain)):
        return converted
    return f"{mark}({plain})" if len(plain) > 1 else f"{mark}{plain}"


def _fraction(match: re.Match) -> str:
    """a/b, with parentheses around a part that is more than one term ("1/(4 · 0.415)", not "1/4 · 0.415"), and a
    "·" before whatever follows it directly ("1/4 · yᵢ/pᵢ", not "1/4yᵢ/pᵢ")."""
    parts = [f"({part})" if re.search(r"[\s·+\-/×]", part[1:]) else part
             for part in (match.group(1).strip(), match.group(2).strip())]
    after = match.string[match.end():match.end() + 1]
    return "/".join(parts) + (" · " if after.isalnum() or after in ("\\", "(") else "")


def to_unicode(latex: str) -> str:
    """A readable plain-text form of a LaTeX symbol or formula: "\\hat{y}_1" -> "ŷ₁", "b^{(1)}" -> "b⁽¹⁾"."""
    text = re.sub(r"\\begin\{(pmatrix|cases)\}(.*?)\\end\{\1\}", _environment, latex)
    for cmd, mark in _ACCENTS.items():
        text = re.sub(re.escape(cmd) + r"\{(\w)\}", lambda m: m.group(1) + mark, text)
    for cmd, uni in sorted(_COMMANDS.items(), key=lambda kv: -len(kv[0])):
        text = re.sub(re.escape(cmd) + ("" if cmd.endswith(" ") else r"(?![A-Za-z])"), uni, text)
    text = re.sub(r"_\{([^{}]*)\}|_(\w)", lambda m: _script(m.group(1) or m.group(2), _SUB, "_"), text)
    text = re.sub(r"\^\{([^{}]*)\}|\^(\w)", lambda m: _script(m.group(1) or m.group(2), _SUP, "^"), text)
    text = re.sub(r"\\frac\{([^{}]*)\}\{([^{}]*)\}", _fraction, text)
    return text.replace("{", "").replace("}", "").replace("~", " ")

"""The small language of a scenario's symbols: the only scenario text that reaches TeX, checked before TeX runs.

A symbol is ASCII math: letters, digits, sub- and superscripts, braces, primes, brackets and a few operators, and
the commands listed here (Greek letters, accents, font styles, `\\text` with plain words). Anything else (`\\input`,
`\\def`, `\\directlua`, a stray `%` or `$`, unbalanced braces, a double superscript) is refused with the reason, so
no file a student hands in can make TeX read, write or loop.
"""
import re

GREEK = ("alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi varpi rho "
         "varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi "
         "Psi Omega").split()
TAKES_ONE = ("hat bar tilde vec dot ddot check breve acute grave widehat widetilde overline underline mathbf mathrm "
             "mathit mathsf mathcal mathbb boldsymbol operatorname").split()     # \cmd{argument}
SYMBOLS = "ell prime infty partial nabla top star ast dagger cdot times circ".split()
TEXT = ("text", "textrm", "textit", "textbf")          # \text{plain words}
MAX_CHARS = 80

_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|[A-Za-z0-9'()\[\]+\-*/=,.|<>: ]|[{}^_]|.", re.DOTALL)
_PLAIN_WORDS = re.compile(r"[A-Za-z0-9 .,;:!?'()\-]*")
_COMMANDS = set(GREEK) | set(TAKES_ONE) | set(SYMBOLS)


def problem(symbol: str) -> str | None:
    """Why `symbol` is not in the language, or None when it is."""
    if not symbol.strip():
        return "is empty; a symbol needs at least one letter or digit"
    if len(symbol) > MAX_CHARS:
        return f"has {len(symbol)} characters; a symbol has at most {MAX_CHARS}"
    tokens = _TOKEN.findall(symbol)
    return _text_arguments(tokens) or _unknown(tokens) or _structure(tokens)


def _unknown(tokens: list[str]) -> str | None:
    for token in tokens:
        if token.startswith("\\") and len(token) > 1 and token[1:] not in _COMMANDS | set(TEXT):
            return (f"uses the command {token}, which a symbol may not hold; allowed are Greek letters, "
                    "\\hat \\bar \\tilde \\vec and other accents, \\mathrm \\mathbf and other styles, \\text{words}")
        if len(token) == 1 and not re.fullmatch(r"[A-Za-z0-9'()\[\]+\-*/=,.|<>: {}^_]", token):
            return f"contains {token!r}, which a symbol may not hold (letters, digits, _ ^ {{ }} ' ( ) [ ] + - = , .)"
    return None


def _text_arguments(tokens: list[str]) -> str | None:
    """`\\text` and its kin take one braced group of plain words; they are folded into one token here."""
    i = 0
    while i < len(tokens):
        if tokens[i][1:] in TEXT and tokens[i].startswith("\\"):
            end = tokens.index("}", i) if "}" in tokens[i:] else -1
            words = "".join(tokens[i + 2:end]) if end > i + 1 and tokens[i + 1] == "{" else None
            if words is None or not _PLAIN_WORDS.fullmatch(words):
                return f"{tokens[i]} takes plain words in braces, such as {tokens[i]}{{new}}"
            del tokens[i + 1:end + 1]
        i += 1
    return None


def _structure(tokens: list[str]) -> str | None:
    """Balanced braces, an argument after every ^, _ and accent, and one superscript and one subscript per base
    (a run of primes is a superscript; a ^ right after it joins it, as LaTeX does)."""
    levels = [[set(), False]]        # per open brace: the scripts the current base has, whether it is a script
    pending = None                   # the ^, _ or accent still waiting for its argument
    previous = None
    for token in [t for t in tokens if t != " "] + [None]:
        if pending and token in (None, "}", "^", "_", "'"):
            return f"has nothing after {pending}"
        if pending and token[1:] in (*TAKES_ONE, *TEXT):
            example = f"{'x' if pending in ('^', '_') else ''}{pending}{{{token}{{y}}}}"
            return f"puts {token} right after {pending}; put braces around it, as in {example}"
        argument, pending, primed = pending, None, previous == "'"
        previous = token
        if token == "{":
            levels.append([set(), argument in ("^", "_")])
        elif token == "}":
            if len(levels) == 1:
                return "closes a brace it never opened"
            if not levels.pop()[1]:
                levels[-1][0] = set()
        elif token in ("^", "_", "'"):
            scripts = levels[-1][0]
            if token == "_" and "_" in scripts:
                return "has two subscripts on one base; use braces"
            if token == "'" and "^" in scripts and not primed:
                return "has a prime after a superscript; put the primes first, as in x'^2"
            if token == "^" and "^" in scripts and not primed:
                return "has two superscripts on one base; use braces"
            scripts.add("_" if token == "_" else "^")
            pending = None if token == "'" else token
        elif token is not None and argument not in ("^", "_"):
            levels[-1][0] = set()
            pending = token if token[1:] in TAKES_ONE and token.startswith("\\") else None
    return "opens a brace it never closes" if len(levels) > 1 else None

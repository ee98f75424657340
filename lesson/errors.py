"""The one error a user sees for a bad scenario: file, line, field, what is wrong and what was expected."""
import re
from contextlib import contextmanager

import numpy as np

from . import limits

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def clip(text: str, most: int = limits.QUOTED_CHARS) -> str:
    """`text` cut to `most` characters, ending in "…" when it was cut: a 100 KB key is not echoed whole."""
    return text if len(text) <= most else text[:most - 1] + "…"


def shown(value: object) -> str:
    """A value as an error message quotes it: its repr, cut to QUOTED_CHARS."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10 ** limits.QUOTED_CHARS:
        return f"a {len(str(abs(value)))}-digit number"
    return clip(repr(value))


def one_line(text: str) -> str:
    """`text` as one printable line: control characters, line breaks and stray surrogates escaped, then cut."""
    escaped = _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
    return clip(escaped, limits.MESSAGE_CHARS)


class ScenarioError(Exception):
    """A problem with a scenario file, printed as `file:line: field: message` on one line."""

    def __init__(self, file, message, field=None, line=None):
        super().__init__(message)
        self.file, self.message, self.field, self.line = str(file), message, field, line

    def __str__(self):
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return one_line(f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}")


@contextmanager
def solving(file: str):
    """Solve quietly; arithmetic that fails on a valid file (core.NumericError is a ValueError) is one line."""
    try:
        with np.errstate(all="ignore"):
            yield
    except (ValueError, ArithmeticError) as e:
        raise ScenarioError(file, f"cannot be solved: {e}") from None

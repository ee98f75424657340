"""Compare a computed value with a number as a document prints it, at the document's own rounding."""
from decimal import Decimal


def half_unit(printed: str) -> float:
    """Half a unit in the last printed decimal: "0.0510" -> 0.00005, "7.389" -> 0.0005, "1" -> 0.5."""
    return 0.5 * 10.0 ** Decimal(printed).as_tuple().exponent


def agrees(value: float, printed: str) -> bool:
    """True when `value` rounds to `printed`: |value - printed| <= half a unit in its last digit (+1e-12 slack)."""
    return abs(value - float(printed)) <= half_unit(printed) + 1e-12

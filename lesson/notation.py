"""How numbers are written: computed values at the display precision, given values as the author wrote them."""
import re


def fixed(x: float, digits: int) -> str:
    """A computed value at `digits` decimals, never "-0.000"; beyond 1e12 in scientific form (a diverging run)."""
    text = f"{x:.{digits}e}" if abs(x) >= 1e12 else f"{x:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def lands(arithmetic: float, printed: str) -> bool:
    """Whether arithmetic on printed numbers rounds to the printed result: if not, the line must say ≈."""
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    return "e" in printed or fixed(arithmetic, decimals) == printed


def given(x: float) -> str:
    """A value the scenario gives (an input, a weight): its shortest form, 0.2 rather than 0.200."""
    return f"{x:.10g}"


def signed_term(text: str, first: bool) -> str:
    """A term of a written-out sum in LaTeX: '0.2' first, then '+ 0.2' or '- 0.3' (the sign pulled out)."""
    if first:
        return text
    return f"- {text[1:]}" if text.startswith("-") else f"+ {text}"


def paren(text: str) -> str:
    """A factor in parentheses when it is negative: 2 stays 2, -1 becomes (-1)."""
    return f"({text})" if text.startswith("-") else text


def room_for(texts: list[str]) -> str:
    """A number as wide as the widest of `texts` (digits are equally wide): the longest unsigned, digits as 8s, with a
    minus. A layout sized for it stays put when the numbers change but their number of digits does not."""
    longest = max((t.lstrip("-") for t in texts), key=len)
    return "-" + re.sub(r"[0-9]", "8", longest)

"""One meaning per colour: the theme's roles (target, probability, forward signal, gradient values, the two gradient
signs, loss) and the samples' palette are told apart at a glance, and scene code takes every colour from the theme."""
import math
import re
from itertools import combinations
from pathlib import Path

from scenes import theme

ROOT = Path(__file__).resolve().parents[1]
APART = 70          # the least "redmean" distance (0 to 765) between two colours that mean different things


def distance(a: str, b: str) -> float:
    """The redmean approximation of perceived colour difference between two #RRGGBB colours."""
    (r1, g1, b1), (r2, g2, b2) = ([int(c[i:i + 2], 16) for i in (1, 3, 5)] for c in (a, b))
    mean = (r1 + r2) / 2
    return math.sqrt((2 + mean / 256) * (r1 - r2) ** 2 + 4 * (g1 - g2) ** 2 + (2 + (255 - mean) / 256) * (b1 - b2) ** 2)


def test_every_meaning_has_a_colour_of_its_own():
    meanings = {**theme.ROLES, "text": theme.TEXT, "muted text": theme.MUTED,
                **{f"sample {n + 1}": c for n, c in enumerate(theme.SAMPLE_COLORS)}}
    close = [(a, b, round(distance(meanings[a], meanings[b]))) for a, b in combinations(meanings, 2)
             if distance(meanings[a], meanings[b]) < APART]
    assert not close


def test_the_samples_palette_shares_no_colour_with_a_role():
    assert not set(theme.SAMPLE_COLORS) & set(theme.ROLES.values())
    assert len(set(theme.SAMPLE_COLORS)) == len(theme.SAMPLE_COLORS) >= 4


def test_scene_code_takes_every_colour_from_the_theme():
    literal = re.compile(r"#[0-9A-Fa-f]{6}\b|\b(?:RED|BLUE|GREEN|YELLOW|TEAL|ORANGE|PINK|PURPLE|GOLD|MAROON|GREY)(?:_[A-E])?\b")
    found = [(path.name, m.group()) for path in (ROOT / "scenes").glob("*.py") if path.name != "theme.py"
             for m in literal.finditer(path.read_text(encoding="utf-8"))]
    assert not found

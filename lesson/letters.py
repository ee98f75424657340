"""The lesson's notation, written down once: the letter of each kind of quantity, how a layer and a neuron are
marked, and the per-sample loss. The scenario's default symbols, the worked formulas, the why section and the batch
read it, and through them the panel, the graph, `check`, the handout and the slides.

A layer is a superscript [l] (only when the network has more than one), a neuron a subscript; probabilities are p
(never ŷ), y is always the target vector, and the per-sample loss of a batch is ℓₙ.
"""

LETTER = {"input": "x", "weight": "w", "bias": "b", "logit": "z", "activation": "a", "probability": "p",
          "sample loss": r"\ell"}


def layer_tag(index: int, layers: int) -> str:
    """The superscript that names layer `index` (from 0) of a network of `layers`: none for a single layer."""
    return f"^{{[{index + 1}]}}" if layers > 1 else ""


def neuron(kind: str, i: int, tag: str = "") -> str:
    """Neuron i's (from 0) symbol of a kind: z^{[1]}_{2}."""
    return f"{LETTER[kind]}{tag}_{{{i + 1}}}"


def edge(tag: str, i: int, j: int) -> str:
    """The weight from input j into neuron i (from 0): w^{[1]}_{21}."""
    return f"{LETTER['weight']}{tag}_{{{i + 1}{j + 1}}}"


def sample_loss(n: int | str) -> str:
    """The loss of sample n of a batch (a number from 1, or a letter such as n)."""
    return f"{LETTER['sample loss']}_{{{n}}}"

"""What each section is called and the caption said under it, with the scenario's own numbers.

Plain Unicode text, so the same sentences can become subtitles or handout prose; a scenario's `captions` and
`headings` fields replace the sentence and the name of a section (in any language).
"""
from .notation import fixed
from .scenario import SECTIONS

TITLES = {"setup": "The network", "forward": "Forward pass", "softmax": "Softmax and loss",
          "backward": "Backward pass", "update": "Gradient step"}


def heading(section, solution=None):
    """'2 · Forward pass': the section's place in the storyboard and its name (the scenario's own, if it has one)."""
    own = solution.scenario.headings.get(section) if solution else None
    return f"{SECTIONS.index(section) + 1} · {own or TITLES[section]}"


def _true_class(solution):
    s = solution.scenario
    hot = [i for i, t in enumerate(s.target) if t == 1]
    if s.target_labels:
        return f"class {s.target_labels[0]}"
    return f"output {hot[0] + 1}" if len(hot) == 1 else "the target distribution"


def _default(solution, section):
    s, v = solution.scenario, solution.computed
    num = lambda x: fixed(x, s.precision)
    hidden = [spec.activation for spec in s.layers[:-1]]
    after_sum = f", then applies {'σ' if hidden[0] == 'sigmoid' else hidden[0]}" if hidden else ""
    return {
        "setup": f"{len(s.input)} inputs, {len(s.layers[-1].bias)} classes; the target is {_true_class(solution)}.",
        "forward": f"Each neuron adds up its weighted inputs and its bias{after_sum}.",
        "softmax": f"Softmax turns the logits into probabilities; the loss is −ln p of the true class: "
                   f"L = {num(v['loss'])}.",
        "backward": "With softmax and cross-entropy, ∂L/∂z = p − y: "
                    "the true class is pushed up, the others down.",
        "update": f"Every weight steps against its gradient, w ← w − η ∂L/∂w; "
                  f"the loss goes from {num(v['loss'])} to {num(v['loss_after'])}.",
    }[section]


def caption(solution, section):
    """The sentence shown under a section: the scenario's own if it gives one, else the default."""
    return solution.scenario.captions.get(section) or _default(solution, section)

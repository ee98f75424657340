"""The pieces around the graph: heading, caption, probability bars, nudge arrows, the gradient legend, the σ curve."""
import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Arrow, Axes, Circle, DashedVMobject, Line, Mobject, Rectangle, VGroup

from core import ACTIVATIONS
from lesson.language import phrase
from lesson.record import Shown
from . import theme
from .typeset import math, text


def heading(words: str, note: str) -> VGroup:
    """The section's name top left, the scenario's title (and which sample) top right, in muted type."""
    left = text(words, theme.HEADING_SIZE, theme.MUTED, kind="heading")
    left.move_to([-theme.SAFE_X + left.width / 2, theme.HEADING_Y, 0])
    right = text(note, theme.HEADING_SIZE - 6, theme.MUTED, kind="heading")
    room = theme.TEXT_WIDTH - left.width - 0.6
    if right.width > room:
        right.scale_to_fit_width(room)
    return VGroup(left, right.move_to([theme.SAFE_X - right.width / 2, theme.HEADING_Y, 0]))


def title_card(title: str, description: str) -> VGroup:
    """The scenario's title, and its description under it in muted type, no wider than the text width."""
    heading = text(title, theme.TITLE_SIZE, kind="heading")
    if heading.width > theme.TEXT_WIDTH:
        heading.scale_to_fit_width(theme.TEXT_WIDTH)
    card = VGroup(heading)
    if description:
        card.add(text(description, theme.CAPTION_SIZE, theme.MUTED, kind="heading")).arrange(DOWN, buff=0.4)
    if card.width > theme.TEXT_WIDTH:
        card.scale_to_fit_width(theme.TEXT_WIDTH)
    return card


def caption(sentence: str) -> tuple[VGroup, list[str]]:
    """The section's sentence along the bottom, on two lines split at a clause when one line is too long;
    also the lines as shown."""
    lines = [sentence]
    mob = text(sentence, theme.CAPTION_SIZE, kind="caption")
    if mob.width > theme.TEXT_WIDTH:
        lines = list(_halves(sentence))
        mob = VGroup(*[text(part, theme.CAPTION_SIZE, kind="caption") for part in lines]).arrange(DOWN, buff=0.1)
    if mob.width > theme.TEXT_WIDTH:
        mob.scale_to_fit_width(theme.TEXT_WIDTH)
    return mob.move_to([0, theme.CAPTION_BOTTOM + mob.height / 2, 0]), lines


def _halves(sentence):
    """Two lines of a sentence, broken after the clause mark (or space) nearest its middle."""
    middle = len(sentence) / 2
    breaks = [i + 1 for i, ch in enumerate(sentence) if ch in ";:," and sentence[i + 1:i + 2] == " "] or \
             [i for i, ch in enumerate(sentence) if ch == " "]
    cut = min(breaks, key=lambda i: abs(i - middle))
    return sentence[:cut].strip(), sentence[cut:].strip()


def probability_bars(graph, probabilities: np.ndarray, target: np.ndarray, anchor_x: float) -> VGroup:
    """One bar per class beside the output neurons, length = probability, the true class (the target's largest
    share, for a soft target too) in the target colour."""
    column, true = graph.columns[-1], int(np.argmax(target))
    colors = [theme.TARGET if i == true else theme.PROBABILITY for i in range(len(probabilities))]
    return VGroup(*[Rectangle(width=max(theme.BAR_LENGTH * p, 0.02), height=min(0.26, graph.radius * 0.7),
                              fill_opacity=0.9, stroke_width=0, fill_color=colors[i])
                    .move_to([anchor_x, column[i].get_y(), 0], aligned_edge=LEFT)
                    for i, p in enumerate(probabilities)])


def ghost(bars: VGroup) -> VGroup:
    """Where the earlier bars ended: a dashed outline of each, and a white tick at its end that stands out above
    and below the new bar, so the change in each probability shows at 480p."""
    return VGroup(*[VGroup(DashedVMobject(bar.copy().set_fill(opacity=0).set_stroke(theme.TEXT, width=1.5),
                                          num_dashes=12),
                           Line(bar.get_right() + UP * bar.height, bar.get_right() + DOWN * bar.height,
                                color=theme.TEXT, stroke_width=3)) for bar in bars])


def targets(graph, shown: list[Shown]) -> VGroup:
    """y_i = t beside each output neuron, the true class in the target colour."""
    return VGroup(*[math(f"y_{{{i + 1}}}={s.text}", theme.LABEL_SIZE, theme.TARGET if s.value else theme.MUTED, kind="label",
                         shows=[s.quantity])
                    .next_to(c, RIGHT, buff=0.15) for i, (c, s) in enumerate(zip(graph.columns[-1], shown))])


def nudges(graph, dz: list[Shown], anchor_x: float) -> VGroup:
    """p - y beside each output neuron: an arrow up where the logit should rise (p - y < 0), down elsewhere."""
    length = min(0.7, graph.spacing * 0.6)
    out = VGroup()
    for i, shown in enumerate(dz):
        y = graph.columns[-1][i].get_y()
        up = shown.value < 0
        arrow = Arrow([0, -length / 2 if up else length / 2, 0], [0, length / 2 if up else -length / 2, 0], buff=0,
                      color=theme.NEGATIVE if up else theme.POSITIVE, max_tip_length_to_length_ratio=0.35)
        arrow.move_to([anchor_x + 0.15, y, 0])
        out.add(VGroup(arrow, math(shown.text, theme.LABEL_SIZE - 2, theme.BACKWARD, kind="label", shows=[shown.quantity]).next_to(arrow, RIGHT, buff=0.12)))
    return out


def legend(language: str) -> VGroup:
    """What an edge's colour and width mean once gradients have arrived, at the size of the labels, under the graph;
    the word "width" in the scenario's language."""
    width = VGroup(text(phrase(language, "width"), theme.LEGEND_SIZE, kind="legend"),
                   math(r"\propto |\partial L/\partial w|", theme.LEGEND_SIZE, kind="legend")).arrange(RIGHT, buff=0.1)
    items = [(theme.NEGATIVE, math(r"\partial L/\partial w < 0", theme.LEGEND_SIZE, kind="legend")),
             (theme.POSITIVE, math(r"\partial L/\partial w > 0", theme.LEGEND_SIZE, kind="legend")),
             (theme.MUTED, width)]
    group = VGroup(*[VGroup(Rectangle(width=0.4, height=0.12, fill_opacity=1, stroke_width=0, fill_color=c),
                            mob).arrange(RIGHT, buff=0.12) for c, mob in items])
    group.arrange(RIGHT, buff=0.35)
    return group.move_to([theme.GRAPH_BOX[0] + group.width / 2, theme.LEGEND_Y, 0])


def activation_curve(name: str, zs: np.ndarray, activations: np.ndarray) -> VGroup | None:
    """A small plot of the layer's activation, its axis ends numbered, each neuron's (z, a) a ring on it (rings
    stay visible where two neurons sit close), or None for relu/identity."""
    activation = ACTIVATIONS[name]
    if activation.plot is None:
        return None
    reach = max(4.0, float(np.ceil(np.max(np.abs(zs)))))
    low, high = activation.plot
    axes = Axes(x_range=[-reach, reach, reach / 2], y_range=[low, high, (high - low) / 2], x_length=3.6,
                y_length=1.3, tips=False, axis_config={"color": theme.MUTED, "stroke_width": 2})
    curve = axes.plot(lambda z: float(activation.fn(np.array(z))), color=theme.FORWARD)
    marks = VGroup(*[Circle(radius=0.07, color=theme.TEXT, stroke_width=3).move_to(axes.c2p(z, a))
                     for z, a in zip(zs, activations)])
    along = (-reach, 0, reach) if low == 0 else (-reach, reach)
    ticks = VGroup(*[tick(f"{v:g}").next_to(axes.c2p(v, 0), DOWN, buff=0.1) for v in along],
                   *[tick(f"{v:g}").next_to(axes.c2p(0, v), LEFT, buff=0.1) for v in (low, high) if v != 0])
    z_label = math("z", theme.LEGEND_SIZE, theme.MUTED, kind="label").next_to(axes.c2p(reach, 0), RIGHT, buff=0.15)
    name_label = math(activation.curve_tex, theme.LABEL_SIZE - 2, theme.FORWARD, kind="label")
    name_label.next_to(axes.c2p(reach, high), RIGHT, buff=0.15)
    return VGroup(axes, curve, marks, ticks, z_label, name_label)


def tick(value: str) -> Mobject:
    """A number on an axis: the scale, not a quantity of the lesson."""
    return math(value, theme.LEGEND_SIZE, theme.MUTED, kind="tick")


def sample_color(n: int) -> str:
    """Sample n's own colour: its framed row, its label and its training curve."""
    return theme.SAMPLE_COLORS[n % len(theme.SAMPLE_COLORS)]


def row_box(matrix: Mobject, row: int, rows: int) -> Rectangle:
    """A frame round one row of a typeset matrix (rows are evenly spaced between its parentheses)."""
    inner = matrix.height * 0.92
    pitch = inner / rows
    y = matrix.get_top()[1] - (matrix.height - inner) / 2 - (row + 0.5) * pitch
    return Rectangle(width=matrix.width * 0.9, height=pitch * 1.02, color=sample_color(row), stroke_width=2.5) \
        .move_to([matrix.get_x(), y, 0])


def sample_label(graph, n: int, count: int, language: str) -> Mobject:
    """'sample 2 of 4' over the graph, so per-sample values on the neurons are labelled as such."""
    label = text(phrase(language, "sample {n} of {count}", n=n + 1, count=count), theme.CAPTION_SIZE, sample_color(n),
                 kind="label")
    return label.move_to([graph.get_x(), theme.GRAPH_BOX[3], 0])

"""The training section: the loss per step and each sample's true-class probability as curves, where it ends."""
from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, Axes, Create, Dot, FadeIn, FadeOut, VGroup, VMobject

from lesson import training
from lesson.language import phrase, tex_words
from lesson.worked import Formula
from . import theme
from .panel import Panel
from .parts import sample_color, tick
from .typeset import math, text


def _axes(top: float, height: float, steps: int, y_range: tuple[float, float], name: str, language: str) -> VGroup:
    """Axes over the graph's region with `step` along and `name` up, the ends of each axis numbered so a value can
    be read off the curve (the exact ones are in the panel)."""
    left, right, _, _ = theme.GRAPH_BOX
    axes = Axes(x_range=[0, steps, max(1, steps // 10)], y_range=[*y_range, (y_range[1] - y_range[0]) / 4],
                x_length=right - left - 2.2, y_length=height, tips=False,
                axis_config={"color": theme.MUTED, "stroke_width": 2})
    axes.move_to([(left + right) / 2 + 0.6, top - height / 2, 0])
    step = text(phrase(language, "step"), theme.LEGEND_SIZE, theme.MUTED, kind="label")
    ticks = VGroup(*[tick(f"{k:g}").next_to(axes.c2p(k, y_range[0]), DOWN, buff=0.1) for k in (0, steps)],
                   *[tick(f"{v:.2g}").next_to(axes.c2p(0, v), LEFT, buff=0.1) for v in (y_range[1] / 2, y_range[1])])
    name_label = math(name, theme.LABEL_SIZE, theme.MUTED, kind="label").next_to(ticks[3], LEFT, buff=0.2)
    step.next_to(ticks[1], LEFT, buff=0.3)
    return VGroup(axes, VGroup(step, name_label, ticks))


def _curve(axes: Axes, values: list[float], color: str) -> VGroup:
    """The points (step, value) joined by straight segments, each point a dot."""
    points = [axes.c2p(k, v) for k, v in enumerate(values)]
    line = VMobject(color=color, stroke_width=3).set_points_as_corners(points)
    dots = VGroup(*[Dot(p, radius=0.04 if len(points) > 20 else 0.06, color=color) for p in points])
    return VGroup(line, dots)


def stage(scene) -> None:
    """Clear the graph; draw the loss curve, then the true-class probability per sample; the panel gives the numbers."""
    scene.play(*[FadeOut(m) for m in scene.mobjects if m is not scene.header], run_time=0.6)
    scene.panel = Panel(theme.PANEL_BOX)
    worked = scene.worked
    losses, curves = training.loss_points(worked), training.true_class_points(worked)
    steps = len(losses) - 1
    top = theme.GRAPH_BOX[3]
    height = (top - theme.LEGEND_Y - 1.5) / 2          # room under the lower axes for its step numbers and legend
    language = scene.scenario.language
    loss_axes = _axes(top, height, steps, (0, _nice(max(s.value for s in losses) * 1.1)), "L", language)
    p_axes = _axes(top - height - 1.0, height, steps, (0, 1), _p_true(language), language)
    scene.record.current.plotted.extend(losses + [point for curve in curves for point in curve])
    scene.play(Create(loss_axes), run_time=0.8)
    scene.play(Create(_curve(loss_axes[0], [s.value for s in losses], theme.LOSS)), run_time=1.5)
    scene.say(training.summary(worked), keep=False)
    scene.play(Create(p_axes), run_time=0.6)
    scene.play(*[Create(_curve(p_axes[0], [s.value for s in curve], sample_color(n)))
                 for n, curve in enumerate(curves)],
               *([FadeIn(_legend(p_axes[0], len(curves), language))] if len(curves) > 1 else []),
               run_time=1.5)
    scene.say(_final_probabilities(curves, language), keep=True)
    scene.say(*training.final_parameters(worked), keep=True)


def _p_true(language: str) -> str:
    """p of the true class: its subscript a word in English, a check mark where TeX cannot set the language."""
    return f"p_{{{tex_words(language, 'true')}}}"


def _final_probabilities(curves: list[list], language: str) -> Formula:
    """p of the true class after the last step, per sample in the order of the legend."""
    last = [curve[-1] for curve in curves]
    if len(last) == 1:
        return Formula(_p_true(language), "", last[0].text, last[0].quantity, (last[0],))
    return Formula(_p_true(language), "", r"\left(" + r",\ ".join(s.text for s in last) + r"\right)", None,
                   tuple(last))


def _nice(top: float) -> float:
    """The axis end above `top` that prints short: 1.2 rather than 1.1937."""
    return float(f"{top:.2g}") if float(f"{top:.2g}") >= top else float(f"{top * 1.05:.2g}")


def _legend(axes: Axes, count: int, language: str) -> VGroup:
    """Which colour is which sample, under the probability axes."""
    items = [VGroup(Dot(radius=0.07, color=sample_color(n)),
                    text(phrase(language, "sample {n}", n=n + 1), theme.LEGEND_SIZE, theme.MUTED, kind="legend"))
             .arrange(RIGHT, buff=0.1) for n in range(count)]
    legend = VGroup(*items).arrange(RIGHT, buff=0.35)
    return legend.move_to([theme.GRAPH_BOX[0] + legend.width / 2, theme.LEGEND_Y, 0])

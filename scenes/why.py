"""The section "Why dL/dz = p - y": the graph yields the stage, the steps of `lesson.why` are written across the
frame one line at a time (continuations growing out of the line above, cancelling ratios struck out), each road
under its own caption, and the landing vector p - y in the gradient colour, from which the backward section's nudge
arrows take their numbers once the graph is back."""
from __future__ import annotations

from manim import (DL, LEFT, RIGHT, UL, UR, Animation, Create, FadeIn, FadeOut, Line, MoveToTarget, TransformFromCopy,
                   TransformMatchingTex, VGroup)

from lesson.why import Cancelling, Step, Why
from lesson.worked import Formula
from . import theme
from .panel import Panel, fitted, no_wider
from .typeset import pieces, text

def stage(scene) -> None:
    """The graph yields the stage to the derivation, which takes the frame's width: each step on a page of its own,
    its title and first line, then its lines one by one, then its landing. Then the graph comes back, and the
    landing p - y waits at the top of the usual panel for the backward pass to take its numbers."""
    scene.landing, usual = None, scene.panel
    graph = [m for m in scene.mobjects if m is not scene.header and m not in usual.content]
    scene.play(*[FadeOut(m, shift=LEFT * 0.5) for m in graph], run_time=0.6)
    scene.panel = Panel(theme.STAGE_BOX)
    derive(scene)
    _give_back(scene, usual, graph)


def _give_back(scene, usual: Panel, graph: list) -> None:
    """Clear the derivation but what the backward pass takes from it (the landing p - y; a batch's (P - Y)/N),
    which moves to the top of the usual panel; bring the graph back."""
    kept = scene.handed
    for group in (scene.panel.content, *scene.panel.content):      # a block of its own, or a line inside one
        group.remove(kept)
    kept.generate_target()
    no_wider(kept.target, usual.right - usual.left).move_to([usual.left, usual.top, 0], aligned_edge=UL)
    scene.animate_panel(FadeOut(scene.panel.content), MoveToTarget(kept), run_time=0.6)
    if scene.quiet:
        kept.become(kept.target)
    usual.content, scene.panel = VGroup(kept), usual
    scene.play(*[FadeIn(m, shift=RIGHT * 0.5) for m in graph], run_time=0.6)


def derive(scene) -> None:
    """The steps of lesson.why written in the panel; `scene.handed` is what the last step hands on."""
    for step in Why(scene.solution).steps():
        scene.recaption(step.name)
        scene.handed = scene.say(no_wider(text(step.title, theme.NOTE_SIZE, theme.MUTED, kind="heading"),
                                          _width(scene)), step.lines[0])
        for line in step.lines[1:]:
            if isinstance(line, Cancelling):
                scene.handed = _cancel(scene, line)
            elif line.value or line.rhs:
                grows = scene.handed if not line.lhs else None      # "= ..." goes on from the line above
                scene.handed = scene.say(line, keep=True, grow_from=grows)
            else:
                _colored(scene, line, theme.TEXT)
        if step.landing:
            _land(scene, step)
        scene.hold(theme.WAIT)


def _cancel(scene, line: Cancelling) -> VGroup:
    """The line with its x/x ratios, each struck through, then the ratios go and the rest closes up into the
    shorter line (the matching pieces move, TransformMatchingTex)."""
    head = f"{line.lhs} =".strip()
    before = no_wider(pieces(head, *line.pieces, shows=()), _width(scene))
    block = scene.say(before, keep=True)
    ratios = [before[1 + k] for k in line.gone]
    strikes = [Line(r.get_corner(DL), r.get_corner(UR), color=theme.MUTED, stroke_width=3) for r in ratios]
    scene.animate_panel(*[Create(s) for s in strikes], run_time=0.6)
    scene.hold(scene.pace.line)
    after = pieces(head, *[p for k, p in enumerate(line.pieces) if k not in line.gone], shows=())
    after.scale(before[0].height / after[0].height).move_to(before, aligned_edge=LEFT)
    scene.animate_panel(TransformMatchingTex(before, after), *[FadeOut(s) for s in strikes], run_time=1.0)
    block.submobjects = [after if m is before else m for m in block.submobjects]
    scene.read(after)
    return block


def _colored(scene, line: Formula, color: str) -> VGroup:
    """A whole line in one colour, recorded as the panel records any line."""
    block = scene.say(fitted(line, _width(scene)).set_color(color), keep=True)
    scene.record.show(*line.shows)
    return block


def _land(scene, step: Step) -> None:
    """The vector both roads reach, in the gradient colour, its numbers one submobject each."""
    landing = step.landing
    if r"\dots" in landing.value:          # a long vector is written whole, with its dots
        scene.handed = _colored(scene, landing, theme.BACKWARD)
        return
    texts = [s.text for s in landing.shows]
    parts = [f"{landing.lhs} = {landing.rhs} = (", texts[0]]
    for entry in texts[1:]:
        parts += [r",\ ", entry]
    mob = no_wider(pieces(*parts, ")", color=theme.BACKWARD, shows=[s.quantity for s in landing.shows]), _width(scene))
    scene.say(mob, keep=True)
    scene.record.show(*landing.shows)
    scene.landing, scene.handed = (texts, [mob[1 + 2 * i] for i in range(len(texts))]), mob


def arrive(scene, nudges: VGroup) -> list[Animation]:
    """The backward section's nudges: their numbers come out of the landing p - y when it shows the same ones."""
    landing = getattr(scene, "landing", None)
    labels = [nudge[1] for nudge in nudges]
    if landing is None or landing[0] != [label.tex_string for label in labels]:
        return [FadeIn(nudges)]
    return [FadeIn(VGroup(*[nudge[0] for nudge in nudges]))] + \
        [TransformFromCopy(entry, label) for entry, label in zip(landing[1], labels)]


def _width(scene) -> float:
    return scene.panel.right - scene.panel.left

"""The section "Why dL/dz = p - y": the steps of `lesson.why` written in the panel one line at a time, the broken
chain road in the warning colour, and the landing vector p - y in the gradient colour, from which the backward
section's nudge arrows take their numbers."""
from __future__ import annotations

from manim import DL, LEFT, UR, Animation, Create, FadeIn, FadeOut, Line, TransformFromCopy, TransformMatchingTex, VGroup

from lesson.why import Cancelling, Step, Why
from lesson.worked import Formula
from . import theme
from .panel import fitted, no_wider
from .typeset import pieces, text

def stage(scene) -> None:
    """Each step on a page of its own: its title and first line, then its lines one by one, then its landing."""
    scene.landing = None
    for step in Why(scene.solution).steps():
        scene.say(no_wider(text(step.title, theme.NOTE_SIZE, theme.MUTED, kind="heading"), _width(scene)), step.lines[0])
        for line in step.lines[1:]:
            if isinstance(line, Cancelling):
                _cancel(scene, line)
            elif line.value or line.rhs:
                scene.say(line, keep=True)
            else:
                _colored(scene, line, theme.TEXT)
        if step.landing:
            _land(scene, step)
        scene.wait(theme.WAIT)


def _cancel(scene, line: Cancelling) -> None:
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


def _colored(scene, line: Formula, color: str) -> VGroup:
    """A whole line in one colour, recorded as the panel records any line."""
    block = scene.say(fitted(line, _width(scene)).set_color(color), keep=True)
    scene.record.show(*line.shows)
    return block


def _land(scene, step: Step) -> None:
    """The vector both roads reach, in the gradient colour, its numbers one submobject each."""
    landing = step.landing
    if r"\dots" in landing.value:          # a long vector is written whole, with its dots
        _colored(scene, landing, theme.BACKWARD)
        return
    texts = [s.text for s in landing.shows]
    parts = [f"{landing.lhs} = {landing.rhs} = (", texts[0]]
    for entry in texts[1:]:
        parts += [r",\ ", entry]
    mob = no_wider(pieces(*parts, ")", color=theme.BACKWARD, shows=[s.quantity for s in landing.shows]), _width(scene))
    scene.say(mob, keep=True)
    scene.record.show(*landing.shows)
    scene.landing = (texts, [mob[1 + 2 * i] for i in range(len(texts))])


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

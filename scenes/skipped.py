"""What a skipped play leaves, without the work of playing it.

Manim plays a skipped animation by beginning and finishing it: a FadeIn or FadeOut still deep-copies its mobject
twice (the faded start and the target) and interpolates every submobject, to end where it began. That was a quarter
of a rehearsal's time. `Settled` stands for such a fade while Manim skips it: the mobject is added (FadeIn) or removed
(FadeOut) and left as it is, which is exactly the state the fade ends in.

A skipped play also draws the whole frame two or three times (a background of what stands still, the end state), for
pixels nothing keeps: a fifth of a rehearsal. `undrawn` turns that drawing off for the play.
"""
from contextlib import contextmanager

from manim import Animation, FadeIn, FadeOut


class Settled(Animation):
    """A skipped FadeIn or FadeOut: the same mobject, run time and updater handling; nothing copied or moved."""

    def __init__(self, fade: FadeIn | FadeOut):
        super().__init__(fade.mobject, run_time=fade.run_time, introducer=fade.is_introducer(),
                         remover=fade.is_remover(), suspend_mobject_updating=fade.suspend_mobject_updating)

    def begin(self) -> None:
        self.starting_mobject = self.mobject
        if self.suspend_mobject_updating:
            self.mobject.suspend_updating()

    def interpolate(self, alpha: float) -> None:
        pass


def settled(animations: tuple) -> list:
    """The animations of a skipped play, each plain fade as the state it ends in."""
    return [Settled(a) if type(a) in (FadeIn, FadeOut) else a for a in animations]


@contextmanager
def undrawn(renderer):
    """Within: the renderer draws nothing and keeps no background. A frame drawn later is drawn whole from the
    scene as it then stands, as every rendered play's first frame already is."""
    def no_background(scene, static_mobjects):
        renderer.static_image = None

    renderer.update_frame, renderer.save_static_frame_data = (lambda *args, **kwargs: None), no_background
    try:
        yield
    finally:
        del renderer.update_frame, renderer.save_static_frame_data
        renderer.static_image = None

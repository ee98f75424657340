"""What a skipped fade leaves, without the work of fading.

Manim plays a skipped animation by beginning and finishing it: a FadeIn or FadeOut still deep-copies its mobject
twice (the faded start and the target) and interpolates every submobject, to end where it began. That was a quarter
of a rehearsal's time. `Settled` stands for such a fade while Manim skips it: the mobject is added (FadeIn) or removed
(FadeOut) and left as it is, which is exactly the state the fade ends in.
"""
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

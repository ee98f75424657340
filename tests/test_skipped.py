"""A skipped fade stood in for by `Settled` ends in exactly the state Manim's own skipped fade ends in, and a skipped
play draws nothing."""
from contextlib import nullcontext

import numpy as np
import pytest
from manim import DOWN, RED, UP, Circle, FadeIn, FadeOut, Scene, Square, Text, VGroup, Wait, tempconfig

from scenes.skipped import Settled, settled, undrawn


def end_state(stand_in: bool):
    """How long a short skipped scene of fades lasts, the shape of the family it leaves on screen (a text's letters
    may come back from the shape cache as another class), and every point and colour in it."""
    class Fades(Scene):
        def construct(self):
            self.kept = Square().set_fill(RED, 0.5)
            shown, words = Circle().shift(DOWN), Text("p − y", font_size=30)
            self.add(self.kept)
            plays = [(FadeIn(shown, shift=UP),), (FadeIn(words, scale=2), FadeOut(self.kept, shift=DOWN)),
                     (FadeIn(VGroup(self.kept), Square(0.5), lag_ratio=0.3),)]
            for animations in plays:
                self.play(*(settled(animations) if stand_in else animations))

    with tempconfig({"dry_run": True, "format": "png", "verbosity": "ERROR", "disable_caching": True}):
        scene = Fades()
        scene.render()
    family = [m for top in scene.mobjects for m in top.get_family()]
    return scene.renderer.time, [len(m.submobjects) for m in family], \
        [(m.points, getattr(m, "fill_rgbas", None), getattr(m, "stroke_rgbas", None)) for m in family]


def test_settled_fades_end_where_manims_skipped_fades_end():
    time, shape, arrays = end_state(stand_in=True)
    want_time, want_shape, want_arrays = end_state(stand_in=False)
    assert (time, shape) == (want_time, want_shape) and len(shape) > 5
    for got, want in zip(arrays, want_arrays):
        for a, b in zip(got, want):
            assert (a is None and b is None) or np.array_equal(a, b)


def test_only_plain_fades_are_stood_in_for():
    fade, other = FadeIn(Square()), FadeOut(Circle())
    stood = settled((fade, other, "not an animation"))
    assert [type(s) for s in stood] == [Settled, Settled, str]
    assert stood[0].is_introducer() and stood[1].is_remover() and stood[0].run_time == pytest.approx(fade.run_time)


def test_a_skipped_play_draws_nothing_and_a_frame_drawn_after_it_is_whole():
    """Manim draws a skipped play's frame two or three times for nothing; `undrawn` stops that. A frame drawn
    afterwards is the scene as it stands, as Manim draws it from nothing after a scene that drew every play."""
    class Still(Scene):
        drawn = 0

        def construct(self):
            self.add(Square().set_fill(RED, 0.5))
            capture = self.renderer.camera.capture_mobjects

            def counted(*args, **kwargs):
                Still.drawn += 1
                return capture(*args, **kwargs)
            self.renderer.camera.capture_mobjects = counted
            for animations in [(FadeIn(Circle().shift(DOWN)),), (Wait(0.5),)]:
                with undrawn(self.renderer) if self.quiet else nullcontext():
                    self.play(*animations)
            self.renderer.static_image = None
            self.renderer.update_frame(self, ignore_skipping=True)
            self.frame, self.drawn = self.renderer.get_frame(), Still.drawn

    frames = {}
    for quiet in (True, False):
        with tempconfig({"dry_run": True, "format": "png", "verbosity": "ERROR", "disable_caching": True,
                         "pixel_width": 160, "pixel_height": 90}):
            Still.quiet, Still.drawn = quiet, 0
            scene = Still()
            scene.render()
            frames[quiet] = scene.frame, scene.drawn
    assert frames[True][1] == 1 and frames[False][1] >= 4
    assert np.array_equal(frames[True][0], frames[False][0]) and frames[True][0].max() > 0

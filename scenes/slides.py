"""The explainer as a manim-slides presentation: one slide per section, its caption as the speaker notes."""
from __future__ import annotations

import html
from pathlib import Path

from manim import Scene
from manim_slides import Slide
from manim_slides.slide.base import BaseSlide

from lesson import storyboard
from . import theme
from .explainer import Explainer


class Slides:
    """Mixed into an explainer: the same storyboard and the same mp4, cut into slides where the sections begin.

    manim-slides 5.7 (the newest) still writes two configuration keys Manim 0.22 rejects: `write_to_movie` (removed;
    format=mp4 writes the movie) and an infinite `max_files_cached` (0.22 wants -1, which the renderer sets). So
    `__init__` and `render` here do what Slide's do without those two lines.
    """

    def __init__(self, solution, only=None, burn_captions=True, output_folder: Path | None = None):
        self.adopt(solution, only, burn_captions)
        self.closing = False
        BaseSlide.__init__(self, output_folder=output_folder)

    def render(self, *args, **kwargs):
        """Render the scene, then cut its partial movies into one clip per slide (forward only: no reversed clips)."""
        Scene.render(self, *args, **kwargs)
        self._save_slides(use_cache=False, skip_reversing=True)

    @property
    def _background_color(self):
        """The slides' background: the theme's, which the scene sets as a string where manim-slides wants a colour."""
        return theme.BACKGROUND

    def close(self):
        """Left to the start of the next slide, so each slide stops on its section's full panel."""
        self.closing = True

    def announce(self, name: str):
        """The heading of a section, once what the last slide left to clear is cleared (in this slide's time)."""
        if self.closing:
            Explainer.close(self)
            self.closing = False
        super().announce(name)

    def next_section(self, name="unnamed", skip_animations=False, **kwargs):
        """Each section of the storyboard opens a slide whose speaker notes are the section's caption."""
        notes = html.escape(storyboard.caption(self.solution, name), quote=False)   # the template pastes it into HTML
        self.next_slide(name, skip_animations=skip_animations, notes=notes, **kwargs)


def slides_of(scene: type[Explainer]) -> type:
    """The presentation class of an explainer class (its name names the slides' JSON file)."""
    return type(f"{scene.__name__}Slides", (Slides, scene, Slide), {})

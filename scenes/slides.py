"""The explainer as a manim-slides presentation: one slide per section, its caption as the speaker notes."""
from manim_slides import Slide

from lesson import storyboard
from .explainer import Explainer


class ExplainerSlides(Explainer, Slide):
    """The same storyboard, cut into slides where the sections begin."""

    skip_reversing = True    # the HTML plays forward only, so no reversed clips are encoded

    def section_started(self, name):
        """Close the slide so far and start the section's own, with the caption for the lecturer."""
        self.next_slide(notes=storyboard.caption(self.sol, name))

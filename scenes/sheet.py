"""The frame the video shows as each section ends, without rendering an animation: a rehearsal of the scene (every
animation skipped, each section played as if it rendered) photographed when each section's panel has settled,
before it is cleared. These are the tiles of a contact sheet."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Shot:
    """A section's last full frame: its name, the second of the video it is at, its pixels (RGBA rows)."""

    name: str
    second: float
    pixels: np.ndarray


def section_ends(cls, solution, burn_captions: bool = True) -> list[Shot]:
    """Every section's last full frame, from one rehearsal of the scene class `cls` (Manim's config set by the
    caller: size, and a format that writes nothing)."""
    shots: list[Shot] = []

    class Photographed(cls):
        def settle(self):
            super().settle()
            if self.is_current_animation_frozen_frame():       # the video draws a still over what stands still
                self.renderer.save_static_frame_data(self, self.static_mobjects)
            self.renderer.update_frame(self, ignore_skipping=True)
            shots.append(Shot(self.record.current.name, self.clock, np.array(self.renderer.get_frame())))

    Photographed(solution, only=frozenset(), burn_captions=burn_captions, rehearse=True).render()
    return shots

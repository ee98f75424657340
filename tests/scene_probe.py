"""Build the explainer scene without encoding video and record what is on screen at the end of every section.

Manim's `format="png"` skips every animation (each play jumps to its end state), so a whole scene builds in a few
seconds at a tiny resolution. Each snapshot lists the text-like mobjects with their LaTeX/text and bounding boxes.
"""
from dataclasses import dataclass
from pathlib import Path

from manim import Circle, SingleStringMathTex, Text, tempconfig

from cli.render import _scene_class
from lesson.scenario import load
from lesson.solution import Solution

TEXTLIKE = (SingleStringMathTex, Text)          # MathTex and Tex are SingleStringMathTex


@dataclass
class Snapshot:
    section: str
    texts: list          # (text or tex string, (left, bottom, right, top)) per text-like mobject
    circles: list        # (centre x, centre y, radius) per neuron drawn
    edges: int           # edges drawn
    shown: list          # the scene's own record: (section, about, value text, mobject)


def _box(mob):
    (left, bottom, _), (right, top, _) = mob.get_corner([-1, -1, 0]), mob.get_corner([1, 1, 0])
    return (left, bottom, right, top)


def _texts(mobjects):
    """Outermost text-like mobjects, not their glyphs."""
    out = []
    for mob in mobjects:
        if isinstance(mob, TEXTLIKE):
            out.append(mob)
        else:
            out += _texts(mob.submobjects)
    return out


def build(scenario_file, media, size=(320, 180), snap=False, burn_captions=True):
    """Run every section of the scenario's scene in the `media` folder; return its Snapshots (and PNGs if snap)."""
    snapshots = []
    base = _scene_class(Solution(load(scenario_file)), None, burn_captions)

    class Probe(base):
        def capture(self):
            if not hasattr(self, "section"):
                return
            texts = _texts(self.mobjects)
            edges = [e for e in self.graph.all_edges() if e in self.get_mobject_family_members()]
            circles = [(c.get_x(), c.get_y(), c.width / 2) for c in self.get_mobject_family_members()
                       if isinstance(c, Circle)]
            snapshots.append(Snapshot(self.section, [(_label(t), _box(t)) for t in texts], circles, len(edges),
                                      [s for s in self.shown if s[0] == self.section]))
            if snap:
                self.renderer.update_frame(self)
                self.renderer.camera.get_image().save(Path(media) / f"{Path(scenario_file).stem}_"
                                                                   f"{len(snapshots)}_{self.section}.png")

        def next_section(self, *args, **kwargs):
            self.capture()
            super().next_section(*args, **kwargs)

        def construct(self):
            super().construct()
            self.capture()

    with tempconfig({"format": "png", "pixel_width": size[0], "pixel_height": size[1], "frame_rate": 5,
                     "media_dir": str(media), "disable_caching": True, "verbosity": "ERROR",
                     "progress_bar": "none"}):
        Probe().render()
    return snapshots


def _label(mob):
    return getattr(mob, "tex_string", None) or getattr(mob, "text", "")

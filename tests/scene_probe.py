"""Build the explainer scene without encoding video and record what is on screen at the end of every section.

Manim's `format="png"` skips every animation (each play jumps to its end state), so a whole scene builds in a few
seconds at a tiny resolution. A section's snapshot is taken before it clears its panel. Each snapshot lists the text-like mobjects with their LaTeX/text and bounding boxes,
every formula the panel said with its mobject, and the scene's own record of the numbers it showed.
"""
from dataclasses import dataclass, field
from pathlib import Path

from manim import Circle, tempconfig

from lesson.record import SectionRecord
from lesson.scenario import load
from lesson.solution import Solution
from lesson.worked import Formula
from scenes.batch import BatchExplainer
from scenes.explainer import Explainer
from scenes.screen import box_of as _box, tex_of as label, texts as _texts
from scenes.texbatch import prepare_scene


@dataclass
class Snapshot:
    section: str
    texts: list          # (text or tex string, (left, bottom, right, top)) per text-like mobject at the end
    circles: list        # (centre x, centre y, radius) per neuron drawn
    edges: int           # edges drawn
    record: SectionRecord                        # the scene's own record of the section
    said: list = field(default_factory=list)     # (Formula, its mobject) for every formula written in the panel
    seen: set = field(default_factory=set)       # every text or tex string on screen after any play of the section
    sizes: list = field(default_factory=list)    # (text, font size) of every text-like mobject at the end


class Probing:
    """Mixed into an explainer: snapshots every section as it ends."""

    def __init__(self, solution, stem, media, snap, burn_captions):
        self.snapshots, self.said, self.seen, self.stem, self.media, self.snap = [], [], set(), stem, media, snap
        super().__init__(solution, burn_captions=burn_captions)

    def capture(self):
        """Snapshot the section now ending, once: before it clears its panel, or when the next one begins."""
        if not self.record.sections or (self.snapshots and self.snapshots[-1].record is self.record.current):
            return
        edges = [e for e in self.graph.all_edges() if e in self.get_mobject_family_members()]
        on_screen = set(self.get_mobject_family_members())
        circles = [(c.get_x(), c.get_y(), c.width / 2) for column in self.graph.columns
                   for c in column.get_family() if isinstance(c, Circle) and c in on_screen]
        mobs = _texts(self.mobjects)
        self.snapshots.append(Snapshot(self.record.current.name, [(label(t), _box(t)) for t in mobs], circles,
                                       len(edges), self.record.current, self.said, self.seen,
                                       [(label(t), t.font_size) for t in mobs]))
        self.said, self.seen = [], set()
        if self.snap:
            self.renderer.update_frame(self)
            self.renderer.camera.get_image().save(
                Path(self.media) / f"{self.stem}_{len(self.snapshots)}_{self.snapshots[-1].section}.png")

    def play(self, *args, **kwargs):
        super().play(*args, **kwargs)
        self.seen |= {label(t) for t in _texts(self.mobjects)}

    def say(self, *items, **how):
        mobs = [mob for page in self.panel.pages(items) for mob in page]
        self.said += [(item, mob) for item, mob in zip(items, mobs) if isinstance(item, Formula)]
        return super().say(*items, **how)

    def close(self):
        self.capture()
        super().close()

    def begin(self, name, following):
        self.capture()
        self.said, self.seen = [], set()
        super().begin(name, following)

    def construct(self):
        super().construct()
        self.capture()


def build(scenario_file, media, size=(320, 180), snap=False, burn_captions=True):
    """Run every section of the scenario's scene in the `media` folder; return its Snapshots (and PNGs if snap)."""
    with tempconfig({"format": "png", "pixel_width": size[0], "pixel_height": size[1], "frame_rate": 5,
                     "media_dir": str(media), "disable_caching": True, "verbosity": "ERROR",
                     "progress_bar": "none"}):
        solution = Solution(load(scenario_file))
        scene = BatchExplainer if solution.scenario.batched else Explainer
        prepare_scene(scene, solution, burn_captions)          # its formulas typeset in batches, as a render does
        probe = type("Probe", (Probing, scene), {})(solution, Path(scenario_file).stem, media, snap, burn_captions)
        probe.render()
    return probe.snapshots

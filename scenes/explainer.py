"""The explainer video of one scenario, one Manim section per step; every number comes from the worked solution."""
import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, Arrow, Create, FadeIn, FadeOut, LaggedStart, MathTex, Rectangle, Scene,
                   ShowPassingFlash, Text, Transform, VGroup, Write)

from explainer.scenario import SECTIONS
from explainer.worked import Worked
from . import theme
from .graph import NetworkGraph, label


class Explainer(Scene):
    """Setup, forward, softmax and loss, backward, update: the storyboard of a lecture on p - y."""

    solution = None          # set by the renderer before the scene is built
    only_section = None      # render just this section (the others are computed but skipped)

    def construct(self):
        self.camera.background_color = theme.BACKGROUND
        self.sol = self.solution.sample(0) if self.solution.scenario.batched else self.solution
        self.worked = Worked(self.sol)
        self.lines = self.worked.sections()
        self.graph = NetworkGraph(self.sol.scenario)
        self.panel = VGroup()
        for name in SECTIONS:
            self.next_section(name, skip_animations=self.only_section not in (None, name))
            getattr(self, f"step_{name}")()

    def say(self, *lines, keep=False):
        """Write formula lines in the side panel, replacing what was there unless keep."""
        new = VGroup(*[MathTex(tex, font_size=theme.FORMULA_SIZE) for tex in lines]).arrange(DOWN, aligned_edge=LEFT)
        if new.width > 6.9 - theme.PANEL_LEFT:
            new.scale_to_fit_width(6.9 - theme.PANEL_LEFT)
        anchor = self.panel[-1].get_corner(DOWN + LEFT) + DOWN * 0.25 if keep and len(self.panel) else None
        new.to_corner(UP + RIGHT, buff=0.5).align_to(np.array([theme.PANEL_LEFT, 0, 0]), LEFT)
        if anchor is not None:
            new.next_to(anchor, DOWN, aligned_edge=LEFT, buff=0)
        if not keep and len(self.panel):
            self.play(FadeOut(self.panel), run_time=0.3)
            self.panel = VGroup()
        self.panel.add(new)
        self.play(Write(new), run_time=0.5 + 0.25 * len(lines))
        return new

    def pulse(self, layer, color, reverse=False):
        edges = self.graph.all_edges(layer).copy().set_color(color).set_stroke(width=5)
        if reverse:
            for e in edges:
                e.put_start_and_end_on(e.get_end(), e.get_start())
        self.play(ShowPassingFlash(edges, time_width=0.5), run_time=theme.PULSE_TIME)

    def step_setup(self):
        s = self.sol.scenario
        title = Text(s.title, font_size=theme.TITLE_SIZE).to_edge(UP, buff=0.3)
        self.play(Write(title), run_time=0.8)
        self.play(FadeOut(title), Create(self.graph.all_edges()), LaggedStart(*[FadeIn(c) for c in self.graph.columns]),
                  run_time=1.2)
        self.play(FadeIn(self.graph.symbols), FadeIn(VGroup(*self.graph.edge_labels)), run_time=0.6)
        self.inputs = VGroup(*[self.graph.value(0, j, tex) for j, tex in enumerate(self.worked.inputs_text(0))])
        out = len(self.graph.columns) - 1
        self.targets = VGroup(*[label(f"y={t:g}", theme.LABEL_SIZE, theme.TARGET if t else theme.MUTED)
                                .next_to(self.graph.columns[out][i], RIGHT, buff=0.15)
                                for i, t in enumerate(s.target)])
        note = [r"\text{sample 1 of the batch}"] if self.solution.scenario.batched else []
        self.play(FadeIn(self.inputs), FadeIn(self.targets), run_time=0.6)
        self.say(r"\text{input } x = (" + ", ".join(self.worked.inputs_text(0)) + ")",
                 rf"\eta = {s.learning_rate:g}", *note)

    def step_forward(self):
        by = {line.about: line for line in self.lines["forward"]}
        self.values = {}
        for l, spec in enumerate(self.sol.scenario.layers):
            self.pulse(l, theme.FORWARD)
            first = by[("z", spec.name, 0)]
            self.say(first.latex())
            zs = VGroup(*[self.graph.value(l + 1, i, by[("z", spec.name, i)].value)
                          for i in range(len(spec.bias))])
            self.play(FadeIn(zs), run_time=0.5)
            if spec.activation != "softmax":
                self.say(*[by[("a", spec.name, i)].latex() for i in range(len(spec.bias))], keep=True)
                acts = VGroup(*[self.graph.value(l + 1, i, by[("a", spec.name, i)].value, theme.FORWARD)
                                for i in range(len(spec.bias))])
                self.play(Transform(zs, acts), run_time=0.6)
            self.values[l + 1] = zs
            self.wait(theme.WAIT)

    def step_softmax(self):
        lines = self.lines["softmax"]
        exps = [l for l in lines if l.about[0] in ("exp", "sum")]
        self.say(*[l.latex() for l in exps])
        self.say(*[l.latex() for l in lines if l.about[0] == "p"], keep=True)
        out = len(self.graph.columns) - 1
        probs = self.sol.computed["probabilities"]
        bars = VGroup(*[Rectangle(width=1.6 * p, height=0.22, fill_opacity=0.9, stroke_width=0,
                                  fill_color=theme.TARGET if t else theme.FORWARD)
                        .next_to(self.targets, RIGHT, buff=0.2).set_y(self.graph.columns[-1][i].get_y())
                        for i, (p, t) in enumerate(zip(probs, self.sol.scenario.target))])
        self.play(FadeIn(bars, shift=RIGHT * 0.2), Transform(self.values[out], VGroup(
            *[self.graph.value(out, i, l.value, theme.FORWARD) for i, l in
              enumerate(l for l in lines if l.about[0] == "p")])), run_time=0.8)
        self.bars = bars
        self.say(next(l for l in lines if l.about == ("loss",)).latex(), keep=True)
        self.wait(theme.WAIT)

    def step_backward(self):
        by = {line.about: line for line in self.lines["backward"]}
        layers = self.sol.scenario.layers
        out = layers[-1]
        self.say(*[by[("dz", out.name, i)].latex() for i in range(len(out.bias))])
        arrows = VGroup(*[Arrow(DOWN * 0.35, UP * 0.35, buff=0, color=theme.NEGATIVE if d < 0 else theme.POSITIVE)
                          .rotate(0 if d < 0 else np.pi).next_to(self.targets[i], RIGHT, buff=0.2)
                          for i, d in enumerate(self.sol.computed["layers"][out.name]["dz"])])
        self.play(FadeIn(arrows), FadeOut(self.bars), run_time=0.6)
        for l in reversed(range(len(layers))):
            self.pulse(l, theme.BACKWARD, reverse=True)
            self.color_edges(l)
            spec = layers[l]
            if l < len(layers) - 1:
                self.say(by[("da", spec.name, 0)].latex(), by[("dz", spec.name, 0)].latex())
            self.say(by[("dW", spec.name, 0, 0)].latex(), keep=l < len(layers) - 1)
        self.play(FadeIn(self.legend()), run_time=0.4)
        self.wait(theme.WAIT)
        self.arrows = arrows

    def color_edges(self, layer):
        """Edge colour = sign of dL/dw, width = its size relative to the largest in the network."""
        name = self.sol.scenario.layers[layer].name
        dW = np.array(self.sol.computed["layers"][name]["dW"])
        top = max(np.max(np.abs(self.sol.computed["layers"][s.name]["dW"])) for s in self.sol.scenario.layers)
        anims = []
        for i, row in enumerate(self.graph.edges[layer]):
            for j, edge in enumerate(row):
                g = dW[i][j]
                anims.append(edge.animate.set_stroke(color=theme.NEGATIVE if g < 0 else theme.POSITIVE,
                                                     width=1 + (theme.MAX_EDGE_WIDTH - 1) * abs(g) / (top or 1)))
        self.play(*anims, run_time=0.6)

    def legend(self):
        items = [(theme.NEGATIVE, r"\partial L/\partial w < 0"), (theme.POSITIVE, r"\partial L/\partial w > 0")]
        group = VGroup(*[VGroup(Rectangle(width=0.35, height=0.08, fill_opacity=1, stroke_width=0, fill_color=c),
                                label(t, theme.LABEL_SIZE - 2)).arrange(RIGHT, buff=0.15) for c, t in items])
        return group.arrange(RIGHT, buff=0.5).to_corner(DOWN + LEFT, buff=0.3)

    def step_update(self):
        lines = self.lines["update"]
        first = next(l for l in lines if l.about[0] == "W_new")
        self.say(first.latex())
        self.play(*[e.animate.set_stroke(color=theme.EDGE, width=theme.EDGE_WIDTH) for e in self.graph.all_edges()],
                  FadeOut(self.arrows), run_time=0.6)
        new_labels = self.new_weight_labels(lines)
        if new_labels:
            self.play(*[Transform(old, new) for old, new in new_labels], run_time=1.0)
        for l in range(len(self.sol.scenario.layers)):
            self.pulse(l, theme.FORWARD)
        after = next(l for l in lines if l.about == ("loss_after",))
        self.say(rf"L: {after.note.split()[-1]} \;\to\; {after.value}")
        self.wait(1.0)

    def new_weight_labels(self, lines):
        """(old label, new value label) for every labelled edge: the weight symbols become the updated values."""
        by = {line.about: line for line in lines}
        pairs = []
        for l, spec in enumerate(self.sol.scenario.layers):
            group = self.graph.edge_labels[l]
            if not len(group):
                continue
            for k, (i, j) in enumerate(np.ndindex(*spec.weights.shape)):
                old = group[k]
                new = label(by[("W_new", spec.name, i, j)].value, theme.LABEL_SIZE - 4).move_to(old)
                pairs.append((old, new.add_background_rectangle(color=theme.BACKGROUND, opacity=0.85, buff=0.03)))
        return pairs

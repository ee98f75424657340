"""The explainer video of one scenario, one Manim section per step; every number comes from the worked solution."""
from dataclasses import replace
from math import ceil

import numpy as np
from manim import (DOWN, RIGHT, UP, Create, FadeIn, FadeOut, LaggedStart, ReplacementTransform, Scene, ShowPassingFlash,
                   SurroundingRectangle, VGroup, Write, config)

from lesson import storyboard
from lesson.scenario import SECTIONS
from lesson.worked import Worked
from . import parts, theme
from .graph import NetworkGraph
from .typeset import math, text
from .panel import Panel

MAX_LINES = 4               # per kind of line in the panel; the rest of a long layer is in the check output


class Explainer(Scene):
    """Setup, forward, softmax and loss, backward, update: the storyboard of a lecture on p - y."""

    solution = None          # set by the renderer before the scene is built
    only_section = None      # render just this section (the others are computed but skipped)
    burn_captions = True     # draw the caption line on the picture (the .srt is written either way)

    def construct(self):
        self.camera.background_color = theme.BACKGROUND
        batched = self.solution.scenario.batched
        self.sol = self.solution.sample(0) if batched else self.solution
        self.s, self.v = self.sol.scenario, self.sol.computed
        self.worked = Worked(self.sol)
        self.by = {line.about: line for lines in self.worked.sections().values() for line in lines}
        self.graph = NetworkGraph(self.s, self.edge_texts())
        self.panel, self.shown, self.slots, self.header = Panel(), [], {}, VGroup()
        self.note = self.s.title + (f"  ·  sample 1 of {len(self.solution.scenario.input)}" if batched else "")
        self.clock, self.skipped, self.cue_start = 0.0, 0.0, 0.0
        for name in SECTIONS:
            skip = self.only_section not in (None, name)
            self.next_section(name, skip_animations=skip)
            self.section, started = name, self.clock
            getattr(self, f"step_{name}")()
            self.section_ended(skip, started)

    def section_ended(self, skipped, started):
        """The section's caption as a subtitle cue, from its announcement to the section's end, in video time."""
        if skipped:
            self.skipped += self.clock - started
            return
        self.add_subcaption(storyboard.caption(self.sol, self.section), duration=self.clock - self.cue_start,
                            offset=self.cue_start - self.skipped - self.time)

    def play(self, *args, **kwargs):
        """Play, and move the video clock on by the whole frames the animation fills: Manim's own clock counts
        frames for a rendered animation but the exact run time for a cached one, and subtitles must not drift."""
        before = self.time
        super().play(*args, **kwargs)
        self.clock += ceil((self.time - before) * config.frame_rate - 1e-6) / config.frame_rate

    # --- the storyboard -------------------------------------------------------------------------------------

    def step_setup(self):
        self.title_card()
        self.announce()
        g = self.graph
        self.play(Create(g.all_edges()), LaggedStart(*[FadeIn(c) for c in g.columns], lag_ratio=0.3), run_time=1.4)
        self.play(FadeIn(g.symbols), *[FadeIn(versions[0]) for versions in g.edge_labels], run_time=0.6)
        inputs = [self.slot(0, j, self.worked.inputs_text(0)[j], ("x", j)) for j in range(len(self.s.input))]
        self.targets = VGroup(*[math(f"y_{{{i + 1}}}={t:g}", theme.LABEL_SIZE, theme.TARGET if t else theme.MUTED)
                                .next_to(c, RIGHT, buff=0.15)
                                for i, (c, t) in enumerate(zip(g.columns[-1], self.s.target))])
        self.play(FadeIn(VGroup(*inputs)), FadeIn(self.targets), run_time=0.6)
        self.say(*self.worked.setup())
        self.wait(theme.WAIT)

    def step_forward(self):
        self.announce()
        for index, spec in enumerate(self.s.layers):
            self.pulse(index, theme.FORWARD)
            zs = [self.by[("z", spec.name, i)] for i in range(len(spec.bias))]
            if spec.stated_z is not None:
                self.say(*zs[:MAX_LINES], self.worked.stated(index))
            else:
                self.say(zs[0])
            self.play(*[FadeIn(self.slot(index + 1, i, z.value, z.about)) for i, z in enumerate(zs)], run_time=0.6)
            if spec.activation != "softmax":
                self.activate(index, spec)
            self.wait(theme.WAIT)

    def activate(self, index, spec):
        """The activation's lines, its curve with each neuron marked, and the neurons' z turning into a."""
        acts = [self.by[("a", spec.name, i)] for i in range(len(spec.bias))]
        lv = self.v["layers"][spec.name]
        curve = parts.activation_curve(spec.activation, lv["z"], lv["a"])
        self.say(*acts[:MAX_LINES], *([curve] if curve else []), keep=True)
        self.play(*[self.reslot(index + 1, i, a.value, a.about, theme.FORWARD) for i, a in enumerate(acts)],
                  run_time=0.7)

    def step_softmax(self):
        self.announce()
        out = len(self.graph.columns) - 1
        exps = [self.by[("exp", i)] for i in range(len(self.v["probabilities"]))]
        probs = [self.by[("p", i)] for i in range(len(exps))]
        self.say(*exps[:MAX_LINES], self.by[("sum",)])
        self.say(*probs[:MAX_LINES], keep=True)
        self.bars = parts.probability_bars(self.graph, self.v["probabilities"], self.s.target, self.beside_targets())
        self.play(FadeIn(self.bars, shift=np.array([0.2, 0, 0])),
                  *[self.reslot(out, i, p.value, p.about, theme.FORWARD) for i, p in enumerate(probs)], run_time=0.8)
        self.highlight(self.say(self.by[("loss",)], keep=True))
        self.wait(theme.WAIT)

    def step_backward(self):
        self.announce()
        layers = self.s.layers
        out = layers[-1]
        dz = [self.by[("dz", out.name, i)] for i in range(len(out.bias))]
        self.say(*dz[:MAX_LINES])
        self.nudges = parts.nudges(self.graph, self.v["layers"][out.name]["dz"], [d.value for d in dz],
                                   self.beside_targets())
        self.record([n[1] for n in self.nudges], [d.about for d in dz], [d.value for d in dz])
        self.play(FadeOut(self.bars), FadeIn(self.nudges), run_time=0.6)
        self.deltas, self.legend = VGroup(), parts.legend()
        for index in reversed(range(len(layers))):
            self.pulse(index, theme.BACKWARD, reverse=True)
            self.color_edges(index)
            spec = layers[index]
            hidden = index < len(layers) - 1
            if hidden:
                self.say(self.by[("da", spec.name, 0)], self.by[("dz", spec.name, 0)])
                self.show_deltas(index + 1, spec)
            self.say(self.by[("dW", spec.name, 0, 0)], *self.worked.gradient_matrices(index), keep=hidden)
        self.wait(theme.WAIT)

    def show_deltas(self, column, spec):
        """dL/dz under each neuron of a hidden layer, in the gradient colour, where the column has room."""
        lines = [self.by[("dz", spec.name, i)] for i in range(len(spec.bias))]
        mobs = [self.graph.below(column, i, line.value, theme.BACKWARD) for i, line in enumerate(lines)]
        if all(m is not None for m in mobs):
            self.deltas.add(*mobs)
            self.record(mobs, [line.about for line in lines], [line.value for line in lines])
            self.play(FadeIn(VGroup(*mobs)), run_time=0.5)

    def color_edges(self, index):
        """Edge colour = sign of dL/dw, width = its size relative to the largest in the network."""
        dW = np.array(self.v["layers"][self.s.layers[index].name]["dW"])
        top = max(np.max(np.abs(self.v["layers"][s.name]["dW"])) for s in self.s.layers) or 1.0
        anims = [edge.animate.set_stroke(color=theme.NEGATIVE if dW[i][j] < 0 else theme.POSITIVE,
                                         width=1 + (theme.MAX_EDGE_WIDTH - 1) * abs(dW[i][j]) / top)
                 for i, row in enumerate(self.graph.edges[index]) for j, edge in enumerate(row)]
        if self.legend not in self.mobjects:
            anims.append(FadeIn(self.legend))
        self.play(*anims, run_time=0.6)

    def step_update(self):
        self.announce()
        self.play(*[e.animate.set_stroke(color=theme.EDGE, width=theme.EDGE_WIDTH) for e in self.graph.all_edges()],
                  FadeOut(self.nudges), FadeOut(self.deltas), FadeOut(self.legend), run_time=0.6)
        first = next(line for line in self.by.values() if line.about[0] == "W_new")
        self.say(first, *[m for i in range(len(self.s.layers)) for m in self.worked.updated_matrices(i)])
        self.relabel_edges()
        self.second_forward()
        self.wait(1.0)

    def relabel_edges(self):
        """Every labelled edge's symbol becomes its new value."""
        anims = []
        for index, spec in enumerate(self.s.layers):
            symbols, values = self.graph.edge_labels[index]
            if not len(values):
                continue
            lines = [self.by[("W_new", spec.name, i, j)] for i, j in np.ndindex(*spec.weights.shape)]
            self.record(values, [line.about for line in lines], [line.value for line in lines])
            anims += [ReplacementTransform(old, new) for old, new in zip(symbols, values)]
        if anims:
            self.play(*anims, run_time=1.0)

    def second_forward(self):
        """A forward pass with the new weights: new activations, new probabilities beside the old, the new loss."""
        for index, spec in enumerate(self.s.layers[:-1]):
            self.pulse(index, theme.FORWARD)
            new = [self.by[("a_after", spec.name, i)] for i in range(len(spec.bias))]
            self.play(*[self.reslot(index + 1, i, a.value, a.about, theme.FORWARD) for i, a in enumerate(new)],
                      run_time=0.5)
        self.pulse(len(self.s.layers) - 1, theme.FORWARD)
        out = len(self.graph.columns) - 1
        new = [self.by[("p_after", i)] for i in range(len(self.v["probabilities_after"]))]
        bars = parts.probability_bars(self.graph, self.v["probabilities_after"], self.s.target,
                                      self.beside_targets())
        ghosts = parts.ghost(self.bars)
        self.play(FadeIn(bars), FadeIn(ghosts),
                  *[self.reslot(out, i, p.value, p.about, theme.FORWARD) for i, p in enumerate(new)], run_time=0.8)
        after = self.by[("loss_after",)]
        compared = replace(after, lhs=rf"L = {self.by[('loss',)].value} \;\to\; {after.lhs}")
        self.highlight(self.say(compared, keep=True))

    # --- helpers --------------------------------------------------------------------------------------------

    def title_card(self):
        title = text(self.s.title, theme.TITLE_SIZE)
        if title.width > theme.TEXT_WIDTH:
            title.scale_to_fit_width(theme.TEXT_WIDTH)
        card = VGroup(title)
        if self.s.description:
            card.add(text(self.s.description, theme.CAPTION_SIZE, theme.MUTED)).arrange(DOWN, buff=0.4)
        if card.width > theme.TEXT_WIDTH:
            card.scale_to_fit_width(theme.TEXT_WIDTH)
        self.play(Write(title), FadeIn(card[1:]), run_time=1.0)
        self.wait(0.8)
        self.play(FadeOut(card), run_time=0.4)

    def announce(self):
        """The section's heading at the top and its caption at the bottom, replacing the last section's."""
        header = VGroup(parts.heading(storyboard.heading(self.section, self.sol), self.note))
        if self.burn_captions:
            header.add(parts.caption(storyboard.caption(self.sol, self.section)))
        self.cue_start = self.clock
        self.play(FadeOut(self.header), FadeIn(header), run_time=0.5)
        self.header = header

    def say(self, *items, keep=False):
        """Write lines in the side panel, under what is there when `keep` and it fits, else in its place."""
        block = self.panel.block(items)
        if self.panel.place(block, keep):
            self.play(FadeOut(self.panel.content, shift=UP * 0.3), run_time=0.35)
            self.panel.content = VGroup()
        self.panel.content.add(block)
        self.record(block, [getattr(item, "about", None) for item in items],
                    [getattr(item, "value", None) for item in items])
        self.play(Write(block), run_time=0.4 + 0.3 * len(items))
        return block

    def highlight(self, block):
        """A frame round a result in the panel; it leaves with the panel."""
        box = SurroundingRectangle(block, color=theme.TARGET, buff=0.1)
        self.panel.content.add(box)
        self.play(Create(box), run_time=0.5)

    def record(self, mobs, abouts, values):
        """Remember which quantity each number on screen shows, so tests can hold it against the core."""
        self.shown += [(self.section, a, v, m) for m, a, v in zip(mobs, abouts, values) if a is not None]

    def slot(self, column, i, tex, about, color=theme.TEXT):
        mob = self.graph.value(column, i, tex, color)
        self.slots[(column, i)] = mob
        self.record([mob], [about], [tex])
        return mob

    def reslot(self, column, i, tex, about, color):
        """The animation that turns what neuron i shows into a new value."""
        old = self.slots[(column, i)]
        return ReplacementTransform(old, self.slot(column, i, tex, about, color))

    def pulse(self, layer, color, reverse=False):
        edges = self.graph.all_edges(layer).copy().set_color(color).set_stroke(width=5)
        if reverse:
            for e in edges:
                e.put_start_and_end_on(e.get_end(), e.get_start())
        self.play(ShowPassingFlash(edges, time_width=0.5), run_time=theme.PULSE_TIME)

    def edge_texts(self):
        """Each layer's edge labels: first the weight symbols, after the update the new values."""
        return [[spec.weight_symbols,
                 [[self.by[("W_new", spec.name, i, j)].value for j in range(spec.weights.shape[1])]
                  for i in range(spec.weights.shape[0])]] for spec in self.s.layers]

    def beside_targets(self):
        """Where bars and arrows start: just right of the widest target label."""
        return self.targets.get_right()[0] + 0.2

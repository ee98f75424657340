"""The explainer video of one scenario, one Manim section per step; every number comes from the worked solution."""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from math import ceil

import numpy as np
from manim import (UP, Animation, Circle, Circumscribe, Create, FadeIn, FadeOut, Indicate, LaggedStart, Mobject,
                   ReplacementTransform, Scene, ShowPassingFlash, SurroundingRectangle, TransformMatchingShapes,
                   VGroup, Wait, Write, config)

import core
from lesson import storyboard
from lesson.pace import Pace
from lesson.quantity import layer, q
from lesson.record import Record, Shown
from lesson.solution import Solution
from lesson.worked import Formula, Worked, edge_room
from . import holds, parts, theme, training, why
from .graph import NetworkGraph
from .panel import Panel
from .screen import Screen, tex_of, texts
from .skipped import settled, undrawn

holds.install()

MAX_LINES = 4               # per kind of line in the panel; the rest of a long layer is in the check output


class Explainer(Scene):
    """Setup, forward, softmax and loss, backward, update: the storyboard of a lecture on p - y.

    `only` names the section to animate, or several; the others are still built (so the screen is in the right
    state) but skipped. `burn_captions` draws each section's caption on the picture (the subtitles carry it either way).
    `record` lists, per section, its time span in the video, the captions and every number shown.
    """

    PANEL_BOX = theme.PANEL_BOX

    def __init__(self, solution: Solution, only: str | Collection[str] | None = None, burn_captions: bool = True,
                 stop_after: str | None = None, rehearse: bool = False, **kwargs):
        self.adopt(solution, only, burn_captions, stop_after, rehearse)
        super().__init__(**kwargs)

    def adopt(self, solution: Solution, only: str | Collection[str] | None, burn_captions: bool,
              stop_after: str | None = None, rehearse: bool = False):
        """Take on the lesson to tell: its worked formulas, which sections to animate (and the last one to play),
        an empty record. A rehearsal skips every animation but plays each section as if it rendered it, so its
        record has the video's times at the cost of a skipped build."""
        only = frozenset([only]) if isinstance(only, str) else only
        self.solution, self.only, self.stop_after, self.scenario = solution, only, stop_after, solution.scenario
        self.burn_captions, self.clock, self.changed, self.quiet = burn_captions, 0.0, 0.0, False
        self.rehearsing = rehearse
        self.worked = self.make_worked()
        self.record, self.screen = Record(), Screen()
        self.pace = Pace(*theme.READING).scaled(self.scenario.pace)

    def make_worked(self) -> Worked:
        worked = Worked(self.solution)
        self.by = {f.quantity: f for lines in worked.sections().values() for f in lines}
        return worked

    def construct(self):
        self.camera.background_color = theme.BACKGROUND
        self.graph = NetworkGraph(self.scenario, self.edge_texts(), edge_room(self.solution))
        self.mark_new_weights()
        self.panel, self.slots, self.header = Panel(self.PANEL_BOX), {}, VGroup()
        sections = storyboard.sections(self.solution)
        for section, following in zip(sections, sections[1:] + [None]):
            self.begin(section.name, following)
            self.BEATS[section.name](self)
            self.settle()
            if following is not None and not section.hands_over:
                self.close()
            if section.name == self.stop_after:
                break
        self.record.close(self.clock)
        self.screen.cut(self.clock, self.record.current)

    def play(self, *args, **kwargs):
        """Play, and move the video clock on by the whole frames the animation fills: Manim's own clock counts
        frames for a rendered animation but the exact run time for a cached one, and subtitles must not drift.
        Nothing to play (no number fits the neurons of a crowded column) plays nothing."""
        if not args:
            return
        before, start = self.time, self.clock
        if self.skipping():
            with undrawn(self.renderer):
                super().play(*settled(args), **kwargs)
        else:
            super().play(*args, **kwargs)
        self.clock += ceil((self.time - before) * config.frame_rate - 1e-6) / config.frame_rate
        self.screen.look(self.mobjects, start, self.clock, self.record.current)
        if not all(isinstance(a, Wait) for a in args):
            self.changed = self.clock

    def skipping(self) -> bool:
        """Whether Manim will skip the next play: the renderer's own test, as its `play` makes it."""
        self.renderer.skip_animations = self.renderer._original_skipping_status
        self.renderer.update_skipping_status()
        return self.renderer.skip_animations

    def hold(self, seconds: float):
        """Keep the screen still for `seconds`, in whole frames (a quiet section shows nothing, so holds nothing).
        The wait is asked in whole frames: Manim draws a still for the whole frames it holds but counts a skipped one
        exactly, and a rehearsal must last what the video does."""
        frames = int(seconds * config.frame_rate + 1e-9)
        if frames >= 1 and not self.quiet:
            self.wait((frames + 1e-9) / config.frame_rate)

    def read(self, written: Mobject):
        """Hold while the lines just written are read."""
        self.hold(self.pace.lines([tex_of(t) for t in texts([written])]))

    def settle(self):
        """End a section only once its finished panel has stood still for the panel's hold and its caption has been
        up long enough to read."""
        self.hold(max(self.pace.panel - (self.clock - self.changed), self.caption_unread()))

    def caption_unread(self) -> float:
        """How much longer the caption up now needs to have been read."""
        since, _, lines = self.record.current.cues()[-1]
        return self.pace.caption(" ".join(lines)) - (self.clock - since)

    # --- the storyboard -------------------------------------------------------------------------------------

    def draw_network(self):
        self.title_card()
        self.draw_graph()
        inputs = [a for j, shown in enumerate(self.worked.inputs(0)) for a in self.put(0, j, shown)]
        targets = [self.worked.given(q("target", i)) for i in range(len(self.scenario.target))]
        self.targets = parts.targets(self.graph, targets)
        self.record.show(*targets)
        self.play(*inputs, FadeIn(self.targets), run_time=0.6)
        self.say(*self.worked.setup())

    def draw_graph(self):
        g = self.graph
        self.play(Create(g.all_edges()), LaggedStart(*[FadeIn(c) for c in g.columns], lag_ratio=0.3), run_time=1.4)
        self.play(FadeIn(g.symbols), *[FadeIn(versions[0]) for versions in g.edge_labels], run_time=0.6)

    def forward_pass(self):
        for index, spec in enumerate(self.scenario.layers):
            self.pulse(index, theme.FORWARD)
            zs = [self.by[layer(spec.name, "z", i)] for i in range(len(spec.bias))]
            if spec.stated_z is not None:
                self.say(self.worked.stated(index), *zs[:MAX_LINES])
            else:
                self.say(zs[0])
            inputs = range(spec.weights.shape[1])
            into_first = [self.slots.get((index, j)) for j in inputs] + [self.graph.columns[index + 1][0]]
            self.point_at([self.graph.edges[index][0][j] for j in inputs], into_first, theme.FORWARD)
            self.play(*self.put_all(index + 1, [z.shows[-1] for z in zs], theme.TEXT), run_time=0.6)
            if spec.activation != core.SOFTMAX:
                self.activate(index, spec)
            self.hold(theme.WAIT)

    def activate(self, index, spec):
        """The activation's lines, its curve with each neuron marked, and the neurons' z turning into a."""
        acts = [self.by[layer(spec.name, "a", i)] for i in range(len(spec.bias))]
        result = self.solution.layers[spec.name]
        curve = parts.activation_curve(spec.activation, result.z, result.a)
        self.say(*acts[:MAX_LINES], *([curve] if curve else []), keep=True)
        self.play(*self.put_all(index + 1, [a.shows[-1] for a in acts]), run_time=0.7)

    def softmax_and_loss(self):
        out = len(self.graph.columns) - 1
        k = len(self.solution.probabilities)
        exps = [self.by[q("softmax", "exp", i)] for i in range(k)]
        probs = [self.by[q("probabilities", i)] for i in range(k)]
        self.say(*exps[:MAX_LINES], self.by[q("softmax", "sum")])
        self.say(*probs[:MAX_LINES], keep=True)
        self.bars = parts.probability_bars(self.graph, self.solution.probabilities, self.scenario.target,
                                           self.beside_targets())
        self.play(FadeIn(self.bars, shift=np.array([0.2, 0, 0])),
                  *self.put_all(out, [p.shows[-1] for p in probs]), run_time=0.8)
        self.highlight(self.say(self.by[q("loss")], keep=True))

    def backward_pass(self):
        layers = self.scenario.layers
        out = layers[-1]
        dz = [self.by[layer(out.name, "dz", i)] for i in range(len(out.bias))]
        self.nudges = parts.nudges(self.graph, [d.shows[-1] for d in dz], self.beside_targets())
        self.record.show(*[d.shows[-1] for d in dz])
        self.play(FadeOut(self.bars), *why.arrive(self, self.nudges), run_time=0.8)
        self.say(*dz[:MAX_LINES])
        self.deltas, self.legend = VGroup(), parts.legend(self.scenario.language)
        for index in reversed(range(len(layers))):
            self.pulse(index, theme.BACKWARD, reverse=True)
            spec = layers[index]
            hidden = index < len(layers) - 1
            if hidden:
                self.recaption("hidden")
                self.say(self.by[layer(spec.name, "da", 0)], self.by[layer(spec.name, "dz", 0)])
                self.show_deltas(index + 1, spec)
            self.say(self.by[layer(spec.name, "dW", 0, 0)], keep=hidden)
            self.point_at([self.graph.edges[index][0][0]],
                          [self.slots.get((index, 0)), self.graph.columns[index + 1][0]], theme.BACKWARD)
            self.say(*self.worked.gradient_matrices(index), keep=True)
            self.color_edges(index)          # the edges take their gradient's colour once it is derived

    def show_deltas(self, column, spec):
        """dL/dz under each neuron of a hidden layer, in the gradient colour, where the column has room."""
        shown = [self.by[layer(spec.name, "dz", i)].shows[-1] for i in range(len(spec.bias))]
        mobs = [self.graph.below(column, i, s, theme.BACKWARD) for i, s in enumerate(shown)]
        if all(m is not None for m in mobs):
            self.deltas.add(*mobs)
            self.record.show(*shown)
            self.play(FadeIn(VGroup(*mobs)), run_time=0.5)

    def color_edges(self, index):
        """Edge colour = sign of dL/dw, width = its size relative to the largest in the network."""
        dW = self.solution.layers[self.scenario.layers[index].name].dW
        top = max(np.max(np.abs(result.dW)) for result in self.solution.layers.values()) or 1.0
        anims = [edge.animate.set_stroke(color=theme.NEGATIVE if dW[i][j] < 0 else theme.POSITIVE,
                                         width=1 + (theme.MAX_EDGE_WIDTH - 1) * abs(dW[i][j]) / top)
                 for i, row in enumerate(self.graph.edges[index]) for j, edge in enumerate(row)]
        if self.legend not in self.mobjects:
            anims.append(FadeIn(self.legend))
        self.play(*anims, run_time=0.6)

    def gradient_step(self):
        self.play(*[e.animate.set_stroke(color=theme.EDGE, width=theme.EDGE_WIDTH) for e in self.graph.all_edges()],
                  FadeOut(self.nudges), FadeOut(self.deltas), FadeOut(self.legend), run_time=0.6)
        first = self.scenario.layers[0]
        self.say(self.worked.step_line(first.weight_symbols[0][0], first.name, "W", 0, 0),
                 *[m for i in range(len(self.scenario.layers)) for m in self.worked.updated_matrices(i)])
        self.relabel_edges()
        self.second_forward()

    def relabel_edges(self):
        """Every labelled edge's symbol becomes its new value."""
        anims = []
        for index, spec in enumerate(self.scenario.layers):
            symbols, values = self.graph.edge_labels[index]
            if not len(values):
                continue
            self.record.show(*[self.new_weight(spec.name, i, j) for i, j in np.ndindex(*spec.weights.shape)])
            anims += [ReplacementTransform(old, new) for old, new in zip(symbols, values)]
        if anims:
            self.play(*anims, run_time=1.0)

    def second_forward(self):
        """A forward pass with the new weights: new activations, new probabilities beside the old, the new loss."""
        for index, spec in enumerate(self.scenario.layers[:-1]):
            self.pulse(index, theme.FORWARD)
            new = [self.by[layer(spec.name, "a_after", i)] for i in range(len(spec.bias))]
            self.play(*self.put_all(index + 1, [a.shows[-1] for a in new]), run_time=0.5)
        self.pulse(len(self.scenario.layers) - 1, theme.FORWARD)
        out = len(self.graph.columns) - 1
        new = [self.by[q("probabilities_after", i)] for i in range(len(self.solution.probabilities_after))]
        bars = parts.probability_bars(self.graph, self.solution.probabilities_after, self.scenario.target,
                                      self.beside_targets())
        self.play(FadeIn(bars), FadeIn(parts.ghost(self.bars)),
                  *self.put_all(out, [p.shows[-1] for p in new]), run_time=0.8)
        after, before = self.by[q("loss_after")], self.by[q("loss")]
        compared = replace(after, lhs=rf"L = {before.value} \;\to\; {after.lhs}", shows=(before.shows[-1], *after.shows))
        self.highlight(self.say(compared, keep=True))

    BEATS = {"setup": draw_network, "forward": forward_pass, "softmax": softmax_and_loss, "why": why.stage,
             "backward": backward_pass, "update": gradient_step, "training": training.stage}

    # --- staging --------------------------------------------------------------------------------------------

    def skipped(self, name: str) -> bool:
        return self.only is not None and name not in self.only

    def begin(self, name: str, following: storyboard.Section | None):
        """Start a section: skip its animations unless it is one asked for, record it, show its heading.

        A skipped section is `quiet` when no frame rendered shows its panel or heading (it clears them, or hands
        them over to another skipped section): it then changes the graph as ever but writes its panel unanimated.
        """
        self.next_section(name, skip_animations=self.skipped(name))
        handed = storyboard.BY_NAME[name].hands_over and following is not None and not self.skipped(following.name)
        self.quiet = self.skipped(name) and not handed and not self.rehearsing
        ended = self.record.current if self.record.sections else None
        self.record.begin(name, self.clock)
        self.screen.cut(self.clock, ended)
        if name != "setup":
            self.announce(name)

    def close(self):
        """End a section by clearing its panel and heading, so the next one starts from nothing of them."""
        self.animate_panel(FadeOut(self.panel.content), FadeOut(self.header), run_time=0.5)
        self.panel.content, self.header = VGroup(), VGroup()

    def title_card(self):
        card = parts.title_card(self.scenario.title, self.scenario.description)
        self.play(Write(card[0]), FadeIn(card[1:]), run_time=1.0)
        self.hold(self.pace.caption(f"{self.scenario.title} {self.scenario.description}"))
        self.play(FadeOut(card), run_time=0.4)
        self.announce("setup")

    def announce(self, name: str):
        """The section's heading at the top and its caption at the bottom, replacing the last section's."""
        caption, lines = parts.caption(storyboard.caption(self.solution, name))
        header = VGroup(parts.heading(storyboard.heading(name, self.solution), self.scenario.title))
        if self.burn_captions:
            header.add(caption)
        self.record.current.captions.extend(lines)
        self.record.current.caption_start = self.clock
        self.animate_panel(*[FadeOut(self.header)] * bool(len(self.header)), FadeIn(header), run_time=0.5)
        self.header = header

    def recaption(self, step: str):
        """The section's caption gives way to its step's own sentence (if the storyboard has one), once the caption
        up now has been on screen long enough to read."""
        sentence = storyboard.step_captions(self.solution, self.record.current.name).get(step)
        if sentence is None:
            return
        section = self.record.current
        caption, new_lines = parts.caption(sentence)
        if new_lines == section.cues()[-1][2]:          # a second hidden layer: the same idea, already said
            return
        self.hold(self.caption_unread())
        if self.burn_captions:
            old = self.header[-1]
            self.animate_panel(FadeOut(old), FadeIn(caption), run_time=0.5)
            self.header.submobjects[-1] = caption
        section.later_captions.append((self.clock, new_lines))

    def say(self, *items: Formula | Mobject, keep: bool = False, grow_from: Mobject | None = None) -> VGroup:
        """Write lines in the side panel, under what is there when `keep` and it fits, else in its place; lines
        that do not fit the panel at their size come one panel after another. A line written under `grow_from`
        grows out of it (its matching glyphs move down into place) instead of being written. Returns the last block."""
        self.record.show(*[s for item in items if isinstance(item, Formula) for s in item.shows])
        for block in self.panel.pages(items):
            if self.panel.place(block, keep):
                self.animate_panel(FadeOut(self.panel.content, shift=UP * 0.3), run_time=0.35)
                self.panel.content, grow_from = VGroup(), None
            self.panel.content.add(block)
            entrance = Write(block) if grow_from is None else TransformMatchingShapes(grow_from.copy(), block)
            self.animate_panel(entrance, run_time=0.4 + 0.3 * len(block) if grow_from is None else 1.2)
            self.read(block)
            keep, grow_from = False, None
        return block

    def highlight(self, block: VGroup):
        """A frame round a result in the panel; it leaves with the panel."""
        box = SurroundingRectangle(block, color=theme.LOSS, buff=0.1)
        self.panel.content.add(box)
        self.animate_panel(Create(box), run_time=0.5)

    def animate_panel(self, *animations: Animation, run_time: float):
        """Play animations of the panel and heading only; a quiet section instead leaves the screen as they would
        (what they fade out goes, added first as `play` adds it so its parts go too; what they bring in stays off)."""
        if not self.quiet:
            self.play(*animations, run_time=run_time)
            return
        removers = [a for a in animations if a.remover]
        self.add_mobjects_from_animations(removers)
        self.remove(*[a.mobject for a in removers])

    def put(self, column: int, i: int, shown: Shown, color: str = theme.TEXT) -> list:
        """Show a number inside neuron i, replacing what it showed; nothing when it would be too small to read."""
        mob = self.graph.value(column, i, shown, color)
        if mob is None:
            return []
        self.record.show(shown)
        old, self.slots[(column, i)] = self.slots.get((column, i)), mob
        return [FadeIn(mob) if old is None else ReplacementTransform(old, mob)]

    def put_all(self, column: int, shown: list[Shown], color: str | None = None) -> list:
        """`put` for every neuron of a column, in the colour of what the column holds unless told otherwise."""
        return [a for i, s in enumerate(shown) for a in self.put(column, i, s, color or self.value_color(column))]

    def value_color(self, column: int) -> str:
        """Inputs in the text colour, hidden activations as the forward signal, outputs as probabilities."""
        if column == 0:
            return theme.TEXT
        return theme.PROBABILITY if column == len(self.graph.columns) - 1 else theme.FORWARD

    def point_at(self, edges: list, neurons: list, color: str):
        """Light up, together, the edges and the neurons (circled) or their values that the line just written names."""
        marks = [Circumscribe(m, Circle, color=color, buff=0.06) if isinstance(m, Circle) else
                 Indicate(m, color=color, scale_factor=1.0)          # a text keeps its place: only its colour flashes
                 for m in [*edges, *neurons] if m is not None]
        self.play(*marks, run_time=0.9)

    def pulse(self, index: int, color, reverse: bool = False, run_time: float = theme.PULSE_TIME):
        """A flash along a layer's edges, drawn beneath the neurons and edge labels so it never covers a number."""
        edges = self.graph.all_edges(index).copy().set_color(color).set_stroke(width=5).set_z_index(theme.PULSE_DEPTH)
        if reverse:
            for e in edges:
                e.put_start_and_end_on(e.get_end(), e.get_start())
        self.play(ShowPassingFlash(edges, time_width=0.5), run_time=run_time)

    def new_weight(self, name: str, i: int, j: int) -> Shown:
        return self.worked.computed(layer(name, "W_new", i, j), self.worked.update_digits)

    def mark_new_weights(self):
        """The edge labels after the update say which new weight each shows."""
        for spec, (_, values) in zip(self.scenario.layers, self.graph.edge_labels):
            for label, (i, j) in zip(values, np.ndindex(*spec.weights.shape)):
                for part in texts([label]):
                    part.shows = (str(self.new_weight(spec.name, i, j).quantity),)

    def edge_texts(self) -> list[list[list[list[str]]]]:
        """Each layer's edge labels: first the weight symbols, after the update the new values."""
        return [[spec.weight_symbols,
                 [[self.new_weight(spec.name, i, j).text for j in range(spec.weights.shape[1])]
                  for i in range(spec.weights.shape[0])]] for spec in self.scenario.layers]

    def beside_targets(self) -> float:
        """Where bars and arrows start: just right of the widest target label."""
        return self.targets.get_right()[0] + 0.2

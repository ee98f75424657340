"""The network drawn from a scenario: neurons, edges, their labels, and the slots where values appear."""
import numpy as np
from manim import DOWN, UP, Circle, Line, MathTex, VGroup

from lesson.record import Shown
from lesson.scenario import Scenario
from . import theme
from .typeset import math
from .layout import SYMBOL_ROOM, crossings, grid, place_along


def _boxed(mob):
    """A label on an edge: a backing of the background colour keeps the edge from running through the text."""
    return mob.add_background_rectangle(color=theme.BACKGROUND, opacity=0.9, buff=0.04)


def _box(mob):
    return (mob.get_x(), mob.get_y(), mob.width, mob.height)


class NetworkGraph(VGroup):
    """Columns of neurons (inputs first) joined by edges; `edges[l][i][j]` joins input j to neuron i of layer l.

    `edge_texts[l]` lists, per layer, the matrices of LaTeX an edge label will show in turn (its symbol, later its
    new value); `room[l]` is a number as wide as any of the layer's values. Every version gets the same spot, sized
    for the widest of the symbol and the room, so none collides with another and the spots do not move with the values.
    """

    def __init__(self, scenario: Scenario, edge_texts: list[list[list[list[str]]]], room: list[str]):
        super().__init__()
        sizes = [scenario.input.shape[-1]] + [spec.weights.shape[0] for spec in scenario.layers]
        self.positions, self.radius, self.spacing = grid(sizes)
        self.columns = [VGroup(*[Circle(radius=self.radius, color=theme.MUTED, fill_color=theme.NEURON,
                                        fill_opacity=1, stroke_width=2).move_to(p) for p in col])
                        for col in self.positions]
        self.edges = [[[self._edge(l, i, j) for j in range(sizes[l])] for i in range(sizes[l + 1])]
                      for l in range(len(scenario.layers))]
        symbols = [scenario.input_symbols] + [spec.a_symbols for spec in scenario.layers]
        self.symbols = VGroup(*[self._neuron_symbols(col, syms) for col, syms in zip(self.columns, symbols)]
                              if self.spacing >= 2 * self.radius + SYMBOL_ROOM + 0.05 else [])
        self.edge_labels = self._edge_labels(edge_texts, room)
        self.add(self.all_edges(), *self.columns, self.symbols, *[versions[0] for versions in self.edge_labels])

    def _edge(self, layer, i, j):
        start, end = self.positions[layer][j], self.positions[layer + 1][i]
        direction = (end - start) / np.linalg.norm(end - start)
        return Line(start + direction * self.radius, end - direction * self.radius, color=theme.EDGE,
                    stroke_width=theme.EDGE_WIDTH).set_z_index(theme.EDGE_DEPTH)

    def _neuron_symbols(self, column, symbols):
        """Each neuron's symbol just above it, so its value can sit inside."""
        return VGroup(*[math(s, theme.LABEL_SIZE - 2, theme.MUTED, kind="label").next_to(c, UP, buff=0.06)
                        for c, s in zip(column, symbols)])

    def _edge_labels(self, edge_texts, room):
        """Per layer, one VGroup per version of the labels; empty groups when the layer has too many edges."""
        obstacles = [_box(m) for group in [*self.columns, *self.symbols] for m in group]
        out = []
        for layer, versions in enumerate(edge_texts):
            pairs = [(i, j) for i, row in enumerate(self.edges[layer]) for j in range(len(row))]
            if len(pairs) > theme.MAX_EDGE_LABELS:
                out.append([VGroup() for _ in versions])
                continue
            mobs = [[_boxed(math(texts[i][j], theme.EDGE_LABEL_SIZE, kind="label")) for i, j in pairs] for texts in versions]
            wide = _boxed(math(room[layer], theme.EDGE_LABEL_SIZE, kind="label"))
            sizes = [(max(wide.width, mobs[0][k].width), max(wide.height, mobs[0][k].height))
                     for k in range(len(pairs))]
            segments = [(self.edges[layer][i][j].get_start(), self.edges[layer][i][j].get_end()) for i, j in pairs]
            centres = place_along(segments, sizes, obstacles + crossings(segments))
            if centres is None:          # too crowded to name every edge: the panel lists the weights instead
                out.append([VGroup() for _ in versions])
                continue
            obstacles += [(c[0], c[1], w, h) for c, (w, h) in zip(centres, sizes)]
            out.append([VGroup(*[m.move_to(c) for m, c in zip(group, centres)]) for group in mobs])
        return out

    def all_edges(self, layer: int | None = None) -> VGroup:
        layers = self.edges if layer is None else [self.edges[layer]]
        return VGroup(*[e for rows in layers for row in rows for e in row])

    def value(self, column: int, i: int, shown: Shown, color: str = theme.TEXT) -> MathTex | None:
        """A number inside neuron i of a column, scaled down to keep a margin inside the circle when it is long; None
        when it would be too small to read (the panel shows it)."""
        mob = math(shown.text, theme.LABEL_SIZE, color, kind="label", shows=[shown.quantity])
        if mob.width > theme.INSIDE_NEURON * 2 * self.radius:
            mob.scale_to_fit_width(theme.INSIDE_NEURON * 2 * self.radius)
        return mob.move_to(self.columns[column][i]) if mob.font_size >= theme.MIN_FONT_SIZE else None

    def below(self, column: int, i: int, shown: Shown, color: str) -> MathTex | None:
        """A number just under a neuron, or None when the column is too crowded to fit one there."""
        mob = math(shown.text, theme.LABEL_SIZE - 2, color, kind="label", shows=[shown.quantity])
        if self.spacing < 2 * self.radius + SYMBOL_ROOM * bool(len(self.symbols)) + mob.height + 0.12:
            return None
        return mob.next_to(self.columns[column][i], DOWN, buff=0.05)

"""The network drawn from a scenario: neurons, edges with their weight labels, and value slots on each neuron."""
import numpy as np
from manim import Circle, Line, MathTex, VGroup

from . import theme
from .layout import neuron_positions, neuron_radius


def label(tex, size=theme.LABEL_SIZE, color=theme.TEXT):
    return MathTex(tex, font_size=size, color=color)


class NetworkGraph(VGroup):
    """Columns of neurons (inputs first) joined by edges; `edges[l][i][j]` joins input j to neuron i of layer l."""

    def __init__(self, scenario):
        super().__init__()
        sizes = [scenario.input.shape[-1]] + [spec.weights.shape[0] for spec in scenario.layers]
        self.positions = neuron_positions(sizes)
        self.radius = neuron_radius(sizes)
        self.columns = [VGroup(*[Circle(radius=self.radius, color=theme.MUTED, fill_color=theme.NEURON,
                                        fill_opacity=1, stroke_width=2).move_to(p) for p in col])
                        for col in self.positions]
        self.edges = [[[self._edge(l, i, j) for j in range(sizes[l])] for i in range(sizes[l + 1])]
                      for l in range(len(scenario.layers))]
        self.symbols = VGroup(*[self._neuron_symbols(col, syms) for col, syms in
                                zip(self.columns, [scenario.input_symbols] + [s.a_symbols for s in scenario.layers])])
        self.edge_labels = [self._edge_labels(l, spec.weight_symbols) for l, spec in enumerate(scenario.layers)]
        self.add(self.all_edges(), *self.columns, self.symbols, *self.edge_labels)

    def _edge(self, layer, i, j):
        start, end = self.positions[layer][j], self.positions[layer + 1][i]
        direction = (end - start) / np.linalg.norm(end - start)
        return Line(start + direction * self.radius, end - direction * self.radius, color=theme.EDGE,
                    stroke_width=theme.EDGE_WIDTH)

    def _neuron_symbols(self, column, symbols):
        """Each neuron's symbol just above it, small, so the value can sit inside."""
        return VGroup(*[label(s, theme.LABEL_SIZE - 4, theme.MUTED).next_to(c, np.array([0, 1, 0]), buff=0.06)
                        for c, s in zip(column, symbols)])

    def _edge_labels(self, layer, symbols):
        """Weight symbols along the edges, staggered by target neuron; none when the layer has too many edges."""
        rows = self.edges[layer]
        if len(rows) * len(rows[0]) > theme.MAX_EDGE_LABELS:
            return VGroup()
        out = VGroup()
        for i, row in enumerate(rows):
            t = 0.22 + 0.5 * i / max(1, len(rows) - 1)
            for j, edge in enumerate(row):
                out.add(label(symbols[i][j], theme.LABEL_SIZE - 4).move_to(edge.point_from_proportion(t))
                        .add_background_rectangle(color=theme.BACKGROUND, opacity=0.85, buff=0.03))
        return out

    def all_edges(self, layer=None):
        layers = self.edges if layer is None else [self.edges[layer]]
        return VGroup(*[e for rows in layers for row in rows for e in row])

    def value(self, column, i, tex, color=theme.TEXT):
        """A number placed inside neuron i of a column, scaled to fit."""
        mob = label(tex, theme.LABEL_SIZE - 2, color)
        if mob.width > 2 * self.radius * 0.9:
            mob.scale_to_fit_width(2 * self.radius * 0.9)
        return mob.move_to(self.columns[column][i])

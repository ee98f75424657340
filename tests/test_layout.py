"""The computed layout: neurons inside the graph's region and apart, edge labels on their edges and apart."""
from itertools import combinations, product

import numpy as np
import pytest

from scenes import theme
from scenes.layout import crossings, grid, overlap, place_along


@pytest.mark.parametrize("sizes", [[2, 3], [3, 2, 2], [8, 8], [1, 8, 1], [8] * 6, [4, 8, 8, 8, 8, 3]])
def test_neurons_fit_the_region_and_do_not_touch(sizes):
    columns, radius, spacing = grid(sizes)
    left, right, bottom, top = theme.GRAPH_BOX
    assert [len(c) for c in columns] == sizes
    for col in columns:
        assert np.all(col[:, 0] - radius >= left) and np.all(col[:, 0] + radius <= right - theme.OUTPUT_ROOM + 1e-9)
        assert np.all(col[:, 1] - radius >= bottom) and np.all(col[:, 1] + radius <= top)
    assert spacing > 2 * radius and radius >= theme.MIN_NEURON_RADIUS
    xs = [c[0, 0] for c in columns]
    assert all(b - a > 2 * radius for a, b in zip(xs, xs[1:]))


def test_crossings_finds_where_two_edges_cross_and_only_there():
    x = [((0, 0, 0), (2, 2, 0)), ((0, 2, 0), (2, 0, 0))]
    assert [tuple(np.round(b[:2], 9)) for b in crossings(x)] == [(1.0, 1.0)]
    assert crossings([((0, 0, 0), (2, 0, 0)), ((0, 1, 0), (2, 1, 0))]) == []       # parallel
    assert crossings([((0, 0, 0), (1, 1, 0)), ((2, 0, 0), (3, -1, 0))]) == []      # apart


def test_labels_of_a_dense_layer_sit_on_their_edges_and_apart():
    """Every edge of a 3 -> 3 layer (all nine cross each other) gets a spot on itself clear of the others."""
    left = [np.array([0.0, y, 0]) for y in (1.5, 0, -1.5)]
    right = [np.array([3.0, y, 0]) for y in (1.5, 0, -1.5)]
    segments = [(a, b) for a, b in product(left, right)]
    sizes = [(0.5, 0.25)] * len(segments)
    centres = place_along(segments, sizes, crossings(segments))
    for (a, b), c in zip(segments, centres):
        t = (c - a) @ (b - a) / ((b - a) @ (b - a))
        assert 0.15 < t < 0.85 and np.allclose(a + t * (b - a), c)
    boxes = [(c[0], c[1], w, h) for c, (w, h) in zip(centres, sizes)]
    assert all(overlap(p, q) == 0 for p, q in combinations(boxes, 2))


def test_labels_that_cannot_all_sit_apart_are_not_placed_at_all():
    """Two short parallel edges 0.1 apart have no spots for two 0.5 x 0.25 labels that miss each other: the layer
    gets no labels (the panel lists its weights) rather than two that cover each other."""
    segments = [((0.0, 0.0, 0), (1.0, 0.0, 0)), ((0.0, 0.1, 0), (1.0, 0.1, 0))]
    assert place_along(segments, [(0.5, 0.25)] * 2, []) is None
    assert place_along(segments[:1], [(0.5, 0.25)], []) is not None

"""Geometry computed from the layer sizes, never hand-placed: neuron positions, radii and edge-label spots.

Pure NumPy, so it can be tested without building a scene. A box is (centre x, centre y, width, height).
"""
import numpy as np

from . import theme

SYMBOL_ROOM = 0.34          # height kept above a neuron for its symbol
Box = tuple[float, float, float, float]    # centre x, centre y, width, height
ALONG = sorted(np.linspace(0.18, 0.82, 17), key=lambda t: abs(t - 0.5))


def grid(sizes: list[int], box: tuple = theme.GRAPH_BOX, output_room: float = theme.OUTPUT_ROOM
         ) -> tuple[list[np.ndarray], float, float]:
    """(positions per column, radius, spacing): columns spread over the box, each centred vertically."""
    left, right, bottom, top = box
    top -= SYMBOL_ROOM
    spacing = min(1.8, (top - bottom) / max(sizes))
    radius = float(np.clip(spacing * 0.36, theme.MIN_NEURON_RADIUS, theme.NEURON_RADIUS))
    xs = np.linspace(left + radius + 0.05, right - output_room - radius, len(sizes))
    middle = (top + bottom) / 2
    columns = [np.array([[x, middle + ((n - 1) / 2 - i) * spacing, 0.0] for i in range(n)]) for x, n in zip(xs, sizes)]
    return columns, radius, spacing


def overlap(a: Box, b: Box, pad: float = 0.0) -> float:
    """Area shared by two boxes grown by `pad` on every side; 0 when they are apart."""
    dx = (a[2] + b[2]) / 2 + pad - abs(a[0] - b[0])
    dy = (a[3] + b[3]) / 2 + pad - abs(a[1] - b[1])
    return max(dx, 0.0) * max(dy, 0.0)


def place_along(segments: list, sizes: list[tuple[float, float]], obstacles: list[Box], pad: float = 0.06
                ) -> list[np.ndarray] | None:
    """A centre on each segment for a label of the given size, nearest the middle among spots that hit nothing
    (or, failing that, nothing closer than `pad`); None when some label has no spot clear of every obstacle.

    Labels are placed in order and each becomes an obstacle for the next, so crossing edges get labels apart.
    """
    placed, centres = list(obstacles), []
    for (start, end), (w, h) in zip(segments, sizes):
        spots = [np.asarray(start) + t * (np.asarray(end) - np.asarray(start)) for t in ALONG]
        cost = [sum(overlap((p[0], p[1], w, h), o, pad) for o in placed) for p in spots]
        best = spots[int(np.argmin(cost))]
        if any(overlap((best[0], best[1], w, h), o) for o in placed):
            return None
        placed.append((best[0], best[1], w, h))
        centres.append(best)
    return centres


def crossings(segments: list, size: float = 0.3) -> list[Box]:
    """A small box at every point where two segments cross, so no label sits where it could name either edge."""
    boxes = []
    for k, (p, p2) in enumerate(segments):
        for q, q2 in segments[k + 1:]:
            r, d = np.subtract(p2, p)[:2], np.subtract(q2, q)[:2]
            denom = r[0] * d[1] - r[1] * d[0]
            if abs(denom) < 1e-9:
                continue
            w = np.subtract(q, p)[:2]
            t, u = (w[0] * d[1] - w[1] * d[0]) / denom, (w[0] * r[1] - w[1] * r[0]) / denom
            if 0 < t < 1 and 0 < u < 1:
                boxes.append((p[0] + t * r[0], p[1] + t * r[1], size, size))
    return boxes

"""Where each neuron goes, computed from the layer sizes so any network up to 5 x 8 fits the left of the frame."""
import numpy as np

from . import theme


def neuron_positions(sizes, width=theme.GRAPH_WIDTH, height=6.0, left=-6.9):
    """One array of (x, y, 0) positions per column (inputs first), columns evenly spread, neurons centred."""
    columns = len(sizes)
    xs = np.linspace(left + 0.6, left + width, columns)
    spacing = min(1.3, height / max(sizes))
    return [np.array([[x, (len_ - 1) / 2 * spacing - i * spacing - 0.3, 0.0] for i in range(len_)])
            for x, len_ in zip(xs, sizes)]


def neuron_radius(sizes):
    """Smaller neurons when a column is crowded, never below a legible size."""
    return max(0.24, min(theme.NEURON_RADIUS, 6.0 / max(sizes) / 2.6))

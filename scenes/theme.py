"""The look of every video in one place: colours, sizes, regions of the frame, timings."""
from manim import BLUE_C, GREY_B, GREY_D, ORANGE, RED_C, TEAL_C, WHITE, YELLOW_C

BACKGROUND = "#14161c"
TEXT = WHITE
MUTED = GREY_B
EDGE = GREY_D
NEURON = "#2a2f3a"
FORWARD = TEAL_C            # values travelling forward
BACKWARD = ORANGE           # gradients travelling back
NEGATIVE = BLUE_C           # a gradient below zero (the weight will grow)
POSITIVE = RED_C            # a gradient above zero (the weight will shrink)
TARGET = YELLOW_C

FONT = "DejaVu Sans"        # Text (headings, captions) in Latin, Greek, Cyrillic; formulas are LaTeX
SCRIPT_FONTS = {            # a Unicode block -> the font for text in it (Pango falls back per glyph for the rest)
    (0x0980, 0x09FF): "Noto Sans Bengali",      # Debian fonts-noto-core
}
TITLE_SIZE = 44
HEADING_SIZE = 26
CAPTION_SIZE = 22
FORMULA_SIZE = 28
MIN_FORMULA_SIZE = 20       # a panel line is split, then scaled, but never below this
LABEL_SIZE = 24             # edge labels, symbols, values in neurons
MIN_LABEL_SIZE = 16
NEURON_RADIUS = 0.45
MIN_NEURON_RADIUS = 0.26
EDGE_WIDTH = 2.0
MAX_EDGE_WIDTH = 9.0
MAX_EDGE_LABELS = 12        # more edges than this in a layer: colour and width only, the matrix in the panel
BAR_LENGTH = 1.1            # a probability of 1

# Regions of the 14.2 x 8 frame: (left, right, bottom, top).
HEADING_Y = 3.6
GRAPH_BOX = (-6.85, 0.95, -2.75, 3.05)
OUTPUT_ROOM = 2.05          # right of the output column: target, probability bar or nudge arrow
PANEL_BOX = (1.25, 6.85, -2.95, 3.15)
LEGEND_Y = -2.98
CAPTION_Y = -3.62
TEXT_WIDTH = 13.4           # the widest a heading, caption or title may be

PULSE_TIME = 1.2
WAIT = 0.6

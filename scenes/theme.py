"""The look of every video in one place: colours, sizes, timings."""
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

TITLE_SIZE = 40
BODY_SIZE = 30
LABEL_SIZE = 26
FORMULA_SIZE = 30
NEURON_RADIUS = 0.42
EDGE_WIDTH = 2.0
MAX_EDGE_WIDTH = 9.0
MAX_EDGE_LABELS = 12        # more edges than this per layer: colour and width only, values in the side panel

GRAPH_WIDTH = 4.6           # the network fills the left of the frame, the side panel the right
PANEL_LEFT = 0.7
PULSE_TIME = 1.2
WAIT = 0.6

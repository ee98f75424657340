"""The look of every video in one place: colours, sizes, regions of the frame, timings.

Plain values (colours as hex, Manim's palette names in comments), so layout code can read it without Manim.
"""
BACKGROUND = "#14161C"
TEXT = "#FFFFFF"            # WHITE
MUTED = "#BBBBBB"           # GREY_B
EDGE = "#444444"            # GREY_D
NEURON = "#2A2F3A"
# One meaning per colour (tests/test_theme.py holds them apart): each role below, and the samples' own palette.
FORWARD = "#B189C6"         # PURPLE_B: the forward signal: its pulse, hidden activations, the activation's curve
PROBABILITY = "#5CD0B3"     # TEAL_C: probabilities, in the output neurons and as bars
BACKWARD = "#FF862F"        # ORANGE: gradient values travelling back, and their pulse
NEGATIVE = "#58C4DD"        # BLUE_C: a gradient below zero (the weight will grow)
POSITIVE = "#FC6255"        # RED_C: a gradient above zero (the weight will shrink)
TARGET = "#F7D96F"          # YELLOW_C: the target and the true class
LOSS = "#D147BD"            # PINK: the loss, its box and its curve
ROLES = {"forward": FORWARD, "probability": PROBABILITY, "backward": BACKWARD, "negative": NEGATIVE,
         "positive": POSITIVE, "target": TARGET, "loss": LOSS}
SAMPLE_COLORS = ("#83C167", "#A0785A", "#6C7A89", "#C9B458", "#4F8A5B", "#E8A0BF")   # sample n of a batch, in
#                                                     its framed row, its label and its training curve

FONT = "DejaVu Sans"        # Text (headings, captions) in Latin, Greek, Cyrillic; formulas are LaTeX
SCRIPT_FONTS = {            # a Unicode block -> the font for text in it (Pango falls back per glyph for the rest)
    (0x0980, 0x09FF): "Noto Sans Bengali",      # Debian fonts-noto-core
}
TITLE_SIZE = 44
HEADING_SIZE = 26
CAPTION_SIZE = 22
FORMULA_SIZE = 28
LABEL_SIZE = 24             # edge labels, symbols, values in neurons
EDGE_LABEL_SIZE = 20        # a weight beside its edge: in a 3-2-2 graph the edges are short
LEGEND_SIZE = 21            # the gradient legend and the training curves' tick values
MIN_FONT_SIZE = 19          # no number is drawn smaller: its digits are 8 px tall in a 480p frame
NEURON_RADIUS = 0.45
MIN_NEURON_RADIUS = 0.26
INSIDE_NEURON = 0.78        # the widest a number inside a neuron may be, as a share of its diameter
EDGE_WIDTH = 2.0
EDGE_DEPTH, PULSE_DEPTH = -2, -1   # drawing order: edges, then a pulse along them, then everything else
MAX_EDGE_WIDTH = 9.0
MAX_EDGE_LABELS = 12        # more edges than this in a layer: colour and width only, the matrix in the panel
BAR_LENGTH = 1.1            # a probability of 1

# Regions of the 14.2 x 8 frame: (left, right, bottom, top). Every text stays in the title-safe area, the central
# 90 % of the frame's width and height: |x| <= SAFE_X, |y| <= SAFE_Y.
SAFE_X, SAFE_Y = 6.4, 3.6
HEADING_Y = 3.3
GRAPH_BOX = (-6.4, 0.95, -2.45, 2.95)
OUTPUT_ROOM = 2.05          # right of the output column: target, probability bar or nudge arrow
PANEL_BOX = (1.25, 6.4, -2.75, 3.0)
WIDE_PANEL_BOX = (-0.75, 6.4, -2.75, 3.0)    # a batch: no bars or arrows beside the outputs, the matrices get it
STAGE_BOX = (-6.4, 6.4, -2.75, 3.0)          # the why section's derivation, while the graph yields the stage
LEGEND_Y = -2.58            # under the graph, over a caption of two lines
CAPTION_BOTTOM = -3.55      # the caption's last line sits on this
TEXT_WIDTH = 2 * SAFE_X     # the widest a heading, caption or title may be

PULSE_TIME = 1.2
WAIT = 0.6

NOTE_SIZE = 20              # the muted line that names each step of a section in the panel

# Reading pace (lesson.pace.Pace): seconds to read a new line of a formula or a heading, and each number, fraction
# or sum on it; each word of a caption; the least a section's finished panel stands before it clears.
# display.pace scales them.
READING = (1.0, 0.3, 0.3, 2.5)

# The contact sheet (render.py sheet): tiles per row, the title bar and the gaps as fractions of a tile's height.
SHEET_COLUMNS = 2
SHEET_BAR, SHEET_GAP = 0.09, 0.03
SHEET_BACKGROUND = "#000000"

"""The limits every scenario file must stay within, so `check` of any accepted file answers in bounded time and memory.

No lecture example comes near them (the largest has 3 classes, 2 layers, 4 samples, 5 steps and 4 KB); the README's
"Limits" lists them and `bench/limits.py` measures `check` on the largest files they accept.
"""

FILE_BYTES = 32 * 1024            # size of the file, checked before it is parsed
DEPTH = 16                        # nesting of lists and mappings (a scenario needs 6)
VALUES = 20_000                   # values in the document once aliases are expanded (a billion laughs stops here)
NUMBER_CHARS = 400                # characters of one number literal (float64 needs at most 309 digits and a sign)
WIDTH = 32                        # input features, neurons in a layer, classes
LAYERS = 8
BATCH = 32                        # samples in a batch
STEPS = 200
STEP_NUMBERS = 25_000             # per-sample numbers of one step: batch x (weights + classes^2)
RUN_NUMBERS = 500_000             # steps x per-sample numbers of a step: what training keeps
LAYER_STEPS = 400                 # steps x layers: what training costs in Python
TITLE_CHARS = 60                  # characters of text shown on screen: the most that stays readable at 480p
DESCRIPTION_CHARS = 130           #   (a caption is two lines of about 90, a heading one line of about 75)
HEADING_CHARS = 70
CAPTION_CHARS = 170
VARIANTS = 999                    # variants of one seed (`render.py variant -n`), numbered from 1
SEED = 2 ** 32 - 1                # the largest seed of a variant
QUOTED_CHARS = 40                 # a value quoted in an error message is cut to this many characters
MESSAGE_CHARS = 400               # an error line is cut to this many characters

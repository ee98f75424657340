"""NumericError and the finiteness checks that raise it: overflow from finite inputs is named, never returned as NaN."""
import numpy as np


class NumericError(ValueError):
    """A quantity stopped being finite although every input was finite; the message names the layer and quantity.

    `layer` and `quantity` say where (layer is None for the loss); `steps` holds the finite steps before the one
    that diverged when raised by `Network.train`, so `len(error.steps)` is the index of that step.
    """

    def __init__(self, message: str, layer: str | None = None, quantity: str = "", steps: tuple = ()):
        super().__init__(message)
        self.layer, self.quantity, self.steps = layer, quantity, list(steps)


def require_finite(values: np.ndarray, quantity: str, layer: str | None = None) -> None:
    """Raise NumericError unless every entry of `values` is finite; `quantity` and `layer` name it in the message."""
    if not np.isfinite(values).all():
        where = f"layer {layer!r}: " if layer is not None else ""
        raise NumericError(f"{where}{quantity} is not finite: {np.asarray(values).dtype} overflowed "
                           f"although the inputs were finite", layer, quantity)

"""The numeric core: softmax, cross-entropy and backpropagation through dense layers, in NumPy float64."""
from .activations import ACTIVATIONS, NAMES, SOFTMAX, Activation, sigmoid
from .gradcheck import max_gradient_error, numerical_gradient, numerical_gradients
from .network import Backward, Dense, Forward, LayerBackward, LayerForward, Network, Step, check_targets
from .softmax import (cross_entropy, dloss_dprobs, dlogits_shortcut, dlogits_via_jacobian, log_softmax,
                      mean_cross_entropy, softmax, softmax_jacobian)

__all__ = [
    "ACTIVATIONS", "Activation", "Backward", "Dense", "Forward", "LayerBackward", "LayerForward", "NAMES", "Network",
    "SOFTMAX", "Step", "check_targets", "cross_entropy", "dloss_dprobs", "dlogits_shortcut", "dlogits_via_jacobian",
    "log_softmax", "max_gradient_error", "mean_cross_entropy", "numerical_gradient", "numerical_gradients", "sigmoid",
    "softmax", "softmax_jacobian",
]

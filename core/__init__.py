"""The numeric core: softmax, cross-entropy and backpropagation through dense layers, in NumPy (float64 by default)."""
from .activations import ACTIVATIONS, NAMES, SOFTMAX, Activation, sigmoid
from .gradcheck import max_gradient_error, numerical_gradient, numerical_gradients
from .network import Dense, Network, check_targets
from .numeric import NumericError
from .softmax import (complement, cross_entropy, cross_entropy_from_log_probs, dloss_dprobs, dlogits_shortcut,
                      dlogits_via_jacobian, exp_shifted, log_softmax, mean_cross_entropy, softmax, softmax_jacobian)
from .traces import Backward, Forward, LayerBackward, LayerForward, SampleExtras, Step

__all__ = [
    "ACTIVATIONS", "Activation", "Backward", "Dense", "Forward", "LayerBackward", "LayerForward", "NAMES", "Network",
    "NumericError", "SOFTMAX", "SampleExtras", "Step", "check_targets", "complement", "cross_entropy",
    "cross_entropy_from_log_probs", "dloss_dprobs", "dlogits_shortcut", "dlogits_via_jacobian", "exp_shifted",
    "log_softmax", "max_gradient_error", "mean_cross_entropy", "numerical_gradient", "numerical_gradients", "sigmoid",
    "softmax", "softmax_jacobian",
]

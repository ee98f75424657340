"""Softmax, cross-entropy and the two ways to reach dL/dz: the Jacobian chain and the p - y shortcut.

Every function takes one sample as a vector or a batch as a matrix with one row per sample.
"""
import numpy as np


def softmax(z):
    """e^z / sum e^z along the last axis, shifted by the row maximum so large logits cannot overflow."""
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def log_softmax(z):
    """ln softmax(z), computed as z - max - ln sum e^(z - max) so it stays finite where softmax underflows."""
    shifted = z - np.max(z, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


def cross_entropy(logits, y):
    """Per-sample loss -sum_i y_i ln p_i from the logits; y may be one-hot or any probability vector."""
    return -np.sum(np.where(y != 0, y * log_softmax(logits), 0.0), axis=-1)


def mean_cross_entropy(logits, y):
    """The batch loss: the mean of the per-sample losses (the 1/N of the mini-batch formula)."""
    return float(np.mean(cross_entropy(logits, y)))


def dloss_dprobs(p, y):
    """dL/dp = -y / p for one sample's loss, taken as 0 where y is 0 (those terms are absent from L)."""
    return -np.divide(y, p, out=np.zeros_like(p, dtype=float), where=y != 0)


def softmax_jacobian(p):
    """dp_i/dz_j = p_i (delta_ij - p_j) = diag(p) - p p^T; a batch gives one K x K matrix per sample."""
    p = np.asarray(p, dtype=float)
    return np.einsum("...i,ij->...ij", p, np.eye(p.shape[-1])) - np.einsum("...i,...j->...ij", p, p)


def dlogits_via_jacobian(p, dL_dp):
    """dL/dz = J^T dL/dp: the full chain rule through the softmax Jacobian (J is symmetric)."""
    return np.einsum("...ji,...j->...i", softmax_jacobian(p), dL_dp)


def dlogits_shortcut(p, y):
    """dL/dz = p - y, which the Jacobian chain reduces to whenever the target sums to 1."""
    return p - y

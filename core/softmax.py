"""Softmax, cross-entropy and the two ways to reach dL/dz: the Jacobian chain and the shortcut p·Σy − y.

Every function takes one sample as a vector (K) or a batch as a matrix with one row per sample (N x K), keeps a
float32 input in float32, and prints no NumPy warning: an overflow shows as inf, which `Network` turns into a
NumericError naming the layer. Probabilities that underflow to 0 are expected and exact in floating point.
"""
import numpy as np

from .numeric import NumericError


def _floating(values) -> np.ndarray:
    """`values` as a float array: float32 stays float32, anything else becomes float64."""
    a = np.asarray(values)
    return a if a.dtype in (np.float32, np.float64) else a.astype(np.float64)


def row_sum(a: np.ndarray) -> np.ndarray:
    """The sum along the last axis, keeping it (N x 1): einsum, as NumPy's sum loops per row over short rows."""
    return np.einsum("...i->...", a)[..., None]


def row_max(z: np.ndarray) -> np.ndarray:
    """The maximum along the last axis, keeping it (N x 1), taken a class at a time (fast for short rows)."""
    top = np.array(z[..., 0])
    for k in range(1, z.shape[-1]):
        np.maximum(top, z[..., k], out=top)
    return top[..., None]


def exp_shifted(z: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(z - max, e^(z - max), the sum of e over every class but one top one, with kept last axis).

    A top class has e = 1 exactly, so the sum of e is 1 + rest, and ln of it is log1p(rest): exact even when
    rest is below float64's 1e-16 and the top probability rounds to 1.
    """
    z = _floating(z)
    with np.errstate(all="ignore"):
        shifted = z - row_max(z)
        e = np.exp(shifted)
        below = shifted < 0
        extra_tops = z.shape[-1] - 1 - np.count_nonzero(below, axis=-1)[..., None]
        return shifted, e, np.einsum("...i,...i->...", e, below)[..., None] + extra_tops.astype(e.dtype)


def softmax(z: np.ndarray) -> np.ndarray:
    """e^z / sum e^z along the last axis, shifted by the row maximum so large logits cannot overflow."""
    _, e, rest = exp_shifted(z)
    return e / (1.0 + rest)


def log_softmax(z: np.ndarray) -> np.ndarray:
    """ln softmax(z) = z - max - log1p(rest): finite where softmax underflows, nonzero where it rounds to 1."""
    shifted, _, rest = exp_shifted(z)
    return shifted - np.log1p(rest)


def complement(p: np.ndarray, log_p: np.ndarray) -> np.ndarray:
    """1 - p per entry, exact where p rounds to 1: -expm1(ln p) where p > 1/2, the only place that can happen."""
    c = 1.0 - p
    big = p > 0.5
    c[big] = -np.expm1(log_p[big])
    return c


def cross_entropy_from_log_probs(log_p: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Per-sample loss -sum_i y_i ln p_i from ln p; terms with y_i = 0 are absent (never 0 * -inf)."""
    with np.errstate(all="ignore"):
        losses = -np.einsum("...i,...i->...", y, log_p)
        if np.isfinite(losses).all():
            return losses
        return -np.sum(np.where(y != 0, y * log_p, 0.0), axis=-1)


def cross_entropy(logits: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Per-sample loss -sum_i y_i ln p_i from the logits; y may be one-hot or any probability vector."""
    return cross_entropy_from_log_probs(log_softmax(logits), y)


def mean_cross_entropy(logits: np.ndarray, y: np.ndarray) -> float:
    """The batch loss: the mean of the per-sample losses (the 1/N of the mini-batch formula)."""
    return float(np.mean(cross_entropy(logits, y)))


def dloss_dprobs(p: np.ndarray, y: np.ndarray) -> np.ndarray:
    """dL/dp = -y / p for one sample's loss, 0 where y is 0 (absent terms) and -inf where p underflowed to 0."""
    p = _floating(p)
    with np.errstate(divide="ignore"):
        return -np.divide(y, p, out=np.zeros_like(p), where=y != 0)


def softmax_jacobian(p: np.ndarray, one_minus_p: np.ndarray | None = None) -> np.ndarray:
    """dp_i/dz_j = p_i (delta_ij - p_j) = diag(p) - p p^T; a batch gives one K x K matrix per sample.

    The diagonal is p_i (1 - p_i), with `one_minus_p` (see `complement`) when given, so it keeps its size where p
    rounds to 1.
    """
    p = _floating(p)
    with np.errstate(under="ignore"):
        J = -np.einsum("...i,...j->...ij", p, p)
        diagonal = np.einsum("...ii->...i", J)
        diagonal[...] = p * (1.0 - p if one_minus_p is None else one_minus_p)
        return J


def dlogits_via_jacobian(p: np.ndarray, dL_dp: np.ndarray, y: np.ndarray | None = None,
                         one_minus_p: np.ndarray | None = None) -> np.ndarray:
    """dL/dz = J^T dL/dp: the full chain rule through the softmax Jacobian (J is symmetric; `one_minus_p` as there).

    Where p_j underflowed to 0 and dL/dp_j = -y_j/p_j is -inf, each term J_ji dL/dp_j is 0 * inf in floating point;
    given the target y it is taken at its limit -y_j (delta_ij - p_i), so the road stays finite and equals the
    shortcut. Without y such a term raises NumericError rather than returning NaN.
    """
    p, g = _floating(p), _floating(dL_dp)
    blocked = (p == 0) & np.isinf(g)
    if np.any(blocked) and y is None:
        raise NumericError("dL/dp is infinite where p underflowed to 0: pass the target y to take the limit",
                           quantity="dL/dp")
    with np.errstate(under="ignore"):
        chain = np.einsum("...ji,...j->...i", softmax_jacobian(p, one_minus_p), np.where(blocked, 0.0, g))
        if y is None or not np.any(blocked):
            return chain
        stuck = np.where(blocked, _floating(y), 0.0)
        return chain - stuck + p * row_sum(stuck)


def dlogits_shortcut(p: np.ndarray, y: np.ndarray, one_minus_p: np.ndarray | None = None) -> np.ndarray:
    """dL/dz = p·Σy − y, the exact gradient of −Σ y ln p (p − y when Σy is exactly 1).

    Written p (Σy − y) − y (1 − p), a difference of non-negative terms; pass `one_minus_p` (see `complement`) to
    keep dz of a class whose p rounds to 1 (by default it is 1 − p, which is then 0).
    """
    with np.errstate(under="ignore"):
        dz = row_sum(y) - y
        dz *= p
        dz -= y * (1.0 - p if one_minus_p is None else one_minus_p)
        return dz

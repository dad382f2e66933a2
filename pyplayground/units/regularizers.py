"""The four image regularizers of Yosinski et al. 2015 (section 3), each a pure function.

Images are ``x (n, c, h, w)``; every function returns a new array.
"""
import numpy as np


def l2_decay(x, decay):
    """``r(x) = (1 - decay) * x``: pulls every pixel towards 0 (black background for digits)."""
    return (1.0 - float(decay)) * x


def gaussian_kernel(sigma):
    """Normalized 1-D Gaussian of standard deviation ``sigma`` px, radius ``ceil(3 sigma)``."""
    radius = max(1, int(np.ceil(3.0 * sigma)))
    t = np.arange(-radius, radius + 1, dtype=np.float64)
    k = np.exp(-0.5 * (t / sigma) ** 2)
    return k / k.sum()


def gaussian_blur(x, sigma):
    """Separable Gaussian blur of each image over (h, w), edges reflected; ``sigma <= 0``: unchanged."""
    if sigma <= 0:
        return x.copy()
    k = gaussian_kernel(sigma)
    r = len(k) // 2
    out = np.asarray(x, dtype=np.float64)
    for axis in (2, 3):
        pad = [(0, 0)] * 4
        pad[axis] = (r, r)
        padded = np.pad(out, pad, mode="reflect")
        size = out.shape[axis]
        out = sum(k[i] * np.take(padded, np.arange(i, i + size), axis=axis) for i in range(len(k)))
    return out.astype(x.dtype, copy=False)


def _percentile_mask(values, pct):
    """True where ``values (n, h, w)`` is below each image's ``pct``-th percentile."""
    flat = values.reshape(len(values), -1)
    cut = np.percentile(flat, pct, axis=1)
    return values < cut[:, None, None]


def clip_small_norm(x, pct):
    """Zero the pixels whose norm over channels is in the lowest ``pct`` percent of the image."""
    if pct <= 0:
        return x.copy()
    mask = _percentile_mask(np.sqrt((x * x).sum(axis=1)), pct)
    return np.where(mask[:, None], 0.0, x).astype(x.dtype, copy=False)


def clip_small_contribution(x, grad, pct):
    """Zero the pixels of small contribution ``|sum over channels of x * d a / d x|`` (a first-order
    estimate of how much the activation would change if the pixel were set to 0), lowest ``pct`` percent."""
    if pct <= 0:
        return x.copy()
    mask = _percentile_mask(np.abs((x * grad).sum(axis=1)), pct)
    return np.where(mask[:, None], 0.0, x).astype(x.dtype, copy=False)

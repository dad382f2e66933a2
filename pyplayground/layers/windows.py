"""Sliding windows over images without copying, for convolution and pooling.

numpy 1.17 (the browser's) has no ``sliding_window_view``, so the view is built with
``as_strided``. Shapes: ``x (n, c, h, w)``; windows ``(n, c, kh, kw, oh, ow)`` with
``windows[n, c, a, b, i, j] = x[n, c, i*stride + a, j*stride + b]``.
"""
import numpy as np
from numpy.lib.stride_tricks import as_strided


def out_size(size, kernel, stride, padding):
    """Output length along one axis (PyTorch's floor rule)."""
    return (size + 2 * padding - kernel) // stride + 1


def pad(x, padding):
    """``x (n, c, h, w)`` with ``padding`` zeros around h and w (a slice assignment: numpy 1.17's
    ``np.pad`` is several times slower for these small images)."""
    if not padding:
        return x
    n, c, h, w = x.shape
    out = np.zeros((n, c, h + 2 * padding, w + 2 * padding), dtype=x.dtype)
    out[:, :, padding:padding + h, padding:padding + w] = x
    return out


def windows(x, kh, kw, stride):
    """Read-only view ``(n, c, kh, kw, oh, ow)`` of the ``kh x kw`` windows of ``x``, ``stride`` apart."""
    n, c, h, w = x.shape
    oh, ow = out_size(h, kh, stride, 0), out_size(w, kw, stride, 0)
    sn, sc, sh, sw = x.strides
    return as_strided(x, shape=(n, c, kh, kw, oh, ow),
                      strides=(sn, sc, sh, sw, sh * stride, sw * stride), writeable=False)


def scatter_windows(d_windows, padded_shape, stride, padding):
    """Adjoint of :func:`windows` then :func:`pad`: add ``d_windows (n, c, kh, kw, oh, ow)`` back
    onto the image; returns ``d_x`` of the unpadded shape. One strided add per kernel position."""
    n, c, kh, kw, oh, ow = d_windows.shape
    d_xp = np.zeros(padded_shape, dtype=d_windows.dtype)
    for a in range(kh):
        for b in range(kw):
            d_xp[:, :, a:a + stride * (oh - 1) + 1:stride, b:b + stride * (ow - 1) + 1:stride] += d_windows[:, :, a, b]
    if padding:
        d_xp = d_xp[:, :, padding:-padding, padding:-padding]
    return d_xp

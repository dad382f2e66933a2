"""Numbers that summarize a landscape, so surfaces of different models can be compared.

Li et al. 2018 compare landscapes by eye (sections 5-6); these make the comparison a number:
- :func:`roughness`: mean absolute discrete Laplacian of the log-loss surface;
- :func:`eig_ratio`: the paper's ``|lambda_min / lambda_max|`` (section 6, figure 7);
- :func:`curve_spread`: how far 1-D curves along different random directions differ (section 5);
- :func:`sharpness`: the curvature of a 1-D curve at its centre (sections 3-4).
"""
import numpy as np


def roughness(loss):
    """Mean over interior points of ``|L[i-1,j] + L[i+1,j] + L[i,j-1] + L[i,j+1] - 4 L[i,j]|``
    for ``L = log(loss)``, ``loss (rows, cols)`` on a regular grid, in grid steps.

    The log makes it independent of the loss's scale (a surface ten times higher is not
    rougher), and a smooth bowl ``c * r**2`` scores near zero away from its centre (``log r**2``
    is harmonic in 2-D), so what counts is bumps, ridges and pits: the chaotic landscapes the
    paper shows for deep nets without skips. Only surfaces on the same grid are comparable.
    """
    L = np.log(np.maximum(np.asarray(loss, np.float64), 1e-12))
    if L.ndim != 2 or min(L.shape) < 3:
        raise ValueError("roughness needs a 2-D grid of at least 3x3, got shape %r" % (L.shape,))
    lap = L[:-2, 1:-1] + L[2:, 1:-1] + L[1:-1, :-2] + L[1:-1, 2:] - 4.0 * L[1:-1, 1:-1]
    return float(np.mean(np.abs(lap)))


def eig_ratio(lambda_max, lambda_min):
    """``|lambda_min / lambda_max|`` elementwise (0 where ``lambda_max`` is 0): near 0 where the
    surface is convex, large where negative curvature is as strong as the positive (figure 7)."""
    lmax, lmin = np.asarray(lambda_max, np.float64), np.asarray(lambda_min, np.float64)
    safe = np.where(lmax == 0, 1.0, lmax)
    return np.where(lmax == 0, 0.0, np.abs(lmin / safe))


def curve_spread(losses, alphas, min_abs_alpha=0.2):
    """Mean over ``|alpha| >= min_abs_alpha`` of ``std / mean`` across directions of the loss.

    ``losses (k, n)``: k curves over ``alphas (n,)``. 0.05 means the curves along different
    random filter-normalized directions differ by about 5% of the loss: they nearly coincide,
    as the paper reports. Points near 0 are left out: there every curve is at the minimum.
    """
    losses, alphas = np.asarray(losses, np.float64), np.asarray(alphas, np.float64)
    if losses.ndim != 2 or losses.shape[1] != alphas.shape[0] or losses.shape[0] < 2:
        raise ValueError("losses must be (k >= 2, len(alphas)), got %r" % (losses.shape,))
    keep = np.abs(alphas) >= min_abs_alpha
    return float(np.mean(losses[:, keep].std(axis=0) / losses[:, keep].mean(axis=0)))


def sharpness(alphas, loss, radius=0.2):
    """``c`` of the least-squares fit ``loss(alpha) - loss(0) = c * alpha**2`` over ``|alpha| <= radius``.

    ``alphas (n,)`` must contain 0. Larger is sharper; only comparable between curves whose
    directions are normalized alike (filter-normalized: across models, the paper's point)."""
    alphas, loss = np.asarray(alphas, np.float64), np.asarray(loss, np.float64)
    zero = np.flatnonzero(alphas == 0)
    if len(zero) != 1:
        raise ValueError("alphas must contain 0 exactly once")
    near = (np.abs(alphas) <= radius) & (alphas != 0)
    a2 = alphas[near] ** 2
    return float(np.sum(a2 * (loss[near] - loss[zero[0]])) / np.sum(a2 * a2))

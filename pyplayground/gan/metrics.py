"""How close the generated points are to the real ones, as GAN Lab measures it, plus mode coverage.

Densities are histograms on a ``GRID`` x ``GRID`` grid of equal cells over the unit square (points
outside count in the nearest border cell). With ``p`` the real and ``q`` the generated cell
probabilities and ``m = (p + q) / 2``, in nats:
- ``js = 0.5 * sum p log(p / m) + 0.5 * sum q log(q / m)`` (bounded by log 2; empty cells add 0);
- ``kl = sum p log(p / q')`` with ``q' = (counts + ALPHA) / (n + ALPHA * GRID^2)``, the generated
  histogram with a pseudo-count of ``ALPHA`` per cell, so a real cell no generated point reaches
  costs a large but finite amount.
A mode of the real data (:mod:`pyplayground.gan.data`) is covered when at least ``COVERED_SHARE``
of its fair share ``1 / len(modes)`` of the generated points fall in it (within 3 std of a
Gaussian's centre, or inside a box): mode collapse shows as a count below ``len(modes)``.
"""
import numpy as np

GRID = 30
ALPHA = 0.01
COVERED_SHARE = 0.2


def histogram(points, grid=GRID):
    """Cell probabilities ``(grid * grid,)`` of ``points (n, 2)`` on the unit square, row = y."""
    points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    cells = np.clip(np.floor(points * grid), 0, grid - 1).astype(np.intp)   # bincount wants intp (int32 in Pyodide)
    counts = np.bincount(cells[:, 1] * grid + cells[:, 0], minlength=grid * grid).astype(np.float64)
    return counts / max(len(points), 1), counts


def _plogp_over(p, q):
    mask = p > 0
    return float(np.sum(p[mask] * np.log(p[mask] / q[mask])))


def js_divergence(real, fake, grid=GRID):
    p, _ = histogram(real, grid)
    q, _ = histogram(fake, grid)
    m = 0.5 * (p + q)
    return 0.5 * _plogp_over(p, m) + 0.5 * _plogp_over(q, m)


def kl_divergence(real, fake, grid=GRID, alpha=ALPHA):
    p, _ = histogram(real, grid)
    _, counts = histogram(fake, grid)
    q = (counts + alpha) / (len(np.asarray(fake).reshape(-1, 2)) + alpha * grid * grid)
    return _plogp_over(p, q)


def in_mode(points, mode):
    """Which of ``points (n, 2)`` lie in ``mode`` (a bool array)."""
    points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    if mode[0] == "gaussian":
        _, centre, std = mode
        return np.sum((points - np.asarray(centre)) ** 2, axis=1) <= (3.0 * std) ** 2
    _, low, high = mode
    return np.all((points >= np.asarray(low)) & (points <= np.asarray(high)), axis=1)


def modes_covered(fake, modes, share=COVERED_SHARE):
    """How many of ``modes`` hold at least ``share / len(modes)`` of the ``fake`` points."""
    fake = np.asarray(fake, dtype=np.float64).reshape(-1, 2)
    if not modes or len(fake) == 0:
        return 0
    need = share / len(modes) * len(fake)
    return int(sum(int(np.count_nonzero(in_mode(fake, mode)) >= need) for mode in modes))

"""Choosing which of many polylines (one neuron's metric over time each) to draw.

Lines are compared as points in "line space": a line is its values at the T snapshots, the
distance between two lines the Euclidean distance of those vectors (the series are put on one
scale first by the caller, e.g. divided by the layer's overall spread).
- :func:`blue_noise_sample`: Poisson-disk ("dart throwing") sampling in line space, as DGMTracker's
  blue-noise polyline sampling: lines are visited in a seeded random order and one is kept when it
  lies at least ``r`` from every line kept so far; ``r`` is the largest radius (found by bisection)
  at which at least ``k`` lines are kept, and the first ``k`` kept are the sample. Samples spread
  out over line space, so rare outlying lines survive where random sampling tends to drop them.
- :func:`outliers`: the most outlying lines, measured as each line's distance to its nearest other
  line; the top ``share`` of lines (at least one) by that distance.
"""
import numpy as np


def _distances(lines):
    lines = np.asarray(lines, dtype=np.float64)
    sq = np.sum(lines * lines, axis=1)
    d2 = sq[:, None] + sq[None, :] - 2.0 * lines @ lines.T
    return np.sqrt(np.maximum(d2, 0.0))


def _darts(dist, order, r):
    kept = []
    for i in order:
        if all(dist[i, j] >= r for j in kept):
            kept.append(int(i))
    return kept


def blue_noise_sample(lines, k, seed=0, iterations=40):
    """Indices of ``k`` lines of ``lines (n, T)`` spread out in line space (module docstring)."""
    n = len(lines)
    k = int(min(max(k, 0), n))
    if k == n:
        return list(range(n))
    dist = _distances(lines)
    order = np.random.default_rng(seed).permutation(n)
    low, high = 0.0, float(dist.max()) + 1.0       # at r = 0 every line is kept; at high only one
    for _ in range(iterations):
        mid = 0.5 * (low + high)
        if len(_darts(dist, order, mid)) >= k:
            low = mid
        else:
            high = mid
    return sorted(_darts(dist, order, low)[:k])


def random_sample(n, k, seed=0):
    """``k`` of ``range(n)`` drawn uniformly without replacement (sorted)."""
    return sorted(int(i) for i in np.random.default_rng(seed).choice(n, size=int(min(k, n)), replace=False))


def nearest_distances(lines):
    dist = _distances(lines)
    np.fill_diagonal(dist, np.inf)
    return dist.min(axis=1)


def outliers(lines, share=0.01):
    """Indices of the ``share`` most outlying lines (at least one), by nearest-neighbour distance."""
    if len(lines) < 2:
        return list(range(len(lines)))
    count = max(1, int(round(share * len(lines))))
    return sorted(int(i) for i in np.argsort(-nearest_distances(lines), kind="stable")[:count])


def min_pairwise_distance(lines, indices):
    """The smallest distance between two of the chosen lines (inf for fewer than two)."""
    if len(indices) < 2:
        return float("inf")
    dist = _distances(np.asarray(lines)[list(indices)])
    np.fill_diagonal(dist, np.inf)
    return float(dist.min())

"""k-means (Lloyd's algorithm, k-means++ seeding), deterministic for a seed; NumPy only."""
import numpy as np


def kmeans(points, k, seed=0, iterations=100):
    """``(labels (n,), centres (k, d))`` of ``points (n, d)``; clusters are numbered by their
    first member, so equal inputs give equal labels. ``k`` is capped at the number of distinct points."""
    x = np.asarray(points, dtype=np.float64)
    n = len(x)
    k = int(max(1, min(k, len(np.unique(x, axis=0)) if n else 1)))
    if n == 0:
        return np.zeros(0, dtype=int), np.zeros((0, x.shape[1] if x.ndim == 2 else 0))
    rng = np.random.default_rng(seed)
    centres = [x[rng.integers(n)]]
    for _ in range(1, k):
        d2 = np.min([np.sum((x - c) ** 2, axis=1) for c in centres], axis=0)
        total = d2.sum()
        centres.append(x[rng.choice(n, p=d2 / total)] if total > 0 else x[rng.integers(n)])
    centres = np.array(centres)
    labels = np.zeros(n, dtype=int)
    for _ in range(iterations):
        d2 = np.sum((x[:, None, :] - centres[None, :, :]) ** 2, axis=2)
        new = np.argmin(d2, axis=1)
        for j in range(k):
            if np.any(new == j):
                centres[j] = x[new == j].mean(axis=0)
        if np.array_equal(new, labels) and _ > 0:
            break
        labels = new
    # renumber by first appearance
    order = {}
    for label in labels:
        order.setdefault(int(label), len(order))
    return np.array([order[int(l)] for l in labels]), centres[[j for j, _ in sorted(order.items(), key=lambda t: t[1])]]

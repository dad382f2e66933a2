"""Region perturbation: how fast does the class score fall when the regions a heatmap calls
most relevant are destroyed first? (Samek, Binder, Montavon, Lapuschkin, Mueller 2017.)

Regions: the image is cut into non-overlapping ``patch x patch`` squares (4x4 on 28x28 gives
a 7x7 grid of 49 regions; the paper used 9x9 patches on 224x224 images, a similar share of
the image per step), ranked by the heatmap's sum inside them. Step k replaces the k-th
region with uniform noise in [low, high] (the pixel range; one noise image per input and seed), so ``x_0 = x`` and ``x_L`` has L
regions replaced. The score ``f`` is the softmax probability of the explained class.

- MoRF (most relevant first) curve and ``AOPC = 1/(L+1) * mean over images of
  sum_{k=0..L} (f(x_0) - f(x_k))`` (the paper's eq. 12): higher means a better heatmap.
- LeRF (least relevant first) and ``ABPC = mean of 1/(L+1) * sum_k (f(x_k^LeRF) - f(x_k^MoRF))``.
- "random": regions in a random order, the baseline any heatmap should beat.
"""
import numpy as np

from ..outputs import softmax
from .canonize import as_layers
from .. import layers as L

ORDERS = ("morf", "lerf", "random")


def region_scores(heatmaps, patch):
    """Sum of each heatmap over its ``patch x patch`` regions: ``(n, gh*gw)`` for ``(n, 1, h, w)`` maps."""
    n, c, h, w = heatmaps.shape
    gh, gw = h // patch, w // patch
    cropped = heatmaps[:, :, :gh * patch, :gw * patch].sum(axis=1)
    return cropped.reshape(n, gh, patch, gw, patch).sum(axis=(2, 4)).reshape(n, gh * gw)


def perturbation_curves(model, X, heatmaps, target, order="morf", patch=4, steps=None, seed=0,
                        low=0.0, high=1.0):
    """``f(x_k)`` for k = 0..L: ``(n, L+1)``; ``target (n,)`` the explained classes."""
    if order not in ORDERS:
        raise ValueError("unknown order %r; valid: %s" % (order, ", ".join(map(repr, ORDERS))))
    X = np.array(X, dtype=np.float64)
    n, c, h, w = X.shape
    gw = w // patch
    scores = region_scores(np.asarray(heatmaps, np.float64).reshape(X.shape), patch)
    total = scores.shape[1]
    steps = total if steps is None else min(int(steps), total)
    rng = np.random.default_rng(seed)
    if order == "random":
        ranking = np.stack([rng.permutation(total) for _ in range(n)])
    else:
        # Stable sort; ties keep region order, so a constant heatmap gives a fixed order.
        ranking = np.argsort(-scores if order == "morf" else scores, axis=1, kind="stable")
    chain = L.Chain(as_layers(model))
    chain.set_training(False)
    target = np.asarray(target).reshape(n)
    rows = np.arange(n)
    curves = np.empty((n, steps + 1))
    curves[:, 0] = softmax(chain.forward(X))[rows, target]
    # One noise image per input: a region gets the same noise whatever step it is replaced at,
    # so MoRF, LeRF and random orders differ only in their order.
    noise = rng.uniform(low, high, size=X.shape)
    for k in range(steps):
        for i in range(n):
            r, q = divmod(int(ranking[i, k]), gw)
            sl = (i, slice(None), slice(r * patch, (r + 1) * patch), slice(q * patch, (q + 1) * patch))
            X[sl] = noise[sl]
        curves[:, k + 1] = softmax(chain.forward(X))[rows, target]
    return curves


def aopc(curves):
    """Area over the perturbation curve (Samek et al. 2017, eq. 12) per image: ``(n,)``."""
    curves = np.asarray(curves)
    return (curves[:, :1] - curves).sum(axis=1) / curves.shape[1]


def abpc(morf, lerf):
    """Area between the LeRF and MoRF curves per image: ``(n,)``."""
    return (np.asarray(lerf) - np.asarray(morf)).sum(axis=1) / np.shape(morf)[1]


def mean_and_interval(values):
    """Mean and a normal 95% confidence half-width, ``1.96 * std / sqrt(count)``."""
    values = np.asarray(values, dtype=np.float64).ravel()
    half = 1.96 * values.std(ddof=1) / np.sqrt(len(values)) if len(values) > 1 else float("nan")
    return float(values.mean()), float(half)

"""Region perturbation: how fast does the class score fall when the regions a heatmap calls
most relevant are destroyed first? (Samek, Binder, Montavon, Lapuschkin, Mueller 2017.)

Regions: the image is cut into non-overlapping ``patch x patch`` squares (2x2 on 28x28 gives
a 14x14 grid of 196 regions; the paper used 9x9 patches on 224x224 images; the pipeline's
choice of patch and L is argued in pipeline/relevance/jobs.py), ranked by the heatmap's sum
inside them. Step k replaces the k-th region with uniform noise in [low, high] (the pixel
range; one noise image per input and seed; ``low = high = 0`` erases instead), so ``x_0 = x``
and ``x_L`` has L regions replaced. The score ``f`` is the softmax probability of the
explained class.

- MoRF (most relevant first) curve and ``AOPC = 1/(L+1) * mean over images of
  sum_{k=0..L} (f(x_0) - f(x_k))`` (the paper's eq. 12): higher means a better heatmap.
- LeRF (least relevant first) and ``ABPC = mean of 1/(L+1) * sum_k (f(x_k^LeRF) - f(x_k^MoRF))``.
- "random": regions in a random order, the baseline any heatmap should beat
  (equivalently, MoRF on :func:`random_heatmaps`, whose LeRF is that order reversed).

Complexity (the paper's section on heatmap complexity): the size of the heatmap stored as a
losslessly compressed image, :func:`compressed_size` (an 8-bit grey PNG).
"""
import struct
import zlib

import numpy as np

from ..outputs import softmax
from .canonize import as_layers
from .. import layers as L

ORDERS = ("morf", "lerf", "random")
TIES = ("random", "first")


def region_scores(heatmaps, patch):
    """Sum of each heatmap over its ``patch x patch`` regions: ``(n, gh*gw)`` for ``(n, 1, h, w)`` maps."""
    n, c, h, w = heatmaps.shape
    gh, gw = h // patch, w // patch
    cropped = heatmaps[:, :, :gh * patch, :gw * patch].sum(axis=1)
    return cropped.reshape(n, gh, patch, gw, patch).sum(axis=(2, 4)).reshape(n, gh * gw)


def perturbation_curves(model, X, heatmaps, target, order="morf", patch=4, steps=None, seed=0,
                        low=0.0, high=1.0, ties="random", dtype=np.float64):
    """``f(x_k)`` for k = 0..L: ``(n, L+1)``; ``target (n,)`` the explained classes.

    ``low = high`` replaces regions by that constant instead of noise (0: erase the ink).
    ``dtype``: of the forward passes (float32 halves the time for a float32 model; the
    scores are float64 either way).
    ``ties``: how regions of equal relevance are ordered: "random" (a seeded random order,
    the default: a heatmap that scores regions alike expresses no preference among them, e.g.
    LRP's exact zeros on a digit's blank background) or "first" (grid order, top left first).
    """
    if order not in ORDERS:
        raise ValueError("unknown order %r; valid: %s" % (order, ", ".join(map(repr, ORDERS))))
    if ties not in TIES:
        raise ValueError("unknown ties %r; valid: %s" % (ties, ", ".join(map(repr, TIES))))
    X = np.array(X, dtype=dtype)
    n, c, h, w = X.shape
    gw = w // patch
    scores = region_scores(np.asarray(heatmaps, np.float64).reshape(X.shape), patch)
    total = scores.shape[1]
    steps = total if steps is None else min(int(steps), total)
    # One noise image per input, drawn first from the seed's own stream: a region gets the same
    # noise whatever step it is replaced at, so MoRF, LeRF and random differ only in their order.
    noise = np.random.default_rng(seed).uniform(low, high, size=X.shape).astype(dtype)
    order_rng = np.random.default_rng([seed, 1])  # orders and tie-breaks, apart from the noise
    if order == "random":
        ranking = np.stack([order_rng.permutation(total) for _ in range(n)])
    else:
        if ties == "random":
            key = order_rng.random(scores.shape)
        else:
            key = np.broadcast_to(np.arange(total), scores.shape)
        ranking = np.lexsort((key, -scores if order == "morf" else scores))  # by score, then key
    chain = _chain(model)
    target = np.asarray(target).reshape(n)
    rows = np.arange(n)
    curves = np.empty((n, steps + 1))
    curves[:, 0] = softmax(chain.forward(X).astype(np.float64))[rows, target]
    for k in range(steps):
        for i in range(n):
            r, q = divmod(int(ranking[i, k]), gw)
            sl = (i, slice(None), slice(r * patch, (r + 1) * patch), slice(q * patch, (q + 1) * patch))
            X[sl] = noise[sl]
        curves[:, k + 1] = softmax(chain.forward(X).astype(np.float64))[rows, target]
    return curves


def _chain(model):
    from .methods import Explainer
    if isinstance(model, Explainer):
        return model.chain
    chain = L.Chain(as_layers(model))
    chain.set_training(False)
    return chain


def random_heatmaps(shape, seed):
    """Uniform noise heatmaps of ``shape`` (``(n, c, h, w)``): the random baseline as a heatmap."""
    return np.random.default_rng(seed).random(shape)


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


def png_bytes(image):
    """A grey 8-bit PNG file (no row filter, DEFLATE level 9) of ``image (h, w)`` uint8."""
    image = np.ascontiguousarray(image, dtype=np.uint8)
    h, w = image.shape
    rows = np.concatenate([np.zeros((h, 1), np.uint8), image], axis=1).tobytes()  # filter byte 0 per row

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def compressed_size(heatmap):
    """Bytes of ``heatmap (h, w)`` (or ``(1, h, w)``) as a PNG, scaled symmetrically to 8 bits:
    ``round(127.5 * (1 + R / max|R|))``, 0 = most negative, 255 = most positive, as the page
    colours it. A smaller file is a simpler (less noisy) heatmap (Samek et al. 2017, sec. IV)."""
    R = np.asarray(heatmap, dtype=np.float64)
    R = R.reshape(R.shape[-2:])
    peak = np.abs(R).max()
    scaled = R / peak if peak > 0 else R
    return len(png_bytes(np.clip(np.round(127.5 * (1.0 + scaled)), 0, 255).astype(np.uint8)))

"""A 2-D slice of the playground network's loss around its current weights, with its path
(Li et al. 2018): the landscape view the playground refreshes while it trains.

Two kinds of plane through the current weights theta:
- "random": two Gaussian directions with filter-wise normalization (section 4; a filter of
  an MLP is one unit's incoming weights, a column of ``weights[l]``), biases zero ("ignore
  biasbn"). The raw directions come from ``seed`` alone, so successive refreshes of the same
  network look along the same directions, rescaled to the weights as they change. The grid
  spans ``[-span, span]^2`` in units of the normalized directions, as the paper's plots do.
- "pca": the top two principal directions of the path relative to theta (section 7), over
  every parameter (biases included: an MLP's move as much as its weights), unit length; the
  grid spans the projected path with a margin. Random directions in even a
  30-dimensional weight space are nearly orthogonal to the path, which this plane fixes; the
  reply says how much of the path leaves the plane (``off_plane``).

The loss is the network's data loss (square or cross-entropy, no regularization term) on at
most :data:`MAX_POINTS` training points, the first ones of the (already shuffled) training
set, so cell (0, 0) is the training loss the playground reports whenever the set is smaller.
Every cell is evaluated at once: the grid's weight matrices are stacked and each layer is one
batched matrix product, in chunks that bound memory.
"""
import time

import numpy as np

from .. import activations, outputs, vocabulary
from ..nn.parameters import flat_parameters, mlp_parameters, unflatten
from .directions import random_direction

MAX_POINTS = 1000          # training points the slice is evaluated on
MAX_CHUNK_FLOATS = 2 ** 17  # values of one layer's activations per chunk of grid cells (1 MB: cache-sized)
RESOLUTIONS = vocabulary.LANDSCAPE_RESOLUTIONS  # allowed cells per side
DIRECTIONS = vocabulary.LANDSCAPE_DIRECTIONS
PCA_MARGIN = 1.25          # the PCA grid spans the path's largest coordinate times this


def slice_losses(net, X, y, d1, d2, alphas, betas):
    """Data loss of ``net`` at ``theta + a d1 + b d2``: ``(len(betas), len(alphas))``, row i at ``betas[i]``.

    ``d1``/``d2`` are name -> array dicts (:func:`pyplayground.nn.mlp_parameters` names). A cell whose loss
    overflows is ``inf``. Every layer is linear in the cell's weights, so for inputs ``h`` of
    all cells at once ``h (W + a D1 + b D2) = hW + a hD1 + b hD2``: three 2-D matrix products
    over every cell's rows, then elementwise sums, instead of one small product per cell.
    """
    params = mlp_parameters(net)
    X = np.asarray(X, dtype=np.float64)
    hidden = activations.get(net.activation)
    A, B = np.meshgrid(np.asarray(alphas, np.float64), np.asarray(betas, np.float64))
    a_all, b_all = A.ravel(), B.ravel()
    chunk = max(1, MAX_CHUNK_FLOATS // (max(1, len(X)) * max(net.sizes[1:])))
    losses = np.empty(a_all.size)
    n_layers = len(net.weights)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for lo in range(0, a_all.size, chunk):
            a, b = a_all[lo:lo + chunk, None, None], b_all[lo:lo + chunk, None, None]
            h = X
            for layer in range(n_layers):
                w, bias = "w%d" % layer, "b%d" % layer
                rows = h.reshape(-1, h.shape[-1])
                base, p1, p2 = (np.matmul(rows, m).reshape(h.shape[:-1] + (m.shape[1],))
                                for m in (params[w], d1[w], d2[w]))
                z = a * p1  # (cells, n, m) from the first layer's shared (n, m) products too
                z += b * p2 if p2.ndim == 2 else np.multiply(p2, b, out=p2)
                z += base
                z += params[bias] + a * d1[bias] + b * d2[bias]
                h = hidden.fn(z) if layer < n_layers - 1 else z
            losses[lo:lo + len(a)] = _output_losses(net.output_activation, z, y)
    losses[~np.isfinite(losses)] = np.inf
    return losses.reshape(A.shape)


def _output_losses(output_name, z, y):
    """The output layer's batch-mean loss (:mod:`pyplayground.outputs`) of each cell's logits ``z (cells, n, k)``."""
    n, k = z.shape[1:]
    output = outputs.get(output_name)
    target = output.targets(y, (n, k))
    if output_name == outputs.SOFTMAX:  # cross-entropy from the log-softmax, per row
        shifted = z - z.max(axis=2, keepdims=True)
        log_p = shifted - np.log(np.exp(shifted).sum(axis=2, keepdims=True))
        return -np.sum(target * log_p, axis=(1, 2)) / n
    diff = output.fn(z) - target  # an elementwise activation and the square loss
    return 0.5 * np.sum(diff * diff, axis=(1, 2)) / n


def _project(deltas, d1, d2):
    """Least-squares coordinates of each row of ``deltas`` in the plane of ``d1``, ``d2`` (flat
    vectors), and the share of the path's length that lies off the plane."""
    D = np.stack([d1, d2], axis=1)
    coords = np.linalg.lstsq(D, deltas.T, rcond=None)[0].T
    total = np.linalg.norm(deltas)
    off = np.linalg.norm(deltas - coords @ D.T) / total if total > 0 else 0.0
    return coords, float(off)


def live_slice(net, X, y, path_points=(), resolution=21, directions="random", span=1.0, seed=0):
    """The landscape view's data: a dict with

    ``loss`` ``(resolution, resolution)`` (row i at ``betas[i]``), ``alphas``, ``betas``,
    ``path`` ``(len(path_points), 2)`` the recorded weights' coordinates in the plane (the
    current weights are (0, 0)), ``center_loss``, ``directions`` (the kind used: "pca" falls
    back to "random" with fewer than 3 distinct path points), ``explained`` (PCA's two
    explained-variance ratios, or None), ``off_plane`` (in [0, 1]), ``points`` (training
    points used), ``plane`` (the two directions as flat vectors, :func:`pyplayground.nn.flat_parameters` order) and ``ms``.
    """
    start = time.perf_counter()
    if directions not in DIRECTIONS:
        raise ValueError("directions must be one of %s, got %r" % (", ".join(map(repr, DIRECTIONS)), directions))
    if isinstance(resolution, bool) or not isinstance(resolution, int) or not RESOLUTIONS[0] <= resolution <= RESOLUTIONS[1]:
        raise ValueError("resolution must be an integer in [%d, %d], got %r" % (RESOLUTIONS + (resolution,)))
    if isinstance(span, bool) or not isinstance(span, (int, float)) or not 0.01 <= span <= 10:
        raise ValueError("span must be a number in [0.01, 10], got %r" % (span,))
    X, y = np.asarray(X)[:MAX_POINTS], np.asarray(y)[:MAX_POINTS]
    params = mlp_parameters(net)
    theta = flat_parameters(net)
    path = [np.asarray(p, np.float64) for p in path_points if np.size(p) == theta.size]
    deltas = np.array([p - theta for p in path]).reshape(len(path), theta.size)
    explained, kind = None, directions
    moved = len({p.tobytes() for p in path} | {theta.tobytes()})
    if kind == "pca" and moved >= 3:
        # Section 7's PCA, over every parameter: an MLP's biases move as much as its weights.
        centred = deltas - deltas.mean(axis=0)
        _, s, vt = np.linalg.svd(centred, full_matrices=False)
        variance = s ** 2
        explained = [float(e) for e in variance[:2] / variance.sum()] if variance.sum() > 0 else [0.0, 0.0]
        v1, v2 = vt[0], vt[1]
        d1, d2 = unflatten(v1, params), unflatten(v2, params)
        coords, off = _project(deltas, v1, v2)
        extent = float(np.max(np.abs(coords)))
        span = PCA_MARGIN * extent if extent > 0 else span
    else:
        kind = "random"
        d1 = random_direction(params, np.random.default_rng([seed, 1]))
        d2 = random_direction(params, np.random.default_rng([seed, 2]))
        v1, v2 = (np.concatenate([np.ravel(v) for v in d.values()]) for d in (d1, d2))
        coords, off = _project(deltas, v1, v2) if len(path) else (np.zeros((0, 2)), 0.0)
    alphas = np.linspace(-span, span, resolution)
    loss = slice_losses(net, X, y, d1, d2, alphas, alphas)
    centre = net.loss(X, y) if len(X) else float("nan")
    return {"loss": loss, "alphas": alphas, "betas": alphas.copy(), "path": coords, "center_loss": float(centre),
            "directions": kind, "explained": explained, "off_plane": off, "points": int(len(X)), "plane": (v1, v2),
            "ms": (time.perf_counter() - start) * 1000.0}

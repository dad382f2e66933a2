"""Random directions in parameter space and their normalization (Li et al. 2018, section 4).

A direction is an OrderedDict name -> array shaped like ``model.parameters()``. A "filter"
is one output unit: an output channel of a Conv2D weight ``(c_out, c_in, kh, kw)`` (axis 0)
and a *column* of a Dense weight ``(n_in, n_out)`` (axis 1). Parameters with one axis
(biases, BatchNorm's weight and bias) get a zero direction, the paper's "ignore biasbn".
"""
from collections import OrderedDict

import numpy as np

NORMALIZATIONS = ("filter", "layer", "none")


def _filter_axis(name, shape):
    """The axis that indexes filters: 1 for a Dense weight (n_in, n_out), else 0."""
    return 1 if len(shape) == 2 else 0


def normalize(direction, weights, norm="filter"):
    """A copy of ``direction`` rescaled like ``weights`` (both name -> array).

    - "filter" (eq. in section 4): ``d_i <- d_i / ||d_i|| * ||theta_i||`` for every filter i;
    - "layer": the same with a whole weight array in place of a filter;
    - "none": unchanged.
    One-axis parameters are set to zero in every case.
    """
    if norm not in NORMALIZATIONS:
        raise ValueError("unknown normalization %r; valid: %s" % (norm, ", ".join(map(repr, NORMALIZATIONS))))
    out = OrderedDict()
    for name, d in direction.items():
        w = weights[name]
        d = np.array(d, dtype=np.float64)
        if d.ndim < 2:
            out[name] = np.zeros_like(d)
            continue
        if norm == "layer":
            d *= np.linalg.norm(w) / (np.linalg.norm(d) + 1e-10)
        elif norm == "filter":
            axis = _filter_axis(name, d.shape)
            other = tuple(a for a in range(d.ndim) if a != axis)
            d_norm = np.sqrt((d * d).sum(axis=other, keepdims=True))
            w_norm = np.sqrt((np.asarray(w, np.float64) ** 2).sum(axis=other, keepdims=True))
            d *= w_norm / (d_norm + 1e-10)
        out[name] = d
    return out


def random_direction(weights, rng, norm="filter"):
    """A Gaussian direction shaped like ``weights``, normalized by ``norm``; ``rng`` a Generator."""
    raw = OrderedDict((name, rng.standard_normal(np.shape(w))) for name, w in weights.items())
    return normalize(raw, weights, norm)

"""Losses for :class:`pyplayground.nn.Sequential`, registered by name.

Each takes the last layer's output ``out (n, k)`` and targets ``y`` and returns
``(loss, d_out)``: the batch-mean loss as a float and its gradient ``(n, k)``, already
divided by ``n``.
- "cross_entropy": softmax cross-entropy on logits, ``mean over samples of -log softmax(out)[y]``,
  ``y`` integer class labels ``(n,)``; gradient ``(softmax(out) - onehot(y)) / n``
  (Bishop, *PRML*, eq. 4.109). Computed from the log-softmax, so it stays finite.
- "mse": TF Playground's square error, ``mean over samples of 0.5 * sum over outputs of
  (out - y)**2`` (``nn.MLP``'s loss), ``y`` ``(n,)`` or ``(n, k)``; gradient ``(out - y) / n``.
"""
from collections import OrderedDict

import numpy as np

from .outputs import log_softmax, one_hot, softmax
from .registry import lookup


def cross_entropy(out, y):
    out = np.asarray(out)
    target = one_hot(np.asarray(y).reshape(-1), out.shape).astype(out.dtype)
    n = out.shape[0]
    loss = float(-np.sum(target * log_softmax(out)) / n)
    return loss, (softmax(out) - target) / out.dtype.type(n)


def mse(out, y):
    out = np.asarray(out)
    y = np.asarray(y, dtype=out.dtype)
    if y.size != out.size:
        raise ValueError("y must hold %d values for outputs of shape %r, got %r" % (out.size, out.shape, y.shape))
    diff = out - y.reshape(out.shape)
    n = out.shape[0]
    return float(0.5 * np.sum(diff * diff) / n), diff / out.dtype.type(n)


LOSSES = OrderedDict([("cross_entropy", cross_entropy), ("mse", mse)])


def get(name):
    """The loss function called ``name``; unknown names raise ValueError listing valid ones."""
    return lookup(LOSSES, name, "loss")

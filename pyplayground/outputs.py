"""Output layers: what the last layer computes from its pre-activations, and its loss.

An :class:`OutputLayer` bundles the output function with the loss it is trained on,
because softmax is not elementwise and pairs with cross-entropy:

- any name in :data:`pyplayground.activations.ACTIVATIONS` (e.g. "tanh", "linear"):
  the activation applied elementwise, with the square loss
  ``mean over samples of 0.5 * sum over outputs of (output - y)**2``;
  targets ``y`` are ``(n,)`` or ``(n, d_out)`` values.
- "softmax": ``p = exp(z - max z) / sum exp(z - max z)`` per row (the row max is
  subtracted so exp never overflows), with the cross-entropy loss
  ``mean over samples of -log p[class]``, computed from the log-softmax so it stays
  finite; targets are integer class labels ``(n,)`` (ints or integral floats such as
  0.0, 1.0, 2.0) or one-hot rows ``(n, k)``. Its gradient with respect to the logits
  is ``(p - onehot) / n`` (Bishop, *Pattern Recognition and Machine Learning*, eq. 4.109).

Shapes: ``z`` and ``out`` are ``(n, d_out)``; ``targets(y, shape)`` returns ``(n, d_out)``
float64; ``d_z`` is d loss / d z, ``(n, d_out)``, already divided by ``n``.
"""
from typing import Callable, NamedTuple

import numpy as np

from . import activations as _activations

SOFTMAX = "softmax"


class OutputLayer(NamedTuple):
    fn: Callable        # out (n, d_out) = fn(z (n, d_out))
    targets: Callable   # (y, (n, d_out)) -> target (n, d_out) float64; ValueError if y does not fit
    loss: Callable      # (z, out, target) -> float, the batch-mean loss
    d_z: Callable       # (z, out, target) -> d loss / d z (n, d_out)


def names():
    """Every valid output name: the activations, then "softmax"."""
    return list(_activations.ACTIVATIONS) + [SOFTMAX]


def get(name):
    """Return the :class:`OutputLayer` called ``name``; unknown names raise ValueError listing valid ones."""
    if name == SOFTMAX:
        return _SOFTMAX_LAYER
    if name not in _activations.ACTIVATIONS:
        raise ValueError("unknown output activation %r; valid: %s" % (name, ", ".join(map(repr, names()))))
    return _elementwise(_activations.get(name))


# -- elementwise activation + square loss --------------------------------------
def _elementwise(act):
    return OutputLayer(
        fn=act.fn,
        targets=_value_targets,
        loss=lambda z, out, target: square_loss(out, target),
        # Same operation order as before this module existed, so results are bit-identical.
        d_z=lambda z, out, target: (out - target) / out.shape[0] * act.der(z),
    )


def _value_targets(y, shape):
    y = np.asarray(y, dtype=np.float64)
    if y.size != shape[0] * shape[1]:
        raise ValueError("y must hold %d values for outputs of shape %r, got %r" % (shape[0] * shape[1], shape, y.shape))
    return y.reshape(shape)


def square_loss(out, target):
    """``mean over rows of 0.5 * sum((out - target)**2)``."""
    diff = out - target
    return float(0.5 * np.sum(diff * diff) / out.shape[0])


# -- softmax + cross-entropy ----------------------------------------------------
def softmax(z):
    """Row-wise softmax of ``z (n, k)``; the row max is subtracted first so exp cannot overflow."""
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def log_softmax(z):
    """Row-wise ``log softmax(z)`` of ``z (n, k)``, finite even where a probability underflows to 0."""
    shifted = z - z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def one_hot(y, shape):
    """Class targets as one-hot rows ``(n, k)`` float64 for ``shape = (n, k)``.

    ``y`` is ``(n,)`` integer labels in ``[0, k)`` (ints or integral floats) or ``(n, k)``
    one-hot rows (each row 0/1 with a single 1).
    """
    n, k = shape
    y = np.asarray(y, dtype=np.float64)
    if y.shape == (n,):
        if not np.all(np.isfinite(y)) or np.any(y != np.floor(y)) or np.any(y < 0) or np.any(y >= k):
            raise ValueError("class labels must be integers in [0, %d), got %r" % (k, np.unique(y).tolist()))
        target = np.zeros((n, k), dtype=np.float64)
        target[np.arange(n), y.astype(np.int64)] = 1.0
        return target
    if y.shape == (n, k):
        if not np.all((y == 0.0) | (y == 1.0)) or np.any(y.sum(axis=1) != 1.0):
            raise ValueError("one-hot targets must hold exactly one 1 per row and 0 elsewhere")
        return y
    raise ValueError("softmax targets must be class labels (%d,) or one-hot rows (%d, %d), got shape %r"
                     % (n, n, k, y.shape))


def _cross_entropy(z, out, target):
    return float(-np.sum(target * log_softmax(z)) / z.shape[0])


_SOFTMAX_LAYER = OutputLayer(
    fn=softmax,
    targets=one_hot,
    loss=_cross_entropy,
    d_z=lambda z, out, target: (out - target) / out.shape[0],
)

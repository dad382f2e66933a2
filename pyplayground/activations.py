"""Activation functions, registered by name (the names and their order are :mod:`vocabulary`'s).

Each entry is an :class:`Activation` with ``fn(z)`` and ``der(z)``; both take a
pre-activation array ``z`` of any shape and return an array of the same shape.
"""
from typing import Callable, NamedTuple

import numpy as np

from . import vocabulary
from .registry import in_order, lookup


class Activation(NamedTuple):
    fn: Callable[[np.ndarray], np.ndarray]   # a = fn(z)
    der: Callable[[np.ndarray], np.ndarray]  # da/dz evaluated at z


def _sigmoid(z):
    # Split by sign so exp never overflows for large |z|.
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    return out


def _sigmoid_der(z):
    s = _sigmoid(z)
    return s * (1.0 - s)


def _tanh_der(z):
    t = np.tanh(z)
    return 1.0 - t * t


ACTIVATIONS = in_order(vocabulary.ACTIVATION_CODES, {
    "relu": Activation(lambda z: np.maximum(z, 0.0), lambda z: (z > 0).astype(z.dtype)),
    "tanh": Activation(np.tanh, _tanh_der),
    "sigmoid": Activation(_sigmoid, _sigmoid_der),
    "linear": Activation(lambda z: z, np.ones_like),
}, "activation")


def get(name):
    """Return the registered :class:`Activation` called ``name``."""
    return lookup(ACTIVATIONS, name, "activation")

"""The layer protocol every layer kind follows (micrograd's habit: backward beside forward).

A layer maps a batch ``x (n, ...)`` to ``y (n, ...)``. ``forward`` keeps what ``backward``
needs; ``backward(d_y)`` returns ``d_x`` (same shape as ``x``) and fills ``grads`` with the
gradient of every parameter, by name. Parameters and buffers are live arrays kept in
ordered dicts, weight before bias; containers name nested ones with dotted paths.
"""
from collections import OrderedDict

import numpy as np


class Layer:
    """Base class: no parameters, no buffers, identity shape."""

    def __init__(self):
        self.params = OrderedDict()   # name -> trained array (weight before bias)
        self.grads = OrderedDict()    # name -> gradient from the last backward
        self.buffers = OrderedDict()  # name -> state that is not trained (BatchNorm running statistics)
        self.training = True

    # -- the protocol -----------------------------------------------------------
    def forward(self, x):
        raise NotImplementedError

    def backward(self, d_y):
        raise NotImplementedError

    def config(self):
        """Plain JSON dict ``{"type": ..., hyperparameters}``; ``layers.from_config`` rebuilds the layer."""
        return {"type": type(self).__name__}

    def output_shape(self, shape):
        """Per-sample output shape for a per-sample input ``shape`` (a tuple without the batch axis)."""
        return tuple(shape)

    def children(self):
        """Nested layers (containers only), as ``(name, layer)`` pairs."""
        return []

    # -- shared bookkeeping -----------------------------------------------------
    def initialize(self, rng, dtype):
        """Draw fresh parameters from ``rng`` (a ``np.random.Generator``) in ``dtype``; default: none."""
        for name, child in self.children():
            child.initialize(rng, dtype)

    def set_training(self, training):
        self.training = bool(training)
        for _, child in self.children():
            child.set_training(training)

    def named_arrays(self, which, prefix=""):
        """``(dotted name, array)`` for ``which`` in ("params", "grads", "buffers"), this layer first."""
        out = [(prefix + name, arr) for name, arr in getattr(self, which).items()]
        for name, child in self.children():
            out += child.named_arrays(which, prefix + name + ".")
        return out

    def parameter_count(self):
        return int(sum(arr.size for _, arr in self.named_arrays("params")))

    def __repr__(self):
        args = ", ".join("%s=%r" % kv for kv in self.config().items() if kv[0] != "type")
        return "%s(%s)" % (type(self).__name__, args)


def check_ndim(x, ndim, layer, layout):
    """``x`` as an array with ``ndim`` axes, else ValueError naming the expected ``layout``."""
    x = np.asarray(x)
    if x.ndim != ndim:
        raise ValueError("%s expects input %s, got shape %r" % (layer, layout, x.shape))
    return x


def positive_int(value, name):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError("%s must be a positive integer, got %r" % (name, value))
    return int(value)

"""Fully connected layer: ``y (n, n_out) = x (n, n_in) @ weight (n_in, n_out) + bias (n_out,)``.

The weight is stored ``(n_in, n_out)`` as in :class:`pyplayground.nn.MLP`: a column is one
unit's incoming weights (so a "filter" in the landscape paper's sense is a column).
"""
from collections import OrderedDict

import numpy as np

from .base import Layer, check_ndim, positive_int


class Dense(Layer):
    def __init__(self, n_in, n_out):
        super().__init__()
        self.n_in = positive_int(n_in, "Dense n_in")
        self.n_out = positive_int(n_out, "Dense n_out")
        self.initialize(np.random.default_rng(0), np.float64)

    def initialize(self, rng, dtype):
        # He-uniform weights (variance 2 / n_in, suits ReLU nets), zero biases.
        limit = np.sqrt(6.0 / self.n_in)
        self.params = OrderedDict([
            ("weight", rng.uniform(-limit, limit, (self.n_in, self.n_out)).astype(dtype)),
            ("bias", np.zeros(self.n_out, dtype=dtype)),
        ])

    def forward(self, x):
        x = check_ndim(x, 2, "Dense", "(n, n_in)")
        if x.shape[1] != self.n_in:
            raise ValueError("Dense expects %d input features, got shape %r" % (self.n_in, x.shape))
        self._x = x
        return x @ self.params["weight"] + self.params["bias"]

    def backward(self, d_y):
        self.grads = OrderedDict([("weight", self._x.T @ d_y), ("bias", d_y.sum(axis=0))])
        return d_y @ self.params["weight"].T

    def config(self):
        return {"type": "Dense", "n_in": self.n_in, "n_out": self.n_out}

    def output_shape(self, shape):
        if tuple(shape) != (self.n_in,):
            raise ValueError("Dense(%d, %d) cannot take inputs of shape %r" % (self.n_in, self.n_out, tuple(shape)))
        return (self.n_out,)

"""Flatten: ``(n, c, h, w)`` (or any ``(n, ...)``) to ``(n, c*h*w)`` in C order."""
import numpy as np

from .base import Layer


class Flatten(Layer):
    def forward(self, x):
        self._shape = x.shape
        return x.reshape(x.shape[0], -1)

    def backward(self, d_y):
        return d_y.reshape(self._shape)

    def output_shape(self, shape):
        return (int(np.prod(shape)),)

"""Elementwise activation layers: ``y = f(x)``, ``d_x = d_y * f'(x)``, any input shape.

The functions are the registered ones of :mod:`pyplayground.activations` (the playground's),
so the MLP and the layer path compute the same values.
"""
from .. import activations as _activations
from .base import Layer


class Activation(Layer):
    """``Activation("relu")``; the subclasses below fix the name."""

    def __init__(self, name):
        super().__init__()
        self._fn = _activations.get(name)
        self.name = name

    def forward(self, x):
        self._x = x
        return self._fn.fn(x)

    def backward(self, d_y):
        return d_y * self._fn.der(self._x)

    def config(self):
        return {"type": type(self).__name__} if type(self) is not Activation else {"type": "Activation", "name": self.name}


class ReLU(Activation):
    def __init__(self):
        super().__init__("relu")


class Tanh(Activation):
    def __init__(self):
        super().__init__("tanh")


class Sigmoid(Activation):
    def __init__(self):
        super().__init__("sigmoid")


class Linear(Activation):
    def __init__(self):
        super().__init__("linear")

"""A list of layers applied in order; the body of Sequential and of a residual block.

Children are named by position ("0", "1", ...), so nested parameters get dotted names
such as ``"4.block.0.weight"``.
"""
from .base import Layer


class Chain(Layer):
    def __init__(self, layers):
        super().__init__()
        layers = list(layers)
        for i, layer in enumerate(layers):
            if not isinstance(layer, Layer):
                raise ValueError("item %d is not a layer: %r" % (i, layer))
        self.layers = layers

    def children(self):
        return [(str(i), layer) for i, layer in enumerate(self.layers)]

    def forward(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def backward(self, d_y):
        for layer in reversed(self.layers):
            d_y = layer.backward(d_y)
        return d_y

    def output_shape(self, shape):
        for layer in self.layers:
            shape = layer.output_shape(shape)
        return tuple(shape)

    def config(self):
        return [layer.config() for layer in self.layers]

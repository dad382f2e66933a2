"""Residual block (He et al. 2016): ``y = block(x) + shortcut(x)``.

``block`` is a list of layers (or one layer); ``shortcut`` is ``None`` for the identity, or
a layer / list of layers (e.g. a 1x1 ``Conv2D`` with stride 2 to change channels or size).
The gradient is the sum of both paths' gradients. Any activation after the sum is a
separate layer, as in the issue's example.
"""
from .base import Layer
from .chain import Chain


def _as_chain(part):
    if isinstance(part, Chain):
        return part
    return Chain(part if isinstance(part, (list, tuple)) else [part])


class Residual(Layer):
    def __init__(self, block, shortcut=None):
        super().__init__()
        self.block = _as_chain(block)
        self.shortcut = None if shortcut is None else _as_chain(shortcut)

    def children(self):
        out = [("block", self.block)]
        if self.shortcut is not None:
            out.append(("shortcut", self.shortcut))
        return out

    def forward(self, x):
        main = self.block.forward(x)
        skip = x if self.shortcut is None else self.shortcut.forward(x)
        if main.shape != skip.shape:
            raise ValueError("Residual block output %r does not match its shortcut %r; give a shortcut that "
                             "maps the input to the block's shape" % (main.shape, skip.shape))
        return main + skip

    def backward(self, d_y):
        d_x = self.block.backward(d_y)
        return d_x + (d_y if self.shortcut is None else self.shortcut.backward(d_y))

    def output_shape(self, shape):
        main = self.block.output_shape(shape)
        skip = tuple(shape) if self.shortcut is None else self.shortcut.output_shape(shape)
        if main != skip:
            raise ValueError("Residual block output %r does not match its shortcut %r" % (main, skip))
        return main

    def config(self):
        return {"type": "Residual", "block": self.block.config(),
                "shortcut": None if self.shortcut is None else self.shortcut.config()}

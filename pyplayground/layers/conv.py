"""2-D convolution (cross-correlation, as in PyTorch) by im2col and one matrix product.

``x (n, c_in, h, w)`` -> ``y (n, c_out, oh, ow)``, ``oh = (h + 2*padding - kh) // stride + 1``;
``weight (c_out, c_in, kh, kw)``, ``bias (c_out,)``:
``y[n, o, i, j] = bias[o] + sum_{c,a,b} weight[o, c, a, b] * x_pad[n, c, i*stride + a, j*stride + b]``.
An output channel is one "filter" (Li et al. 2018 normalize directions per filter).
"""
from collections import OrderedDict

import numpy as np

from . import windows as _win
from .base import Layer, check_ndim, positive_int


class Conv2D(Layer):
    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0):
        super().__init__()
        self.in_channels = positive_int(in_channels, "Conv2D in_channels")
        self.out_channels = positive_int(out_channels, "Conv2D out_channels")
        self.kernel_size = positive_int(kernel_size, "Conv2D kernel_size")
        self.stride = positive_int(stride, "Conv2D stride")
        if isinstance(padding, bool) or not isinstance(padding, (int, np.integer)) or padding < 0:
            raise ValueError("Conv2D padding must be an integer >= 0, got %r" % (padding,))
        self.padding = int(padding)
        self.initialize(np.random.default_rng(0), np.float64)

    def initialize(self, rng, dtype):
        k = self.kernel_size
        fan_in = self.in_channels * k * k
        limit = np.sqrt(6.0 / fan_in)  # He-uniform, zero biases
        self.params = OrderedDict([
            ("weight", rng.uniform(-limit, limit, (self.out_channels, self.in_channels, k, k)).astype(dtype)),
            ("bias", np.zeros(self.out_channels, dtype=dtype)),
        ])

    def forward(self, x):
        x = check_ndim(x, 4, "Conv2D", "(n, c, h, w)")
        if x.shape[1] != self.in_channels:
            raise ValueError("Conv2D expects %d input channels, got shape %r" % (self.in_channels, x.shape))
        xp = _win.pad(x, self.padding)
        if xp.shape[2] < self.kernel_size or xp.shape[3] < self.kernel_size:
            raise ValueError("Conv2D kernel %d is larger than the padded input %r" % (self.kernel_size, xp.shape))
        self._padded_shape = xp.shape
        win = _win.windows(xp, self.kernel_size, self.kernel_size, self.stride)  # (n, c, kh, kw, oh, ow)
        n, c, kh, kw, oh, ow = win.shape
        # im2col: one row per output position, (n*oh*ow, c*kh*kw); kept for the weight gradient.
        self._cols = win.transpose(0, 4, 5, 1, 2, 3).reshape(n * oh * ow, c * kh * kw)
        w_mat = self.params["weight"].reshape(self.out_channels, -1)           # (o, c*kh*kw)
        y = self._cols @ w_mat.T + self.params["bias"]                          # (n*oh*ow, o)
        return np.ascontiguousarray(y.reshape(n, oh, ow, self.out_channels).transpose(0, 3, 1, 2))

    def backward(self, d_y):
        w = self.params["weight"]
        n, o, oh, ow = d_y.shape
        d_rows = d_y.transpose(0, 2, 3, 1).reshape(n * oh * ow, o)            # (n*oh*ow, o)
        self.grads = OrderedDict([
            ("weight", (d_rows.T @ self._cols).reshape(w.shape)),              # (o, c, kh, kw)
            ("bias", d_rows.sum(axis=0)),
        ])
        d_cols = (d_rows @ w.reshape(o, -1)).reshape((n, oh, ow) + w.shape[1:])  # (n, oh, ow, c, kh, kw)
        return _win.scatter_windows(d_cols.transpose(0, 3, 4, 5, 1, 2), self._padded_shape, self.stride,
                                    self.padding)

    def config(self):
        return {"type": "Conv2D", "in_channels": self.in_channels, "out_channels": self.out_channels,
                "kernel_size": self.kernel_size, "stride": self.stride, "padding": self.padding}

    def output_shape(self, shape):
        c, h, w = image_shape(shape, "Conv2D")
        if c != self.in_channels:
            raise ValueError("Conv2D expects %d input channels, got shape %r" % (self.in_channels, tuple(shape)))
        oh = _win.out_size(h, self.kernel_size, self.stride, self.padding)
        ow = _win.out_size(w, self.kernel_size, self.stride, self.padding)
        if oh < 1 or ow < 1:
            raise ValueError("Conv2D kernel %d does not fit input %r" % (self.kernel_size, tuple(shape)))
        return (self.out_channels, oh, ow)


def image_shape(shape, layer):
    """A per-sample input shape as ``(c, h, w)`` ints; ValueError naming ``layer`` otherwise."""
    if len(shape) != 3:
        raise ValueError("%s expects per-sample input (c, h, w), got %r" % (layer, tuple(shape)))
    return tuple(int(s) for s in shape)

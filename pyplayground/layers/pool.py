"""Max and average pooling over ``k x k`` windows, ``stride`` apart (default ``k``), no padding.

``x (n, c, h, w)`` -> ``y (n, c, oh, ow)``, ``oh = (h - k) // stride + 1`` (PyTorch's floor rule).
Max pooling sends the whole gradient to the window's winner (the first maximum on ties),
which is also how relevance passes through it (winner takes all).
"""
import numpy as np

from . import windows as _win
from .base import Layer, check_ndim, positive_int
from .conv import image_shape


class _Pool(Layer):
    def __init__(self, kernel_size, stride=None):
        super().__init__()
        self.kernel_size = positive_int(kernel_size, "%s kernel_size" % type(self).__name__)
        self.stride = self.kernel_size if stride is None else positive_int(stride, "%s stride" % type(self).__name__)

    def _windows(self, x):
        x = check_ndim(x, 4, type(self).__name__, "(n, c, h, w)")
        if x.shape[2] < self.kernel_size or x.shape[3] < self.kernel_size:
            raise ValueError("%s kernel %d is larger than the input %r" % (type(self).__name__, self.kernel_size, x.shape))
        self._shape = x.shape
        return _win.windows(x, self.kernel_size, self.kernel_size, self.stride)

    def config(self):
        return {"type": type(self).__name__, "kernel_size": self.kernel_size, "stride": self.stride}

    def output_shape(self, shape):
        c, h, w = image_shape(shape, type(self).__name__)
        oh, ow = _win.out_size(h, self.kernel_size, self.stride, 0), _win.out_size(w, self.kernel_size, self.stride, 0)
        if oh < 1 or ow < 1:
            raise ValueError("%s kernel %d does not fit input %r" % (type(self).__name__, self.kernel_size, tuple(shape)))
        return (c, oh, ow)


class MaxPool2D(_Pool):
    def forward(self, x):
        win = self._windows(x)
        n, c, k, _, oh, ow = win.shape
        flat = win.transpose(0, 1, 4, 5, 2, 3).reshape(n, c, oh, ow, k * k)
        self._winner = flat.argmax(axis=-1)                      # (n, c, oh, ow), index a*k + b
        return np.take_along_axis(flat, self._winner[..., None], axis=-1)[..., 0]

    def backward(self, d_y):
        k = self.kernel_size
        n, c, oh, ow = d_y.shape
        d_win = np.zeros((n, c, k, k, oh, ow), dtype=d_y.dtype)
        for a in range(k):
            for b in range(k):
                d_win[:, :, a, b] = np.where(self._winner == a * k + b, d_y, 0.0)
        return _win.scatter_windows(d_win, self._shape, self.stride, 0)


class AvgPool2D(_Pool):
    def forward(self, x):
        return self._windows(x).mean(axis=(2, 3))

    def backward(self, d_y):
        k = self.kernel_size
        share = d_y / float(k * k)
        d_win = np.broadcast_to(share[:, :, None, None], share.shape[:2] + (k, k) + share.shape[2:])
        return _win.scatter_windows(d_win, self._shape, self.stride, 0)

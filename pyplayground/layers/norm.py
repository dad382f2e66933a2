"""Batch normalization (Ioffe & Szegedy 2015) with PyTorch's semantics.

Training: normalize with the batch mean and the *biased* variance over every axis but the
channel axis, then ``y = weight * x_hat + bias`` (weight = gamma, bias = beta); update
``running = (1 - momentum) * running + momentum * batch_stat`` using the *unbiased*
variance. Evaluation: normalize with the running statistics. ``eps = 1e-5``,
``momentum = 0.1``. BatchNorm2D takes ``(n, c, h, w)``, BatchNorm1D ``(n, c)``.
"""
from collections import OrderedDict

import numpy as np

from .base import Layer, check_ndim, positive_int


class _BatchNorm(Layer):
    NDIM, LAYOUT = None, None

    def __init__(self, num_features, eps=1e-5, momentum=0.1):
        super().__init__()
        self.num_features = positive_int(num_features, "%s num_features" % type(self).__name__)
        self.eps, self.momentum = float(eps), float(momentum)
        self.initialize(None, np.float64)

    def initialize(self, rng, dtype):
        c = self.num_features
        self.params = OrderedDict([("weight", np.ones(c, dtype=dtype)), ("bias", np.zeros(c, dtype=dtype))])
        self.buffers = OrderedDict([("running_mean", np.zeros(c, dtype=dtype)),
                                    ("running_var", np.ones(c, dtype=dtype))])

    def _axes(self):
        return (0,) if self.NDIM == 2 else (0, 2, 3)

    def _per_channel(self, v):
        return v if self.NDIM == 2 else v[None, :, None, None]

    def forward(self, x):
        x = check_ndim(x, self.NDIM, type(self).__name__, self.LAYOUT)
        if x.shape[1] != self.num_features:
            raise ValueError("%s expects %d channels, got shape %r" % (type(self).__name__, self.num_features, x.shape))
        axes = self._axes()
        if self.training:
            count = x.size // x.shape[1]
            if count < 2:
                raise ValueError("%s in training mode needs more than one value per channel" % type(self).__name__)
            mean = x.mean(axis=axes)
            var = x.var(axis=axes)  # biased, to normalize
            m = self.momentum
            rm, rv = self.buffers["running_mean"], self.buffers["running_var"]
            rm[...] = (1.0 - m) * rm + m * mean
            rv[...] = (1.0 - m) * rv + m * var * (count / (count - 1.0))  # unbiased, for the estimate
        else:
            mean, var = self.buffers["running_mean"], self.buffers["running_var"]
        inv_std = 1.0 / np.sqrt(var + self.eps)
        x_hat = (x - self._per_channel(mean)) * self._per_channel(inv_std)
        self._x_hat, self._inv_std = x_hat, inv_std
        self._batch_stats = self.training
        return x_hat * self._per_channel(self.params["weight"]) + self._per_channel(self.params["bias"])

    def backward(self, d_y):
        axes = self._axes()
        x_hat, pc = self._x_hat, self._per_channel
        self.grads = OrderedDict([("weight", (d_y * x_hat).sum(axis=axes)), ("bias", d_y.sum(axis=axes))])
        d_x_hat = d_y * pc(self.params["weight"])
        if not self._batch_stats:  # eval mode: an affine map per channel
            return d_x_hat * pc(self._inv_std)
        # Batch statistics depend on x: d_x = inv_std * (d_x_hat - mean(d_x_hat) - x_hat * mean(d_x_hat * x_hat))
        mean_d = d_x_hat.mean(axis=axes)
        mean_dx = (d_x_hat * x_hat).mean(axis=axes)
        return pc(self._inv_std) * (d_x_hat - pc(mean_d) - x_hat * pc(mean_dx))

    def config(self):
        return {"type": type(self).__name__, "num_features": self.num_features, "eps": self.eps,
                "momentum": self.momentum}


class BatchNorm1D(_BatchNorm):
    NDIM, LAYOUT = 2, "(n, c)"


class BatchNorm2D(_BatchNorm):
    NDIM, LAYOUT = 4, "(n, c, h, w)"

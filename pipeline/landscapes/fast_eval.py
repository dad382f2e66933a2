"""Eval-mode forward passes for the landscape grids, about 3x faster than ``model.forward``.

A loss surface is thousands of forward passes of one architecture with different weights,
always in eval mode. :class:`FastEval` reads the model's layer tree once and then runs
``forward(x, state)`` for any ``state`` (name -> array, parameters and BatchNorm running
statistics as ``model.state()`` names them), computing what ``model.eval().forward`` computes:
- activations stay channels-last, ``(n, h, w, c)``, so im2col copies runs of ``kw * c``
  contiguous numbers instead of gathering 3-number runs (the engine's (n, c, h, w) im2col
  spends most of its time in that copy);
- an eval-mode BatchNorm2D right after a Conv2D is folded into it (Ioffe & Szegedy 2015:
  ``w' = w * g``, ``b' = (b - mean) * g + beta``, ``g = gamma / sqrt(var + eps)``);
- Flatten turns back to (n, c, h, w) order first, so Dense weights are used as stored.
Results equal the engine's to float32 rounding (tests/pipeline/test_fast_eval.py checks
every layer kind the zoo uses). Build-time only: the browser runs the engine itself.
"""
import numpy as np
from numpy.lib.stride_tricks import as_strided

from pyplayground import activations, losses

SUPPORTED = ("Conv2D", "BatchNorm2D", "BatchNorm1D", "Dense", "ReLU", "Tanh", "Sigmoid", "Linear", "Activation",
             "Residual", "AvgPool2D", "MaxPool2D", "Flatten")


def _plan(layers, prefix):
    """A list of ``(kind, path, layer, fused BatchNorm path or None)`` for a chain of layers."""
    out, i = [], 0
    while i < len(layers):
        layer, path = layers[i], prefix + str(i)
        kind = type(layer).__name__
        if kind not in SUPPORTED:
            raise ValueError("FastEval cannot run a %s layer; supported: %s" % (kind, ", ".join(SUPPORTED)))
        if kind == "Residual":
            shortcut = None if layer.shortcut is None else _plan(layer.shortcut.layers, path + ".shortcut.")
            out.append((kind, path, (_plan(layer.block.layers, path + ".block."), shortcut), None))
        elif kind == "Conv2D" and i + 1 < len(layers) and type(layers[i + 1]).__name__ == "BatchNorm2D":
            out.append((kind, path, layer, (prefix + str(i + 1), layers[i + 1])))
            i += 1
        else:
            out.append((kind, path, layer, None))
        i += 1
    return out


def _bn_scale(state, path, bn):
    """Per-channel ``(g, shift)`` of an eval-mode BatchNorm: ``y = x * g + shift`` (float64)."""
    g = np.asarray(state[path + ".weight"], np.float64) / np.sqrt(np.asarray(state[path + ".running_var"], np.float64)
                                                                   + bn.eps)
    shift = np.asarray(state[path + ".bias"], np.float64) - np.asarray(state[path + ".running_mean"], np.float64) * g
    return g, shift


def _conv(x, weight, bias, stride, padding):
    """Channels-last convolution: ``x (n, h, w, c)``, ``weight (o, c, kh, kw)`` -> ``(n, oh, ow, o)``."""
    if padding:
        n, h, w, c = x.shape
        xp = np.zeros((n, h + 2 * padding, w + 2 * padding, c), dtype=x.dtype)
        xp[:, padding:padding + h, padding:padding + w] = x
    else:
        xp = x
    n, h, w, c = xp.shape
    o, _, kh, kw = weight.shape
    oh, ow = (h - kh) // stride + 1, (w - kw) // stride + 1
    s = xp.strides
    win = as_strided(xp, (n, oh, ow, kh, kw, c), (s[0], s[1] * stride, s[2] * stride, s[1], s[2], s[3]))
    cols = win.reshape(n * oh * ow, kh * kw * c)
    w_mat = weight.transpose(2, 3, 1, 0).reshape(kh * kw * c, o)   # rows in (kh, kw, c) order, like cols
    return (cols @ w_mat + bias).reshape(n, oh, ow, o)


def _pool(x, k, stride, reduce):
    n, h, w, c = x.shape
    oh, ow = (h - k) // stride + 1, (w - k) // stride + 1
    s = x.strides
    win = as_strided(x, (n, oh, ow, k, k, c), (s[0], s[1] * stride, s[2] * stride, s[1], s[2], s[3]))
    return reduce(win, axis=(3, 4))


class FastEval:
    """Eval-mode forward of an ``nn.Sequential`` with weights given per call (module docstring)."""

    def __init__(self, model):
        self.plan = _plan(model.layers, "")
        self.dtype = np.dtype(model.dtype)
        self.input_shape = model.input_shape
        self._loss = losses.get(model.loss_name)

    def prepare(self, x):
        """The model's input ``x (n, c, h, w)`` or ``(n, d)`` in the layout :meth:`forward` takes."""
        x = np.asarray(x, dtype=self.dtype)
        return np.ascontiguousarray(x.transpose(0, 2, 3, 1)) if x.ndim == 4 else x

    def forward(self, x, state):
        """Logits ``(n, k)`` for ``x`` from :meth:`prepare`, with the weights in ``state``."""
        return self._run(self.plan, x, state)

    def loss_and_accuracy(self, x, y, state, batch_size=500):
        """Mean loss and accuracy over ``(x, y)``, in batches, as the engine's evaluation sums them."""
        total_loss, correct = 0.0, 0
        for start in range(0, len(x), batch_size):
            out = self.forward(x[start:start + batch_size], state)
            yb = y[start:start + batch_size]
            total_loss += self._loss(out, yb)[0] * len(yb)
            correct += int(np.sum(out.argmax(axis=1) == yb))
        return total_loss / len(x), correct / float(len(x))

    def _param(self, state, name):
        return np.asarray(state[name], dtype=self.dtype)

    def _run(self, plan, x, state):
        for kind, path, layer, fused in plan:
            if kind == "Conv2D":
                weight, bias = self._param(state, path + ".weight"), self._param(state, path + ".bias")
                if fused is not None:
                    g, shift = _bn_scale(state, fused[0], fused[1])
                    weight = (weight * g[:, None, None, None]).astype(self.dtype)
                    bias = (bias * g + shift).astype(self.dtype)
                x = _conv(x, weight, bias, layer.stride, layer.padding)
            elif kind in ("BatchNorm2D", "BatchNorm1D"):
                g, shift = _bn_scale(state, path, layer)
                x = x * g.astype(self.dtype) + shift.astype(self.dtype)  # the channel axis is last either way
            elif kind == "Dense":
                x = x @ self._param(state, path + ".weight") + self._param(state, path + ".bias")
            elif kind == "Residual":
                block, shortcut = layer
                skip = x if shortcut is None else self._run(shortcut, x, state)
                x = self._run(block, x, state) + skip
            elif kind == "AvgPool2D":
                x = _pool(x, layer.kernel_size, layer.stride, np.mean).astype(self.dtype)
            elif kind == "MaxPool2D":
                x = _pool(x, layer.kernel_size, layer.stride, np.max)
            elif kind == "Flatten":
                x = (x.transpose(0, 3, 1, 2) if x.ndim == 4 else x).reshape(x.shape[0], -1)
            else:  # an elementwise activation
                x = activations.get(layer.name).fn(x)
        return x

"""Loss and accuracy on the training and the test set from one forward pass over both.

The page shows both losses after every train request, several times a second, so in the
browser's Pyodide (where a NumPy call costs microseconds whatever its size) measuring
costs like an epoch. The sets are stacked once per data; one pass of calls (``np.matmul``,
which on hundreds of rows is 2-3 times as fast as ``np.dot`` in Pyodide's BLAS-less NumPy,
then bias and activation in place) evaluates every row as :meth:`nn.MLP.loss_and_output`
does, and each split's loss is the output layer's own loss on its rows (checked in
``tests/engine/test_split_stats.py``).
"""
import math

import numpy as np

from .epoch_trainer import activation_calls


class SplitStats:
    """``net``'s ``(loss, accuracy)`` on each of ``splits`` ``[(inputs (n, d_in), y), ...]``."""

    def __init__(self, net, splits, multiclass):
        self.net = net
        self.multiclass = multiclass
        lengths = [len(x) for x, _ in splits]
        self.bounds = np.cumsum([0] + lengths).tolist()
        self.ys = [y for _, y in splits]
        rows = self.bounds[-1]
        self.inputs = np.concatenate([np.asarray(x, dtype=np.float64) for x, _ in splits]) if rows else None
        self.targets = [net.output_layer.targets(y, (len(y), net.sizes[-1])) for y in self.ys]
        self.zs = [np.empty((rows, n)) for n in net.sizes[1:]]

    def measure(self):
        """``[(loss, accuracy), ...]`` per split: None for both without rows, None for a loss that
        overflows; accuracy is the share predicted right (the sign, or the argmax for multiclass)."""
        if self.inputs is None:
            return [(None, None)] * len(self.ys)
        net = self.net
        last = len(net.weights) - 1
        a = self.inputs
        with np.errstate(over="ignore", invalid="ignore"):
            for layer, (w, b) in enumerate(zip(net.weights, net.biases)):
                z = self.zs[layer]
                np.matmul(a, w, out=z)
                np.add(z, b, z)
                if layer < last:
                    for call, args in activation_calls(net.activation, z, z):  # in place
                        call(*args)
                    a = z
            out = net.output_layer.fn(z)
            return [self._split(z, out, i) for i in range(len(self.ys))]

    def _split(self, z, out, i):
        lo, hi = self.bounds[i], self.bounds[i + 1]
        if lo == hi:
            return None, None
        loss = self.net.output_layer.loss(z[lo:hi], out[lo:hi], self.targets[i])
        if self.multiclass:
            predicted = np.argmax(out[lo:hi], axis=1).astype(np.float64)
        else:
            predicted = np.where(out[lo:hi, 0] >= 0.0, 1.0, -1.0)
        return (loss if math.isfinite(loss) else None), float(np.mean(predicted == self.ys[i]))

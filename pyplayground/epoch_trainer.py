"""One epoch of :meth:`nn.MLP.step` in a quarter of the NumPy calls.

In the browser's Pyodide a NumPy call costs microseconds whatever its size, and the
playground's networks are tiny, so an epoch's time is the number of calls. This runs the
same arithmetic as ``nn.MLP.step`` (TF Playground's rule: data step, then the L1/L2 step
with R' of the weight before it, L1 killing links it carries across zero) on preallocated
buffers:

- every layer's bias and weights are one block ``(1 + d_in, d_out)`` (bias in row 0) of one
  flat parameter vector, and each layer's input carries a leading column of ones, so one
  product gives ``z = b + a @ W`` (TF's summation order: the bias first) and one product
  ``[1, a].T @ d_z`` gives both gradients;
- the update is two calls on the flat vector (``p -= lr * g``), plus the penalty's few;
- the activation's derivative comes from its output where that is exact (tanh, sigmoid,
  ReLU, linear), so no activation is evaluated twice.

``nn.MLP.step`` stays the readable reference; ``tests/engine/test_epoch_trainer.py``
checks this against it, step by step, for every activation, output, penalty and dead link.
"""
import numpy as np

from . import activations as _activations
from . import outputs as _outputs
from . import regularization as _regularization


def _der_from_output(name):
    """``der(z, a, out)``: d a / d z into ``out`` from the activation's output ``a`` (and ``z``)."""
    if name == "tanh":
        def der(z, a, out):
            np.multiply(a, a, out)
            np.subtract(1.0, out, out)
    elif name == "sigmoid":
        def der(z, a, out):
            np.subtract(1.0, a, out)
            np.multiply(a, out, out)
    elif name == "relu":
        def der(z, a, out):
            np.greater(z, 0.0, out, casting="unsafe")
    elif name == "linear":
        def der(z, a, out):
            out.fill(1.0)
    else:
        return None
    return der


class _Activation:
    """An activation writing into given arrays; falls back to ``fn``/``der`` of the registry."""

    def __init__(self, name, act):
        self.act = act
        self.name = name
        self._der = _der_from_output(name)

    def forward(self, z, out):
        if self.name == "tanh":
            np.tanh(z, out)
        elif self.name == "relu":
            np.maximum(z, 0.0, out=out)
        else:
            out[...] = self.act.fn(z)

    def derivative(self, z, a, out):
        if self._der is not None:
            self._der(z, a, out)
        else:
            out[...] = self.act.der(z)


class EpochTrainer:
    """Runs epochs of ``net``'s SGD on batches of ``(X, y)`` rows, writing the result back to ``net``."""

    def __init__(self, net):
        self.net = net
        sizes = net.sizes
        self.n_layers = len(sizes) - 1
        self.hidden = _Activation(net.activation, net._act)
        self.softmax = net.output_activation == _outputs.SOFTMAX
        self.output = None if self.softmax else _Activation(net.output_activation,
                                                            _activations.get(net.output_activation))
        blocks = [(1 + sizes[l]) * sizes[l + 1] for l in range(self.n_layers)]
        self.offsets = np.concatenate([[0], np.cumsum(blocks)]).astype(int).tolist()
        self.params = np.empty(self.offsets[-1])
        self.grads = np.empty_like(self.params)
        self.scratch = np.empty_like(self.params)
        self.penalty = np.empty_like(self.params)
        self.weight_mask = np.ones_like(self.params)  # 0 at biases: the penalty skips them
        self.dead = np.zeros(self.params.shape, dtype=bool)
        for l in range(self.n_layers):
            self.weight_mask[self.offsets[l]:self.offsets[l] + sizes[l + 1]] = 0.0
        self.blocks = [self._block(self.params, l) for l in range(self.n_layers)]
        self.grad_blocks = [self._block(self.grads, l) for l in range(self.n_layers)]
        self.weights_t = [block[1:].T for block in self.blocks]  # W.T, for d loss / d a
        self._buffers = {}

    # -- the flat parameter vector ------------------------------------------------
    def _block(self, flat, l):
        sizes = self.net.sizes
        return flat[self.offsets[l]:self.offsets[l + 1]].reshape(1 + sizes[l], sizes[l + 1])

    def _load(self):
        net = self.net
        for l in range(self.n_layers):
            block = self._block(self.params, l)
            block[0] = net.biases[l]
            block[1:] = net.weights[l]
            self._block(self.dead, l)[1:] = net.dead[l]
        self.any_dead = bool(self.dead.any())

    def _store(self):
        """Hand the parameters back to ``net`` as new arrays (the old ones stay valid for callers)."""
        params = self.params.copy()
        dead = self.dead.copy()
        net = self.net
        net.biases = [self._block(params, l)[0] for l in range(self.n_layers)]
        net.weights = [self._block(params, l)[1:] for l in range(self.n_layers)]
        net.dead = [self._block(dead, l)[1:] for l in range(self.n_layers)]

    # -- buffers per batch size ---------------------------------------------------
    def _views(self, m):
        """Activations with a leading ones column, pre-activations, deltas for batches of ``m`` rows."""
        if m not in self._buffers:
            sizes = self.net.sizes
            inputs = [None] + [np.ones((m, 1 + n)) for n in sizes[1:-1]]   # layer l's input [1, a_l]
            zs = [np.empty((m, n)) for n in sizes[1:]]
            deltas = [np.empty((m, n)) for n in sizes[1:]]                  # d loss / d z per layer
            backs = [None] + [np.empty((m, n)) for n in sizes[1:-1]]       # d loss / d a per hidden layer
            ders = [None] + [np.empty((m, n)) for n in sizes[1:-1]]
            out = np.empty((m, sizes[-1]))
            out_der = np.empty((m, sizes[-1]))
            self._buffers[m] = (inputs, zs, deltas, backs, ders, out, out_der)
        return self._buffers[m]

    # -- training -----------------------------------------------------------------
    def run_epoch(self, X, y, order, batch_size, learning_rate, regularization=None, regularization_rate=0.0):
        """Visit ``X[order]`` in batches of ``batch_size``, one SGD step each, as ``net.step`` would.
        Returns True if every parameter is still finite (one call on the flat vector)."""
        reg = _regularization.get(regularization)
        n = len(order)
        if not n:
            return True
        net = self.net
        inputs = np.ones((n, 1 + X.shape[1]))
        inputs[:, 1:] = X[order]
        targets = net._out_act.targets(y[order], (n, net.sizes[-1]))
        self._load()
        lr = float(learning_rate)
        rate = float(regularization_rate)
        for lo in range(0, n, batch_size):
            hi = min(lo + batch_size, n)
            self._step(inputs[lo:hi], targets[lo:hi], lr, reg, regularization == "L1", rate)
        self._store()
        return bool(np.isfinite(self.params).all())

    def _step(self, x, target, lr, reg, l1, rate):
        m = x.shape[0]
        inputs, zs, deltas, backs, ders, out, out_der = self._views(m)
        inputs = [x] + inputs[1:]
        last = self.n_layers - 1
        blocks = self.blocks
        for l in range(last):
            np.dot(inputs[l], blocks[l], zs[l])
            self.hidden.forward(zs[l], inputs[l + 1][:, 1:])
        np.dot(inputs[last], blocks[last], zs[last])
        d = deltas[last]
        if self.softmax:
            out[...] = _outputs.softmax(zs[last])
            np.subtract(out, target, d)
            np.divide(d, m, d)
        else:
            self.output.forward(zs[last], out)
            np.subtract(out, target, d)
            np.divide(d, m, d)
            self.output.derivative(zs[last], out, out_der)
            np.multiply(d, out_der, d)
        for l in range(last, -1, -1):
            np.dot(inputs[l].T, d, self.grad_blocks[l])
            if l:
                np.dot(d, self.weights_t[l], backs[l])
                a = inputs[l][:, 1:]
                self.hidden.derivative(zs[l - 1], a, ders[l])
                d = deltas[l - 1]
                np.multiply(backs[l], ders[l], d)
        self._update(lr, reg, l1, rate)

    def _update(self, lr, reg, l1, rate):
        p, g, s = self.params, self.grads, self.scratch
        if reg is None:
            np.multiply(g, lr, s)
            np.subtract(p, s, p)
        else:
            pen = self.penalty
            pen[...] = reg.der(p)                    # R' of the weights before the data step
            np.multiply(pen, lr * rate, pen)
            np.multiply(pen, self.weight_mask, pen)  # biases are never regularized
            np.multiply(g, lr, s)
            np.subtract(p, s, s)                     # the data step
            np.subtract(s, pen, p)                   # the regularization step
            if l1:
                crossed = (s * p < 0) & ~self.dead   # carried across zero: set to 0, dead for good
                if crossed.any():
                    p[crossed] = 0.0
                    if self.any_dead:
                        np.copyto(p, 0.0, where=self.dead)  # links dead before this step skip it
                    self.dead |= crossed
                    self.any_dead = True
                    return
        if self.any_dead:
            np.copyto(p, 0.0, where=self.dead)

"""One epoch of :meth:`nn.MLP.step` as a prepared list of NumPy calls.

In the browser's Pyodide a NumPy call costs microseconds whatever its size, and the
playground's networks are tiny, so an epoch's time is the number of calls and the Python
around them. This runs the same arithmetic as ``nn.MLP.step`` (TF Playground's rule: data
step, then the L1/L2 step with R' of the weight before it, L1 killing links it carries
across zero) on preallocated buffers:

- every layer's bias and weights are one block ``(1 + d_in, d_out)`` (bias in row 0) of one
  flat parameter vector, and each layer's input carries a leading column of ones, so one
  product gives ``z = b + a @ W`` (TF's summation order: the bias first) and one product
  ``[1, a].T @ d_z`` gives both gradients;
- the hidden layers' inputs lie one after another in one buffer, so the activation's
  derivative for all of them is two calls, computed from the outputs (exact for tanh,
  sigmoid, ReLU and linear: no activation is evaluated twice);
- the update is two calls on the flat vector (``p -= lr * g``), plus the penalty's few;
- the calls of a whole epoch, each a function and the buffers it takes, are made once per
  (points, inputs, batch size, penalty, whether links are dead) and then replayed:
  ``for f, args in calls: f(*args)``; the rates are read from two 0-d arrays set every epoch.

``nn.MLP.step`` stays the readable reference; ``tests/engine/test_epoch_trainer.py``
checks this against it, step by step, for every activation, output, penalty and dead link.
"""
import functools

import numpy as np

from .. import activations as _activations
from .. import outputs as _outputs
from .. import regularization as _regularization

# np.dot without the __array_function__ dispatch in front of it (about a third of a small
# product's time in Pyodide's numpy 1.17); every argument here is a plain ndarray.
_dot = getattr(np.dot, "__wrapped__", np.dot)


def _assign(fn, z, out):
    out[...] = fn(z)


def activation_calls(name, z, out):
    """The calls that write activation ``name`` of ``z`` into ``out``."""
    if name == "tanh":
        return [(np.tanh, (z, out))]
    if name == "relu":
        return [(functools.partial(np.maximum, out=out), (z, 0.0))]
    if name == "linear":
        return [(np.copyto, (out, z))]
    return [(_assign, (_activations.get(name).fn, z, out))]  # sigmoid: nn.MLP's own overflow-safe form


def _derivative_calls(name, a, out):
    """The calls that write d a / d z into ``out`` from the activation's output ``a``."""
    if name == "tanh":                        # 1 - a^2
        return [(np.multiply, (a, a, out)), (np.subtract, (1.0, out, out))]
    if name == "sigmoid":                     # a (1 - a)
        return [(np.subtract, (1.0, a, out)), (np.multiply, (a, out, out))]
    if name == "relu":                        # a > 0 exactly where z > 0
        return [(functools.partial(np.greater, casting="unsafe"), (a, 0.0, out))]
    if name == "linear":  # the derivative is 1 everywhere: set once, here, not per batch
        out.fill(1.0)
        return []
    raise ValueError("no derivative from the output for activation %r" % (name,))


class _BatchBuffers:
    """Every intermediate of one SGD step on ``m`` rows."""

    def __init__(self, sizes, m):
        hidden = sizes[1:-1]
        bounds = np.cumsum([0] + [m * (1 + n) for n in hidden]).tolist()
        self.hidden_flat = np.ones(bounds[-1])       # layer l's input [1, a_l], l >= 1, one after another
        self.der_flat = np.empty(bounds[-1])         # d a / d z of the same, same layout
        shape = lambda l: (m, 1 + hidden[l])          # noqa: E731
        self.inputs = [None] + [self.hidden_flat[bounds[l]:bounds[l + 1]].reshape(shape(l)) for l in range(len(hidden))]
        self.ders = [None] + [self.der_flat[bounds[l]:bounds[l + 1]].reshape(shape(l))[:, 1:] for l in range(len(hidden))]
        self.zs = [np.empty((m, n)) for n in sizes[1:]]
        self.deltas = [np.empty((m, n)) for n in sizes[1:]]       # d loss / d z per layer
        self.backs = [None] + [np.empty((m, n)) for n in hidden]  # d loss / d a per hidden layer
        self.out = np.empty((m, sizes[-1]))
        self.out_der = np.empty((m, sizes[-1]))


class EpochTrainer:
    """Runs epochs of ``net``'s SGD on batches of ``(X, y)`` rows, writing the result back to ``net``."""

    def __init__(self, net):
        self.net = net
        sizes = net.sizes
        self.n_layers = len(sizes) - 1
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
        self.lr = np.zeros(())            # the learning rate, read by the prepared calls
        self.penalty_step = np.zeros(())  # learning rate x regularization rate
        self.any_dead = False
        self._buffers = {}                # batch rows -> _BatchBuffers
        self._epoch = (None, None)        # (key, (inputs, targets, calls)) of the last epoch prepared

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

    # -- training -----------------------------------------------------------------
    def run_epoch(self, X, y, order, batch_size, learning_rate, regularization=None, regularization_rate=0.0):
        """Visit ``X[order]`` in batches of ``batch_size``, one SGD step each, as ``net.step`` would.
        Returns True if every parameter is still finite (one call on the flat vector)."""
        reg = _regularization.get(regularization)
        n = len(order)
        if not n:
            return True
        self._load()
        self.lr[()] = float(learning_rate)
        self.penalty_step[()] = float(learning_rate) * float(regularization_rate)
        inputs, targets, calls = self._prepared(n, X.shape[1], int(batch_size), reg)
        inputs[:, 1:] = X[order]
        targets[...] = self.net.output_layer.targets(y[order], targets.shape)
        for call, args in calls:
            call(*args)
        self._store()
        return bool(np.isfinite(self.params).all())

    def _prepared(self, n, d_in, batch_size, reg):
        """The epoch's input and target buffers and its calls, made again only when the key changes."""
        key = (n, d_in, batch_size, reg, self.any_dead)
        if self._epoch[0] != key:
            inputs = np.ones((n, 1 + d_in))
            targets = np.empty((n, self.net.sizes[-1]))
            calls = []
            for lo in range(0, n, batch_size):
                hi = min(lo + batch_size, n)
                calls += self._step_calls(inputs[lo:hi], targets[lo:hi])
                calls += self._update_calls(reg)
            self._epoch = (key, (inputs, targets, calls))
        return self._epoch[1]

    def _step_calls(self, x, target):
        """The calls of one batch's forward and backward pass, leaving the gradient in ``self.grads``."""
        m = x.shape[0]
        if m not in self._buffers:
            self._buffers[m] = _BatchBuffers(self.net.sizes, m)
        buf = self._buffers[m]
        net = self.net
        inputs = [x] + buf.inputs[1:]
        last = self.n_layers - 1
        calls = []
        for l in range(last):
            calls.append((_dot, (inputs[l], self.blocks[l], buf.zs[l])))
            calls += activation_calls(net.activation, buf.zs[l], inputs[l + 1][:, 1:])
        calls.append((_dot, (inputs[last], self.blocks[last], buf.zs[last])))
        d = buf.deltas[last]
        if net.output_activation == _outputs.SOFTMAX:
            calls += [(_assign, (_outputs.softmax, buf.zs[last], buf.out)),
                      (np.subtract, (buf.out, target, d)), (np.divide, (d, m, d))]
        else:
            calls += activation_calls(net.output_activation, buf.zs[last], buf.out)
            calls += [(np.subtract, (buf.out, target, d)), (np.divide, (d, m, d))]
            calls += _derivative_calls(net.output_activation, buf.out, buf.out_der)
            calls.append((np.multiply, (d, buf.out_der, d)))
        if last:
            calls += _derivative_calls(net.activation, buf.hidden_flat, buf.der_flat)  # every hidden layer at once
        for l in range(last, -1, -1):
            calls.append((_dot, (inputs[l].T, d, self.grad_blocks[l])))
            if l:
                calls.append((_dot, (d, self.weights_t[l], buf.backs[l])))
                calls.append((np.multiply, (buf.backs[l], buf.ders[l], buf.deltas[l - 1])))
                d = buf.deltas[l - 1]
        return calls

    def _update_calls(self, reg):
        p, g, s = self.params, self.grads, self.scratch
        if reg is None:
            calls = [(np.multiply, (g, self.lr, s)), (np.subtract, (p, s, p))]
            if self.any_dead:
                calls.append((functools.partial(np.copyto, where=self.dead), (p, 0.0)))
            return calls
        return [(self._regularized_update, (reg, reg is _regularization.get("L1")))]

    def _regularized_update(self, reg, l1):
        p, g, s = self.params, self.grads, self.scratch
        pen = self.penalty
        pen[...] = reg.der(p)                    # R' of the weights before the data step
        np.multiply(pen, self.penalty_step, pen)
        np.multiply(pen, self.weight_mask, pen)  # biases are never regularized
        np.multiply(g, self.lr, s)
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

"""A network as a list of layers with a loss: ``nn.Sequential``, and saving it (:mod:`.files` loads it).

``model.forward(X)`` returns the last layer's output (logits for "cross_entropy");
``X`` is ``(n, c, h, w)`` for image models or ``(n, d)``, cast to the model's dtype.
Parameters are live arrays named by dotted paths in layer order (``"0.weight"``,
``"4.block.0.bias"``), weight before bias; buffers (BatchNorm running statistics) likewise.

File format (``.npz``, read by ``np.load(..., allow_pickle=False)``, so the browser's numpy
1.17 reads it too): key ``"architecture"`` holds JSON ``{"format", "version", "loss",
"dtype", "input_shape", "layers"}``; every parameter and buffer is stored under its name.
"""
import json
from collections import OrderedDict

import numpy as np

from .. import layers as _layers
from .. import losses as _losses

FORMAT = "pyplayground.sequential"
FORMAT_VERSION = 1
DTYPES = ("float64", "float32")


class Sequential:
    """Layers applied in order, trained on ``loss``; see the module docstring."""

    def __init__(self, layers, loss="cross_entropy", seed=0, dtype="float64", input_shape=None):
        if dtype not in DTYPES:
            raise ValueError("unknown dtype %r; valid: %s" % (dtype, ", ".join(map(repr, DTYPES))))
        self._loss = _losses.get(loss)
        self.loss_name, self.dtype, self.seed = loss, dtype, seed
        self.body = _layers.Chain(layers)
        self.layers = self.body.layers
        self.input_shape = None if input_shape is None else tuple(int(s) for s in input_shape)
        if self.input_shape is not None:
            self.body.output_shape(self.input_shape)  # fail early on layers that do not fit together
        self.body.initialize(np.random.default_rng(seed), np.dtype(dtype))

    # -- running ----------------------------------------------------------------
    def _input(self, X):
        X = np.asarray(X, dtype=self.dtype)
        if self.input_shape is not None and X.shape[1:] != self.input_shape:
            raise ValueError("X must be (n,) + %r, got shape %r" % (self.input_shape, X.shape))
        return X

    def forward(self, X):
        """The last layer's output for the batch ``X``; keeps what :meth:`backward` needs."""
        return self.body.forward(self._input(X))

    def backward(self, d_out):
        """Gradient of the input for ``d_out`` (d something / d output) after :meth:`forward`;
        fills every layer's ``grads``. Used for input gradients (sensitivity, feature visualization)."""
        return self.body.backward(np.asarray(d_out, dtype=self.dtype))

    def activations(self, X):
        """OrderedDict top-level layer index (str) -> its output for ``X``, in order."""
        x, out = self._input(X), OrderedDict()
        for i, layer in enumerate(self.layers):
            x = layer.forward(x)
            out[str(i)] = x
        return out

    def loss(self, X, y):
        """Batch-mean loss of ``forward(X)`` against ``y`` (class labels for cross-entropy)."""
        return self._loss(self.forward(X), y)[0]

    def loss_of_output(self, out, y):
        """The batch-mean loss of an output already computed by :meth:`forward`."""
        return self._loss(out, y)[0]

    def loss_and_gradients(self, X, y):
        """``(loss, output, grads)`` from one forward and one backward pass."""
        out = self.forward(X)
        loss, d_out = self._loss(out, y)
        self.body.backward(d_out)
        return loss, out, OrderedDict(self.body.named_arrays("grads"))

    def gradients(self, X, y):
        """Exact gradients of :meth:`loss`: an OrderedDict like :meth:`parameters`."""
        return self.loss_and_gradients(X, y)[2]

    # -- state --------------------------------------------------------------------
    def parameters(self):
        """OrderedDict dotted name -> live parameter array, in layer order (weight before bias)."""
        return OrderedDict(self.body.named_arrays("params"))

    def buffers(self):
        """OrderedDict dotted name -> live buffer (BatchNorm ``running_mean``, ``running_var``)."""
        return OrderedDict(self.body.named_arrays("buffers"))

    def state(self):
        """Copies of every parameter and buffer, by name: what :meth:`set_state` restores."""
        return OrderedDict((k, v.copy()) for k, v in list(self.parameters().items()) + list(self.buffers().items()))

    def set_state(self, values):
        """Copy arrays into parameters/buffers by name (shapes must match; missing names stay)."""
        live = self.parameters()
        live.update(self.buffers())
        for name, value in values.items():
            if name not in live:
                raise ValueError("unknown parameter %r; valid: %s" % (name, ", ".join(live)))
            value = np.asarray(value)
            if value.shape != live[name].shape:
                raise ValueError("%s has shape %r, expected %r" % (name, value.shape, live[name].shape))
            live[name][...] = value

    def train(self):
        self.body.set_training(True)
        return self

    def eval(self):
        self.body.set_training(False)
        return self

    def parameter_count(self):
        return self.body.parameter_count()

    def config(self):
        return {"format": FORMAT, "version": FORMAT_VERSION, "loss": self.loss_name, "dtype": self.dtype,
                "input_shape": None if self.input_shape is None else list(self.input_shape),
                "layers": self.body.config()}

    # -- files --------------------------------------------------------------------
    def save(self, path):
        """Write the architecture, parameters and buffers to ``path`` (a file name or binary file)."""
        arrays = OrderedDict([("architecture", np.array(json.dumps(self.config(), sort_keys=True)))])
        for name, value in list(self.parameters().items()) + list(self.buffers().items()):
            arrays[name] = value
        if hasattr(path, "write"):
            np.savez_compressed(path, **arrays)
        else:
            with open(path, "wb") as f:  # a name is kept as given (np.savez would append ".npz")
                np.savez_compressed(f, **arrays)

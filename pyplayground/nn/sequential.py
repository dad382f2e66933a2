"""A network as a list of layers with a loss: ``nn.Sequential``; saving and loading it.

``model.forward(X)`` returns the last layer's output (logits for "cross_entropy");
``X`` is ``(n, c, h, w)`` for image models or ``(n, d)``, cast to the model's dtype.
Parameters are live arrays named by dotted paths in layer order (``"0.weight"``,
``"4.block.0.bias"``), weight before bias; buffers (BatchNorm running statistics) likewise.

File format (``.npz``, read by ``np.load(..., allow_pickle=False)``, so the browser's numpy
1.17 reads it too): key ``"architecture"`` holds JSON ``{"format", "version", "loss",
"dtype", "input_shape", "layers"}``; every parameter and buffer is stored under its name.
"""
import io
import json
import zipfile
from collections import OrderedDict

import numpy as np

from . import layers as _layers
from . import losses as _losses

FORMAT = "pyplayground.sequential"
FORMAT_VERSION = 1
DTYPES = ("float64", "float32")
MAX_PARAMETERS = 20000000     # what load accepts, checked before anything is allocated
MAX_FILE_BYTES = 200 * 2 ** 20


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


def load(source):
    """A model from a file written by :meth:`Sequential.save` (a path, a binary file or bytes).

    A JSON file of ``nn.MLP.to_dict()`` (version 1) loads as an ``nn.MLP``. Anything malformed
    raises ValueError saying what is wrong; sizes are checked before parameters are allocated.
    """
    data = _read_bytes(source)
    if data[:1] == b"{":
        from .nn import MLP
        try:
            return MLP.from_dict(json.loads(data.decode("utf-8")))
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            raise ValueError("model file is not valid JSON: %s" % err) from None
    try:
        archive = np.load(io.BytesIO(data), allow_pickle=False)
        config = json.loads(str(archive["architecture"][()]))
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as err:
        raise ValueError("not a saved pyplayground model (.npz with an architecture): %s" % err) from None
    model = _build(config)
    names = list(model.parameters()) + list(model.buffers())
    missing = [n for n in names if n not in archive.files]
    if missing:
        raise ValueError("model file lacks %s" % ", ".join(missing[:5]))
    values = OrderedDict()
    for name in names:
        value = archive[name]
        if not np.issubdtype(value.dtype, np.floating) or not np.all(np.isfinite(value)):
            raise ValueError("%s must hold finite floating-point numbers" % name)
        values[name] = value
    model.set_state(values)
    return model


def _read_bytes(source):
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif hasattr(source, "read"):
        data = source.read(MAX_FILE_BYTES + 1)
    else:
        with open(source, "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ValueError("model file is larger than %d MB" % (MAX_FILE_BYTES // 2 ** 20))
    if not data:
        raise ValueError("model file is empty")
    return data


def _build(config):
    if not isinstance(config, dict) or config.get("format") != FORMAT:
        raise ValueError("not a saved pyplayground model (expected format %r)" % FORMAT)
    if config.get("version") != FORMAT_VERSION:
        raise ValueError("unsupported model format version %r (this build reads %d)"
                         % (config.get("version"), FORMAT_VERSION))
    count = _count_parameters(config.get("layers"))
    if count > MAX_PARAMETERS:
        raise ValueError("model declares %d parameters; at most %d are accepted" % (count, MAX_PARAMETERS))
    built = _layers.from_config(config.get("layers"))
    if not isinstance(built, list):
        raise ValueError("model layers must be a list")
    try:
        return Sequential(built, loss=config.get("loss"), dtype=config.get("dtype"),
                          input_shape=config.get("input_shape"))
    except TypeError as err:
        raise ValueError("model architecture is malformed: %s" % err) from None


def _count_parameters(configs, depth=0):
    """Parameters a layer list declares, computed from the configs alone (nothing allocated)."""
    if depth > 32 or not isinstance(configs, list):
        raise ValueError("model layers must be a list of layer configurations")
    total = 0
    for c in configs:
        if not isinstance(c, dict):
            raise ValueError("layer configuration must be an object, got %r" % (c,))
        kind, get = c.get("type"), lambda k: _int(c.get(k, 1))
        if kind == "Dense":
            total += get("n_in") * get("n_out") + get("n_out")
        elif kind == "Conv2D":
            total += get("out_channels") * (get("in_channels") * get("kernel_size") ** 2 + 1)
        elif kind in ("BatchNorm1D", "BatchNorm2D"):
            total += 4 * get("num_features")
        elif kind == "Residual":
            total += _count_parameters(c.get("block"), depth + 1)
            if c.get("shortcut") is not None:
                total += _count_parameters(c.get("shortcut"), depth + 1)
    return total


def _int(value):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("layer sizes must be non-negative integers, got %r" % (value,))
    return min(value, 10 ** 9)

"""Loading a model file: ``nn.load`` reads what ``Sequential.save`` or ``MLP.to_dict`` wrote.

An ``.npz`` of :mod:`.sequential`'s format (architecture JSON plus named arrays, read with
``allow_pickle=False``) or a JSON ``MLP.to_dict()``. Everything is checked before it is
allocated: at most :data:`MAX_FILE_BYTES` of file and :data:`MAX_PARAMETERS` parameters, counted
from the architecture alone; anything malformed raises ValueError saying what is wrong.
"""
import io
import json
import zipfile
from collections import OrderedDict

import numpy as np

from .. import layers as _layers
from .mlp import MLP
from .sequential import FORMAT, FORMAT_VERSION, Sequential

MAX_PARAMETERS = 20000000     # what load accepts, checked before anything is allocated
MAX_FILE_BYTES = 200 * 2 ** 20

def load(source):
    """A model from a file written by :meth:`Sequential.save` (a path, a binary file or bytes).

    A JSON file of ``nn.MLP.to_dict()`` (version 1) loads as an ``nn.MLP``. Anything malformed
    raises ValueError saying what is wrong; sizes are checked before parameters are allocated.
    """
    data = _read_bytes(source)
    if data[:1] == b"{":
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

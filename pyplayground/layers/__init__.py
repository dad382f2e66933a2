"""Layers for :class:`pyplayground.nn.Sequential`, one kind per module; see ``base.Layer``.

``from_config(dict)`` rebuilds a layer from ``layer.config()`` (the saved-model format);
unknown types and bad hyperparameters raise ValueError.
"""
from .activation import Activation, Linear, ReLU, Sigmoid, Tanh
from .base import Layer
from .chain import Chain
from .conv import Conv2D
from .dense import Dense
from .norm import BatchNorm1D, BatchNorm2D
from .pool import AvgPool2D, MaxPool2D
from .residual import Residual
from .shape import Flatten

LAYER_TYPES = {cls.__name__: cls for cls in (
    Dense, Conv2D, MaxPool2D, AvgPool2D, BatchNorm1D, BatchNorm2D, Flatten,
    ReLU, Tanh, Sigmoid, Linear, Activation, Residual)}

__all__ = sorted(LAYER_TYPES) + ["Layer", "Chain", "from_config"]


def from_config(config, depth=0):
    """A new layer (or list of layers, for a list) from its ``config()``; ValueError if malformed."""
    if depth > 32:
        raise ValueError("layer configuration nests too deeply")
    if isinstance(config, list):
        return [from_config(c, depth + 1) for c in config]
    if not isinstance(config, dict) or config.get("type") not in LAYER_TYPES:
        kind = config.get("type") if isinstance(config, dict) else config
        raise ValueError("unknown layer type %r; valid: %s" % (kind, ", ".join(sorted(LAYER_TYPES))))
    kwargs = {k: v for k, v in config.items() if k != "type"}
    if config["type"] == "Residual":
        shortcut = kwargs.get("shortcut")
        return Residual(from_config(kwargs.get("block", []), depth + 1),
                        None if shortcut is None else from_config(shortcut, depth + 1))
    try:
        return LAYER_TYPES[config["type"]](**kwargs)
    except TypeError as err:
        raise ValueError("bad %s configuration %r: %s" % (config["type"], config, err)) from None

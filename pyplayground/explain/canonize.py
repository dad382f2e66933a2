"""Prepare a model for explanation: MLPs as layers, BatchNorm merged into the layer before it.

zennit's ``SequentialMergeBatchNorm`` canonizer: in eval mode ``BN(conv(x))`` is one affine
map, so ``w' = w * gamma / sigma`` (per output filter) and ``b' = (b - mu) * gamma / sigma + beta``
with ``sigma = sqrt(running_var + eps)``. LRP rules then see the layer the network really
computes. A BatchNorm with no Dense or Conv2D right before it passes relevance through.
"""
from collections import OrderedDict

import numpy as np

from .. import layers as L
from .. import nn


def as_layers(model):
    """Top-level layers of ``model`` in eval mode (a copy; the model is untouched) with BN merged.

    ``nn.MLP`` becomes Dense + activation layers without the output activation, so relevance
    starts from the output unit's pre-activation (its logit).
    """
    if isinstance(model, nn.MLP):
        stack = []
        for i, (w, b) in enumerate(zip(model.weights, model.biases)):
            dense = L.Dense(*w.shape)
            dense.params = OrderedDict([("weight", w.copy()), ("bias", b.copy())])
            stack.append(dense)
            if i < len(model.weights) - 1:
                stack.append(L.Activation(model.activation))
        return stack
    if not isinstance(model, nn.Sequential):
        raise ValueError("explain needs an nn.MLP or an nn.Sequential, got %r" % type(model).__name__)
    copy = nn.load(_saved(model))
    copy.eval()
    return merge_batchnorm(copy.layers)


def _saved(model):
    import io
    buf = io.BytesIO()
    model.save(buf)
    return buf.getvalue()


def merge_batchnorm(layers):
    out = []
    for layer in layers:
        if isinstance(layer, L.Residual):
            layer.block.layers = merge_batchnorm(layer.block.layers)
            if layer.shortcut is not None:
                layer.shortcut.layers = merge_batchnorm(layer.shortcut.layers)
        if isinstance(layer, (L.BatchNorm1D, L.BatchNorm2D)) and out and isinstance(out[-1], (L.Dense, L.Conv2D)):
            _fold(out[-1], layer)
            continue
        out.append(layer)
    return out


def _fold(linear, bn):
    scale = bn.params["weight"] / np.sqrt(bn.buffers["running_var"] + bn.eps)
    w, b = linear.params["weight"], linear.params["bias"]
    w = w * (scale[None, :] if isinstance(linear, L.Dense) else scale[:, None, None, None])
    b = (b - bn.buffers["running_mean"]) * scale + bn.params["bias"]
    linear.params = OrderedDict([("weight", w), ("bias", b)])

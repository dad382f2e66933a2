"""A unit's signal projected back onto the input: plain backprop and deconvolution, as the deep
visualization toolbox (Yosinski et al. 2015, section 2) draws them for a selected unit.

As the toolbox does, the backward signal starts as the selected unit's **own activation**,
all other units zero: for a conv channel its whole map ``a_c (h, w)``, for a dense unit its
value. Then

- ``"backprop"`` is the gradient: ``J^T a_c = d (||a_c||^2 / 2) / d x`` (Simonyan et al. 2014);
- ``"deconv"`` is Zeiler & Fergus 2014's deconvnet: the same backward pass, except that each
  ReLU passes ``max(signal, 0)`` (rectifies the backward signal) instead of masking it by
  where the forward input was positive; max pooling routes through its recorded winners.

Both return ``(n, c, h, w)`` like the input, signed (the page shows the sign). The model is
run in eval mode; its training flag is restored.
"""
import numpy as np

from .. import layers as L

METHODS = ("backprop", "deconv")


def _is_relu(layer):
    return isinstance(layer, L.Activation) and layer.name == "relu"


def deconv_chain(layers, signal):
    """Zeiler-Fergus backward pass over ``layers`` (their forward just ran, caches fresh)."""
    for layer in reversed(layers):
        if _is_relu(layer):
            signal = np.maximum(signal, 0.0)
        elif isinstance(layer, L.Residual):
            main = deconv_chain(layer.block.layers, signal)
            signal = main + (signal if layer.shortcut is None else deconv_chain(layer.shortcut.layers, signal))
        else:
            signal = layer.backward(signal)
    return signal


def unit_backprop(model, x, layer, channel, method="backprop"):
    """``(signal (n, c, h, w), activation (n,))`` for unit ``channel`` of top-level layer
    ``layer``: the input-space projection (module docstring) and the unit's strength (a
    conv channel's maximum over its map, a dense unit's value)."""
    if method not in METHODS:
        raise ValueError("unknown method %r; valid: %s" % (method, ", ".join(map(repr, METHODS))))
    layers = model.layers[:int(layer) + 1]
    chain = L.Chain(layers)
    was_training = model.body.training
    model.eval()
    try:
        out = chain.forward(np.asarray(x, dtype=model.dtype))
        if not 0 <= int(channel) < out.shape[1]:
            raise ValueError("layer %d has %d units; got unit %r" % (int(layer), out.shape[1], channel))
        d_out = np.zeros_like(out)
        d_out[:, channel] = out[:, channel]
        signal = chain.backward(d_out) if method == "backprop" else deconv_chain(layers, d_out)
    finally:
        model.body.set_training(was_training)
    strength = out[:, channel].reshape(len(out), -1).max(axis=1)
    return np.asarray(signal, dtype=np.float64), np.asarray(strength, dtype=np.float64)

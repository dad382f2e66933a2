"""Layer-wise relevance propagation through a whole network (Bach et al. 2015).

Relevance starts at the target unit's logit (``R = logit`` there, 0 elsewhere) and moves
back layer by layer: a linear layer (Dense, Conv2D) by the rule its kind is assigned,
average pooling by LRP-0 on the pooling map (zennit's ``Norm`` rule), max pooling to each
window's winner, activations and Flatten unchanged, and a residual sum ``z = block + skip``
split in proportion to each path's share (``R_path = path / z * R``; zennit's ``Norm`` on the
sum) before each path propagates its part.
"""
import numpy as np

from .. import layers as L
from . import rules as _rules


def forward(layers, x):
    """``(inputs, output)``: the input of each of ``layers`` (applied in order to ``x``) and the last output."""
    inputs = []
    for layer in layers:
        inputs.append(x)
        x = layer.forward(x)
    return inputs, x


def propagate_chain(layers, x, relevance, assign, first=True, inputs=None, trace=None):
    """Relevance at the input of ``layers`` (applied in order to ``x``) for output ``relevance``.

    ``assign(kind, is_first)`` returns the rule function for a linear layer: a callable
    ``(layer, a, R) -> R_in``. ``first`` says whether ``layers[0]`` sees the network's input.
    ``inputs``: each layer's input from :func:`forward`, when already computed for ``x``.
    ``trace``: a list that receives ``(i, R)``, the relevance at the input of ``layers[i]``, for
    every layer from the last to the first.
    """
    if inputs is None:
        inputs, _ = forward(layers, x)
    first_linear = next((i for i, l in enumerate(layers) if isinstance(l, (L.Dense, L.Conv2D))), None)
    for i in range(len(layers) - 1, -1, -1):
        layer, a = layers[i], inputs[i]
        if isinstance(layer, (L.Dense, L.Conv2D)):
            relevance = assign(type(layer).__name__, first and i == first_linear)(layer, a, relevance)
        elif isinstance(layer, L.AvgPool2D):
            relevance = _rules.propagate(layer, a, relevance, _rules.lrp0())
        elif isinstance(layer, L.MaxPool2D):
            layer.forward(a)
            relevance = layer.backward(relevance)  # the gradient is 1 at each window's winner
        elif isinstance(layer, L.Flatten):
            relevance = relevance.reshape(a.shape)
        elif isinstance(layer, L.Residual):
            relevance = _residual(layer, a, relevance, assign, first and i <= (first_linear or 0))
        # activations and unmerged BatchNorm pass relevance through unchanged
        if trace is not None:
            trace.append((i, relevance))
    return relevance


def _residual(layer, a, relevance, assign, first):
    main = layer.block.forward(a)
    skip = a if layer.shortcut is None else layer.shortcut.forward(a)
    s = relevance / _rules.TINY(main + skip)
    out = propagate_chain(layer.block.layers, a, main * s, assign, first)
    if layer.shortcut is None:
        return out + skip * s
    return out + propagate_chain(layer.shortcut.layers, a, skip * s, assign, first)


def start_relevance(logits, target):
    """``R`` at the output: the target logit in its column, zeros elsewhere; ``target (n,)`` ints."""
    R = np.zeros_like(logits)
    rows = np.arange(len(logits))
    R[rows, target] = logits[rows, target]
    return R

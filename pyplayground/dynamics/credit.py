"""Credit assignment between consecutive unit layers (DGMTracker's forward contribution).

For a unit i of a unit layer (its output after the activation, ``a_i``; a channel for a
convolution) and a unit j of the next unit layer (its pre-activation ``z_j``, the output of
the next Dense/Conv2D before its activation), the layers between them are linear (Flatten,
Dense, Conv2D), so ``z_j - bias_j`` is a sum of one part per unit i: the linear layers applied
to ``a`` with every unit but i set to zero. Over a batch of inputs and j's positions:

    C[i, j] = mean over inputs and positions of (linear layers)(a with only unit i) [j]

and unit i's forward credit is ``c_i = sum_j C[i, j]``, the mean total input it sends to the
next layer, scaled by the layer's largest ``|c|`` to [-1, 1] (positive: it drives the next
layer's units up on average; negative: it holds them down). ``|C[i, j]|`` is the link strength.
"""
import numpy as np


def _apply(layers, x):
    for layer in layers:
        x = layer.forward(x)
    return x


def contributions(model, outputs, first, second):
    """``C (units of first, units of second)`` (module docstring).

    ``outputs``: ``model.activations(X)`` (top-level layer index (str) -> output); ``first`` and
    ``second``: entries of :func:`pyplayground.units.unit_layers` for consecutive unit layers."""
    a = outputs[str(first["index"])]
    between = model.layers[first["index"] + 1:second["source"] + 1]
    zero = _apply(between, np.zeros_like(a[:1]))            # the biases alone
    units = a.shape[1]
    out = []
    for i in range(units):
        only = np.zeros_like(a)
        only[:, i] = a[:, i]
        z = _apply(between, only) - zero
        axes = (0,) + tuple(range(2, z.ndim))                # inputs and positions
        out.append(np.mean(z, axis=axes, dtype=np.float64))
    return np.array(out)


def forward_credit(C):
    """``c_i = sum_j C[i, j]`` scaled to [-1, 1] by the largest magnitude (zeros stay zeros)."""
    c = np.asarray(C, dtype=np.float64).sum(axis=1)
    peak = np.max(np.abs(c)) if c.size else 0.0
    return c / peak if peak > 0 else c

"""An ``nn.MLP``'s parameters by name and as one flat vector, and back.

Names and order: ``w0, b0, w1, b1, ...`` (``w<l>`` is ``weights[l] (sizes[l], sizes[l+1])``,
``b<l>`` is ``biases[l] (sizes[l+1],)``); the flat vector holds each array row-major in that order.
This is the order the worker's ``include_params`` sends and ``set_params`` reads, the landscape's
directions and the recorded weight path use.
"""
from collections import OrderedDict

import numpy as np


def mlp_parameters(net):
    """An ``nn.MLP``'s parameters as an ordered name -> array dict: w0, b0, w1, b1, ..."""
    params = OrderedDict()
    for layer, (w, b) in enumerate(zip(net.weights, net.biases)):
        params["w%d" % layer] = w
        params["b%d" % layer] = b
    return params


def flat_parameters(net):
    """Every parameter of ``net`` in one vector, in :func:`mlp_parameters` order."""
    return np.concatenate([np.ravel(p) for p in mlp_parameters(net).values()])


def unflatten(vector, like):
    """``vector`` cut into arrays shaped like ``like`` (an ordered name -> array dict), by name.

    The pieces are views of ``vector``; ``vector.size`` must be the total size of ``like``."""
    out, offset = OrderedDict(), 0
    for name, p in like.items():
        out[name] = vector[offset:offset + p.size].reshape(p.shape)
        offset += p.size
    return out

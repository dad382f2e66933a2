"""Weight penalties, registered by name (TF Playground's "L1" and "L2").

``penalty(w)`` is the scalar added to the loss, ``der(w)`` its gradient. Only
weights are regularized, never biases, as in TF Playground.
"""
from typing import Callable, NamedTuple

import numpy as np

from . import vocabulary
from .registry import in_order, lookup


class Regularizer(NamedTuple):
    penalty: Callable[[np.ndarray], float]     # scalar penalty of one weight array
    der: Callable[[np.ndarray], np.ndarray]    # d penalty / d w, same shape as w


REGULARIZERS = in_order([name for name in vocabulary.REGULARIZATION_CODES if name != "none"], {
    "L1": Regularizer(lambda w: float(np.abs(w).sum()), np.sign),
    "L2": Regularizer(lambda w: float(0.5 * (w * w).sum()), lambda w: w),
}, "regularization")


def get(name):
    """Return the :class:`Regularizer` called ``name``; ``None`` or "none" means no penalty."""
    if name is None or name == "none":
        return None
    return lookup(REGULARIZERS, name, "regularization")

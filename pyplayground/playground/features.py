"""TF Playground's input features, registered by its URL names in its order (:mod:`vocabulary`).

A feature maps the two coordinates of a point to one network input. Each
:class:`Feature` has a display ``label`` (what the network diagram writes on the
input node) and ``fn(x1 (n,), x2 (n,)) -> (n,)``. :func:`expand` turns points
``X (n, 2)`` into the network's inputs ``(n, len(names))``, one column per name in
the order given.
"""
from collections import OrderedDict
from typing import Callable, NamedTuple

import numpy as np

from .. import vocabulary
from ..registry import in_order, lookup


class Feature(NamedTuple):
    label: str                                            # shown on the input node, e.g. "sin(X₁)"
    fn: Callable[[np.ndarray, np.ndarray], np.ndarray]   # (x1 (n,), x2 (n,)) -> (n,)


_FUNCTIONS = {
    "x": lambda x1, x2: x1,
    "y": lambda x1, x2: x2,
    "xSquared": lambda x1, x2: x1 * x1,
    "ySquared": lambda x1, x2: x2 * x2,
    "xTimesY": lambda x1, x2: x1 * x2,
    "sinX": lambda x1, x2: np.sin(x1),
    "sinY": lambda x1, x2: np.sin(x2),
    "cosX": lambda x1, x2: np.cos(x1),
    "cosY": lambda x1, x2: np.cos(x2),
}
# Names, order and labels are the vocabulary's.
FEATURES = OrderedDict((name, Feature(vocabulary.FEATURE_LABELS[name], fn))
                       for name, fn in in_order(vocabulary.FEATURE_LABELS, _FUNCTIONS, "feature").items())

DEFAULT = ("x", "y")  # TF Playground's default inputs


def get(name):
    """Return the registered :class:`Feature` called ``name``."""
    return lookup(FEATURES, name, "feature")


def check_names(names):
    """Return ``names`` as a list after checking it: non-empty, known names, no repeats."""
    if isinstance(names, str) or not isinstance(names, (list, tuple)):
        raise ValueError("features must be a list of feature names, got %r; valid: %s"
                         % (names, ", ".join(map(repr, FEATURES))))
    if not names:
        raise ValueError("features must name at least one feature; valid: %s" % ", ".join(map(repr, FEATURES)))
    for name in names:
        get(name)
    if len(set(names)) != len(names):
        raise ValueError("features must not repeat a name, got %r" % (list(names),))
    return list(names)


def labels(names):
    """Display labels of ``names``, in order."""
    return [get(name).label for name in check_names(names)]


def expand(X, names):
    """Network inputs for points ``X (n, 2)``: ``(n, len(names))`` float64, a column per name."""
    names = check_names(names)
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError("X must be (n, 2) points, got shape %r" % (X.shape,))
    x1, x2 = X[:, 0], X[:, 1]
    out = np.empty((X.shape[0], len(names)), dtype=np.float64)
    for col, name in enumerate(names):
        out[:, col] = get(name).fn(x1, x2)
    return out

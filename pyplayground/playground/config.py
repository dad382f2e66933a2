"""A session's config: the keys, their defaults and strict validation.

Config keys are snake_case engine names; :data:`DEFAULTS` lists every key with TF
Playground's defaults. :func:`validate` overlays a partial config on them and
checks every value; unknown keys raise. The problem (and so the output layer)
follows the dataset: see :func:`problem_of` and :func:`output_layer`.

:data:`LIMITS` are the playground's limits, defined once in :mod:`vocabulary` (the page's
copy is generated from it) and enforced here and not only by the page, so no request can make
the worker build a huge network or dataset, nor anything the page cannot produce.
"""
import numpy as np

from .. import activations, nn, regularization, vocabulary
from . import datasets, features

CUSTOM = vocabulary.CUSTOM_DATASET  # the dataset of hand-placed points, given by the "points" key

LIMITS = vocabulary.LIMITS  # the page's limits (pyplayground/vocabulary.py), enforced here too

_PAGE = vocabulary.PLAYGROUND_DEFAULTS  # the playground's defaults, shared with the page
DEFAULTS = {
    "dataset": _PAGE["dataset"],  # a name from datasets.DATASETS, or "custom"
    "points": None,             # only with dataset "custom": {"x": [[x1, x2], ...], "y": [+1 or -1, ...]}
    "n_samples": vocabulary.SAMPLES["classification"],  # points generated before the split (not for "custom")
    "noise": _PAGE["noise_percent"] / 100,  # TF Playground's noise slider / 100
    "train_fraction": _PAGE["train_percent"] / 100,  # share of the points used for training
    "features": list(_PAGE["features"]),  # input features, names from features.FEATURES; one input node each
    "hidden": list(_PAGE["hidden"]),  # neurons per hidden layer
    "activation": _PAGE["activation"],  # hidden-layer activation (the output layer follows the problem)
    "learning_rate": _PAGE["learning_rate"],
    "regularization": _PAGE["regularization"],  # "none", "L1" or "L2"
    "regularization_rate": float(_PAGE["regularization_rate"]),
    "batch_size": _PAGE["batch_size"],
    "data_seed": 0,             # seeds the dataset (and the shuffle of custom points)
    "init_seed": 0,             # seeds the weights (and the per-epoch shuffles)
    "init": "uniform",          # "uniform" or "zero" (TF Playground's initZero)
}

# Keys that change how training proceeds but not the data or the network (TF Playground
# applies them without a reset).
HYPERPARAMETERS = ("learning_rate", "regularization", "regularization_rate", "batch_size")


def problem_of(dataset):
    """"classification", "regression" or "multiclass" for a dataset name, "custom" included."""
    if dataset == CUSTOM:
        return "classification"
    if isinstance(dataset, str) and dataset in datasets.DATASETS:
        return datasets.problem_of(dataset)
    valid = ", ".join(repr(name) for name in list(datasets.DATASETS) + [CUSTOM])
    raise ValueError("unknown dataset %r; valid: %s" % (dataset, valid))


def output_layer(dataset):
    """``(output activation, output units)`` the network needs for ``dataset``'s problem."""
    problem = problem_of(dataset)
    if problem == "multiclass":
        return "softmax", datasets.n_classes(dataset)
    return ("tanh" if problem == "classification" else "linear"), 1


def validate(config):
    """Return a complete config: ``DEFAULTS`` overlaid with ``config``, each value checked.

    Unknown keys and out-of-range values raise ValueError naming the key.
    """
    unknown = sorted(set(config) - set(DEFAULTS))
    if unknown:
        raise ValueError("unknown config keys %s; valid: %s" % (unknown, ", ".join(sorted(DEFAULTS))))
    c = dict(DEFAULTS)
    c.update(config)
    problem_of(c["dataset"])
    if c["dataset"] == CUSTOM:
        if c["points"] is None:
            raise ValueError('dataset "custom" needs the "points" key: {"x": [[x1, x2], ...], "y": [label, ...]}')
        _check_point_count(c["points"])  # before any array is built
        X, y = datasets.from_points(c["points"])
        c["points"] = {"x": X.tolist(), "y": y.tolist()}  # plain floats: JSON-safe, never aliased
    elif c["points"] is not None:
        raise ValueError('"points" is only allowed with dataset "custom", not %r' % (c["dataset"],))
    c["features"] = features.check_names(c["features"])
    activations.get(c["activation"])
    regularization.get(c["regularization"])
    if c["init"] not in nn.INITS:
        raise ValueError("unknown init %r; valid: %s" % (c["init"], ", ".join(map(repr, nn.INITS))))
    _check_int(c, "n_samples", 2, LIMITS["n_samples"])
    _check_int(c, "batch_size", 1, LIMITS["batch_size"])
    _check_int(c, "data_seed", 0, 2 ** 32 - 1)
    _check_int(c, "init_seed", 0, 2 ** 32 - 1)
    _check_number(c, "noise", *_fraction(vocabulary.NOISE_PERCENT))
    _check_number(c, "train_fraction", *_fraction(vocabulary.TRAIN_PERCENT))
    _check_number(c, "learning_rate", 0.0, LIMITS["learning_rate"])
    _check_number(c, "regularization_rate", 0.0, LIMITS["regularization_rate"])
    c["hidden"] = check_hidden(c["hidden"])
    return c


def check_hidden(hidden):
    """``hidden`` as a list of ints, or ValueError: at most LIMITS hidden layers of 1 to LIMITS units."""
    n, units = LIMITS["hidden_layers"], LIMITS["units"]
    if not isinstance(hidden, (list, tuple)) or len(hidden) > n or \
            not all(_is_int(h) and 1 <= h <= units for h in hidden):
        shown = hidden if len(repr(hidden)) < 100 else "a list of %d" % len(hidden)
        raise ValueError("hidden must list at most %d layer sizes between 1 and %d, got %s" % (n, units, shown))
    return [int(h) for h in hidden]


def check_epochs(epochs):
    """``epochs`` as an int in [1, LIMITS["epochs"]], or ValueError."""
    if not _is_int(epochs) or not 1 <= epochs <= LIMITS["epochs"]:
        raise ValueError("epochs must be an integer in [1, %d], got %r" % (LIMITS["epochs"], epochs))
    return int(epochs)


def check_resolution(resolution):
    """A grid resolution as an int in [2, LIMITS["grid_resolution"]], or ValueError."""
    if not _is_int(resolution) or not 2 <= resolution <= LIMITS["grid_resolution"]:
        raise ValueError("resolution must be an integer in [2, %d], got %r" % (LIMITS["grid_resolution"], resolution))
    return int(resolution)


def _check_point_count(points):
    limit = LIMITS["custom_points"]
    xs = points.get("x") if isinstance(points, dict) else None
    if isinstance(xs, (list, tuple, np.ndarray)) and len(xs) > limit:
        raise ValueError("custom data has %d points; at most %d are allowed" % (len(xs), limit))


def _fraction(percent_range):
    """A slider's range in percent as the engine's fractions (the page sends value / 100)."""
    return percent_range[0] / 100, percent_range[1] / 100


def _is_int(v):
    return isinstance(v, (int, np.integer)) and not isinstance(v, bool)


def _check_int(c, key, lo, hi):
    if not _is_int(c[key]) or not lo <= c[key] <= hi:
        raise ValueError("%s must be an integer in [%d, %d], got %r" % (key, lo, hi, c[key]))


def _check_number(c, key, lo, hi):
    v = c[key]
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not lo <= v <= hi:
        raise ValueError("%s must be a number in [%g, %g], got %r" % (key, lo, hi, v))

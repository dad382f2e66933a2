"""The 2-D toy datasets of TensorFlow Playground, generated with NumPy.

Every generator follows TF Playground's ``dataset.ts`` (same shapes, ranges and
noise model) but draws from ``numpy.random.default_rng(seed)``, so a seed gives
the same points on every platform. ``noise`` is TF Playground's slider value
divided by 100 (the slider's 0-50 is 0.0-0.5 here).

Conventions: ``X`` is ``(n, 2)`` float64 in roughly [-6, 6]; ``y`` is ``(n,)``
float64, in {-1.0, +1.0} for classification, in [-1, 1] for regression and the class
index 0.0, 1.0, ..., ``n_classes - 1`` for "multiclass" (our addition: "gauss3").
Points are returned shuffled, like TF Playground does before splitting.
:func:`from_points` checks points a user placed by hand (the playground's "custom" data).
"""
import math
from collections import OrderedDict
from typing import Callable, NamedTuple

import numpy as np

from .. import vocabulary
from ..registry import in_order, lookup

DOMAIN = vocabulary.DOMAIN  # the square every view draws (TF Playground's xDomain)


class Dataset(NamedTuple):
    problem: str                 # "classification", "regression" or "multiclass"
    generate: Callable           # (rng, n, noise) -> (X (n, 2), y (n,))
    n_classes: int = 0           # labels 0 .. n_classes-1 for "multiclass"; 0 otherwise


def _polar(r, angle):
    return np.stack([r * np.sin(angle), r * np.cos(angle)], axis=1)


def _circle(rng, n, noise):
    radius = 5.0
    n_in = n // 2
    r = np.concatenate([rng.uniform(0, radius * 0.5, n_in), rng.uniform(radius * 0.7, radius, n - n_in)])
    X = _polar(r, rng.uniform(0, 2 * np.pi, n))
    jitter = rng.uniform(-radius, radius, (n, 2)) * noise
    y = np.where(np.hypot(*(X + jitter).T) < radius * 0.5, 1.0, -1.0)
    return X, y


def _xor(rng, n, noise):
    X = rng.uniform(-5, 5, (n, 2))
    X = X + np.where(X > 0, 0.3, -0.3)
    shifted = X + rng.uniform(-5, 5, (n, 2)) * noise
    y = np.where(shifted[:, 0] * shifted[:, 1] >= 0, 1.0, -1.0)
    return X, y


def _gauss(rng, n, noise):
    variance = 0.5 + (4.0 - 0.5) * (noise / 0.5)  # TF maps noise [0, .5] to variance [.5, 4]
    n_pos = n // 2
    centers = np.where(np.arange(n)[:, None] < n_pos, 2.0, -2.0)
    X = centers + rng.normal(0.0, np.sqrt(variance), (n, 2))
    y = np.where(np.arange(n) < n_pos, 1.0, -1.0)
    return X, y


def _gauss3(rng, n, noise):
    # Three clusters at radius 3, angles 90, 210 and 330 degrees, with "gauss"'s variance.
    variance = 0.5 + (4.0 - 0.5) * (noise / 0.5)
    labels = np.arange(n) * 3 // n  # as balanced as n allows, in order 0, 1, 2
    centres = GAUSS3_CENTRES[labels]
    X = centres + rng.normal(0.0, np.sqrt(variance), (n, 2))
    return X, labels.astype(np.float64)


def _spiral(rng, n, noise):
    arms = []
    for label, delta, count in ((1.0, 0.0, n // 2), (-1.0, np.pi, n - n // 2)):
        i = np.arange(count) / max(count, 1)
        t = 1.75 * i * 2 * np.pi + delta
        X = _polar(i * 5.0, t) + rng.uniform(-1, 1, (count, 2)) * noise
        arms.append((X, np.full(count, label)))
    return np.concatenate([a[0] for a in arms]), np.concatenate([a[1] for a in arms])


def _uniform_square(rng, n, noise):
    radius = 6.0
    X = rng.uniform(-radius, radius, (n, 2))
    return X, X + rng.uniform(-radius, radius, (n, 2)) * noise


def _reg_plane(rng, n, noise):
    X, shifted = _uniform_square(rng, n, noise)
    return X, (shifted[:, 0] + shifted[:, 1]) / 10.0  # TF scales [-10, 10] to [-1, 1]


_GAUSSIANS = np.array([[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1],
                       [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]], dtype=np.float64)


def _reg_gauss(rng, n, noise):
    X, shifted = _uniform_square(rng, n, noise)
    dist = np.hypot(shifted[:, None, 0] - _GAUSSIANS[:, 0], shifted[:, None, 1] - _GAUSSIANS[:, 1])
    values = _GAUSSIANS[:, 2] * np.clip(1.0 - dist / 2.0, 0.0, 1.0)  # (n, 6)
    # Keep the bump that is largest in absolute value (first one on ties, as TF does).
    pick = np.argmax(np.abs(values), axis=1)
    return X, values[np.arange(n), pick]


_angles = np.radians([90.0, 210.0, 330.0])
GAUSS3_CENTRES = 3.0 * np.stack([np.cos(_angles), np.sin(_angles)], axis=1)  # (3, 2), class c at row c

_GENERATORS = {  # name -> (generate, n_classes)
    "circle": (_circle, 0), "xor": (_xor, 0), "gauss": (_gauss, 0), "spiral": (_spiral, 0),
    "reg-plane": (_reg_plane, 0), "reg-gauss": (_reg_gauss, 0), "gauss3": (_gauss3, len(GAUSS3_CENTRES)),
}
# Names, order and problems are the vocabulary's.
DATASETS = OrderedDict((name, Dataset(vocabulary.DATASET_PROBLEMS[name], generate, n_classes))
                       for name, (generate, n_classes) in in_order(vocabulary.DATASET_PROBLEMS, _GENERATORS,
                                                                   "dataset").items())


def problem_of(name):
    """Return "classification", "regression" or "multiclass" for dataset ``name``."""
    return lookup(DATASETS, name, "dataset").problem


def n_classes(name):
    """Number of classes of a "multiclass" dataset ``name`` (0 for the others)."""
    return lookup(DATASETS, name, "dataset").n_classes


def make(name, n=500, noise=0.0, seed=0):
    """Generate dataset ``name``: returns ``X (n, 2)`` and ``y (n,)``, both float64, shuffled."""
    dataset = lookup(DATASETS, name, "dataset")
    n = int(n)
    if n < 1:
        raise ValueError("n must be a positive number of samples, got %r" % (n,))
    noise = float(noise)
    if not 0.0 <= noise <= 1.0:
        raise ValueError("noise must lie in [0, 1] (TF Playground's slider / 100), got %r" % (noise,))
    rng = np.random.default_rng(seed)
    X, y = dataset.generate(rng, n, noise)
    order = rng.permutation(n)
    return np.ascontiguousarray(X[order], dtype=np.float64), np.ascontiguousarray(y[order], dtype=np.float64)


def split(X, y, train_fraction):
    """Split shuffled data: the first ``floor(n * train_fraction)`` rows train, the rest test.

    Returns ``(X_train, y_train, X_test, y_test)``.
    """
    if not 0.0 < train_fraction < 1.0:
        raise ValueError("train_fraction must lie in (0, 1), got %r" % (train_fraction,))
    cut = int(np.floor(len(X) * train_fraction))
    return X[:cut], y[:cut], X[cut:], y[cut:]


def grid(resolution, domain=DOMAIN):
    """Points of a ``resolution x resolution`` grid over ``domain``: ``(resolution**2, 2)``.

    Row-major with the first row at the top (largest x2), as an image is drawn.
    """
    lo, hi = domain
    xs = np.linspace(lo, hi, resolution)
    x1, x2 = np.meshgrid(xs, xs[::-1])
    return np.stack([x1.ravel(), x2.ravel()], axis=1)


def _is_number(v):
    return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)


def _is_finite(v):
    try:
        return math.isfinite(float(v))
    except OverflowError:  # an int too large for a float
        return False


def from_points(points):
    """Check hand-placed points ``{"x": [[x1, x2], ...], "y": [label, ...]}``.

    Labels are +1 / -1 (classification); any number of points up to the limit, none included
    (a cleared plane); every coordinate finite.
    Returns ``X (n, 2)`` and ``y (n,)`` float64 in the order given; anything else
    raises ValueError saying what is wrong.
    """
    if not isinstance(points, dict) or set(points) != {"x", "y"}:
        raise ValueError('custom points must be {"x": [[x1, x2], ...], "y": [label, ...]}, got %r'
                         % (type(points).__name__ if not isinstance(points, dict) else sorted(points),))
    xs, ys = points["x"], points["y"]
    xs = xs.tolist() if isinstance(xs, np.ndarray) else xs
    ys = ys.tolist() if isinstance(ys, np.ndarray) else ys
    if not isinstance(xs, (list, tuple)) or not isinstance(ys, (list, tuple)):
        raise ValueError('custom points: "x" and "y" must be lists')
    if len(xs) != len(ys):
        raise ValueError('custom points: "x" has %d points but "y" has %d labels' % (len(xs), len(ys)))
    for i, p in enumerate(xs):
        if not isinstance(p, (list, tuple)) or len(p) != 2 or not all(_is_number(v) for v in p):
            raise ValueError("custom points: x[%d] must be a pair of numbers [x1, x2], got %r" % (i, p))
        if not all(_is_finite(v) for v in p):
            raise ValueError("custom points: x[%d] = %r is not finite" % (i, p))
    for i, label in enumerate(ys):
        if not _is_number(label) or label not in (-1, 1):
            raise ValueError("custom points: y[%d] = %r is not a label -1 or 1" % (i, label))
    return np.array(xs, dtype=np.float64).reshape(len(xs), 2), np.array(ys, dtype=np.float64)

"""The GAN page's real distributions on the unit square, GAN Lab's plane.

Each dataset is a sampler ``sample(n, rng) -> (n, 2)`` and, for the mixtures, its modes: where
its mass sits, so :func:`pyplayground.gan.metrics.modes_covered` can count how many of them the
generator reaches. A mode is ``("gaussian", centre, std)`` (covered region: within 3 std of the
centre) or ``("box", lower corner, upper corner)``.
- ``line``: uniform on the segment (0.2, 0.25) -> (0.8, 0.75), plus N(0, 0.01^2) per axis.
- ``two-gaussians``: two equal Gaussians, std 0.06, at (0.3, 0.7) and (0.7, 0.3).
- ``ring``: eight equal Gaussians, std 0.02, evenly on the circle of radius 0.3 about (0.5, 0.5)
  (Metz et al. 2017's mixture, scaled to the square).
- ``disjoint``: three uniform squares of side 0.2 with gaps between them.
- ``drawing``: the user's points (at least one), each sample one of them plus N(0, 0.01^2).
"""
import math

import numpy as np

from .vocabulary import DATASETS

LOW, HIGH = 0.0, 1.0          # the plane's domain, both axes
JITTER = 0.01                 # std of the noise around a line or drawing point


def _gaussians(centres, std):
    centres = np.asarray(centres, dtype=np.float64)

    def sample(n, rng):
        which = rng.integers(0, len(centres), n)
        return centres[which] + std * rng.standard_normal((n, 2))
    return sample, [("gaussian", tuple(c), std) for c in centres]


def _boxes(corners):
    corners = np.asarray(corners, dtype=np.float64)   # (k, 2, 2): lower, upper

    def sample(n, rng):
        which = rng.integers(0, len(corners), n)
        low, high = corners[which, 0], corners[which, 1]
        return low + (high - low) * rng.random((n, 2))
    return sample, [("box", tuple(c[0]), tuple(c[1])) for c in corners]


def _line():
    start, end = np.array([0.2, 0.25]), np.array([0.8, 0.75])

    def sample(n, rng):
        t = rng.random((n, 1))
        return start + t * (end - start) + JITTER * rng.standard_normal((n, 2))
    return sample, []


def _drawing(points):
    points = check_points(points)
    if len(points) == 0:
        raise ValueError("the drawing dataset needs at least one point; draw some on the plane")

    def sample(n, rng):
        return points[rng.integers(0, len(points), n)] + JITTER * rng.standard_normal((n, 2))
    return sample, []


def check_points(points, limit=2000):
    """The drawing's points as an ``(n, 2)`` float array inside the square; ValueError otherwise."""
    if points is None:
        points = []
    if not isinstance(points, (list, tuple, np.ndarray)) or len(points) > limit:
        raise ValueError("points must be a list of at most %d [x, y] pairs" % limit)
    out = np.zeros((len(points), 2))
    for i, p in enumerate(points):
        if (not isinstance(p, (list, tuple, np.ndarray)) or len(p) != 2
                or not all(isinstance(v, (int, float, np.floating)) and not isinstance(v, bool) for v in p)):
            raise ValueError("point %d must be [x, y], got %r" % (i, p))
        if not all(LOW <= float(v) <= HIGH for v in p):
            raise ValueError("point %d %r lies outside the plane [0, 1] x [0, 1]" % (i, list(p)))
        out[i] = [float(p[0]), float(p[1])]
    return out


def dataset(name, points=None):
    """``(sample, modes)`` for dataset ``name``; ValueError for unknown names."""
    if name == "line":
        return _line()
    if name == "two-gaussians":
        return _gaussians([(0.3, 0.7), (0.7, 0.3)], 0.06)
    if name == "ring":
        angles = [2 * math.pi * k / 8 for k in range(8)]
        return _gaussians([(0.5 + 0.3 * math.cos(a), 0.5 + 0.3 * math.sin(a)) for a in angles], 0.02)
    if name == "disjoint":
        return _boxes([((0.1, 0.1), (0.3, 0.3)), ((0.7, 0.15), (0.9, 0.35)), ((0.35, 0.65), (0.55, 0.85))])
    if name == "drawing":
        return _drawing(points)
    raise ValueError("unknown dataset %r; valid: %s" % (name, ", ".join(DATASETS)))

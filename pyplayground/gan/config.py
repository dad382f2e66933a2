"""A GAN's settings checked against :mod:`pyplayground.gan.vocabulary` (defaults, limits)."""
from collections import OrderedDict

from .. import activations
from .data import check_points
from .vocabulary import CHOICES, FLOATS, MAX_POINTS, ORDER, RANGES
from .vocabulary import DEFAULTS as _DEFAULTS

DEFAULTS = OrderedDict((key, _DEFAULTS[key]) for key in ORDER)
if set(ORDER) != set(_DEFAULTS) or not set(CHOICES["activation"]) <= set(activations.ACTIVATIONS):
    raise RuntimeError("gan/vocabulary.py: ORDER must list DEFAULTS' keys and ACTIVATIONS the engine's")


def validate(partial=None, base=None):
    """A complete, checked config: ``base`` (default DEFAULTS) updated with ``partial``.

    Unknown keys, wrong types and values out of range raise ValueError naming the key."""
    config = OrderedDict(DEFAULTS if base is None else base)
    for key, value in (partial or {}).items():
        if key not in DEFAULTS:
            raise ValueError("unknown GAN setting %r; valid: %s" % (key, ", ".join(DEFAULTS)))
        config[key] = _check(key, value)
    if config["d_steps"] == 0 and config["g_steps"] == 0:
        raise ValueError("d_steps and g_steps cannot both be 0: an epoch would do nothing")
    if config["dataset"] == "drawing" and not len(config["points"]):
        raise ValueError("the drawing dataset needs at least one point; draw some on the plane")
    return config


def _check(key, value):
    if key == "points":
        return [list(map(float, p)) for p in check_points(value, MAX_POINTS)]
    if key in CHOICES:
        if value not in CHOICES[key]:
            raise ValueError("%s must be one of %s, got %r" % (key, ", ".join(CHOICES[key]), value))
        return value
    low, high = RANGES[key]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise ValueError("%s must be a number, got %r" % (key, value))
    if key not in FLOATS:
        if int(value) != value:
            raise ValueError("%s must be a whole number, got %r" % (key, value))
        value = int(value)
    if not low <= value <= high:
        raise ValueError("%s must be in [%s, %s], got %r" % (key, low, high, value))
    return float(value) if key in FLOATS else value

"""Checks every request module shares: required keys, whole numbers, images, the training budget.

Each raises ValueError saying what is wrong and what is valid, before any work is done.
"""
import numpy as np

from .. import vocabulary

MAX_TRAIN_S = vocabulary.REQUEST_LIMITS["train_ms"] / 1000.0  # a training request's time budget, at most and by default


def require_keys(payload, kind, keys):
    """ValueError naming the ``keys`` missing from request ``kind``'s payload."""
    missing = [k for k in keys if k not in payload]
    if missing:
        raise ValueError("%s needs %s" % (kind, ", ".join(missing)))


def is_number(value):
    """An int or float, not a bool."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def whole_number(payload, key, default=None, low=None, high=None):
    """``payload[key]`` (or ``default``) as an int; a float must be whole. With ``low``/``high``,
    it must lie in ``[low, high]``."""
    value = payload.get(key, default)
    if not is_number(value) or value != int(value):
        if low is None:
            raise ValueError("%s must be an integer, got %r" % (key, value))
        raise ValueError("%s must be a whole number in [%d, %d], got %r" % (key, low, high, value))
    if low is not None and not low <= value <= high:
        raise ValueError("%s must be a whole number in [%d, %d], got %r" % (key, low, high, value))
    return int(value)


def finite_numbers(payload, key="pixels"):
    """``payload[key]``, a list of finite numbers, as a float64 vector ``(len,)``; returns None for a
    list of something else, so the caller can say what it expected."""
    values = payload.get(key)
    if not isinstance(values, list) or not all(is_number(v) for v in values):
        return None
    x = np.asarray(values, dtype=np.float64)
    if not np.all(np.isfinite(x)):
        raise ValueError("%s must be finite numbers" % key)
    return x


def one_image(payload, shape, key="pixels"):
    """``payload[key]``: one image of ``shape`` (``prod(shape)`` numbers, row-major) as ``(1,) + shape``."""
    size = int(np.prod(shape))
    x = finite_numbers(payload, key)
    if x is None or x.size != size:
        raise ValueError("%s must be one image: a list of %d numbers (%s)" % (key, size, "x".join(map(str, shape))))
    return x.reshape((1,) + tuple(shape))


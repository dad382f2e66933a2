"""The order an epoch visits the training points, identical on every backend.

Mirror of ``site/js/playground/backends/epoch-order.js`` (the WebGPU backend's copy): change both or
neither; ``tests/browser/test_webgpu_backend.py`` checks that they agree.

Point ``i`` of epoch ``epoch`` gets the uint32 key
``fmix32(base ^ (i * 0x9E3779B1 mod 2**32))`` with ``base = fmix32(fmix32(seed ^ 0x9E3779B9) ^ epoch)``
(``fmix32`` is MurmurHash3's finalizer; ``seed`` and ``epoch`` taken mod 2**32); the epoch's
order is the indices sorted by ``(key, index)``. Both maps are bijections of uint32, so keys
never tie for ``n <= 2**32``; the index breaks ties anyway, so the order is defined everywhere.
A counter-based hash needs no generator state: any epoch's order follows from the seed alone.
"""
import numpy as np

MASK = 0xFFFFFFFF
GOLDEN = 0x9E3779B1     # odd, so i -> i * GOLDEN is a bijection mod 2**32
SEED_SALT = 0x9E3779B9  # keeps seed 0 away from fmix32's fixed point 0
_U = np.uint64  # every value stays below 2**32, so uint64 products never overflow; & MASK keeps 32 bits


def fmix32(h):
    """MurmurHash3's 32-bit finalizer, elementwise: ``h`` uint64 array of values < 2**32 -> the same."""
    h = np.asarray(h, dtype=np.uint64)
    h = h ^ (h >> _U(16))
    h = (h * _U(0x85EBCA6B)) & _U(MASK)
    h = h ^ (h >> _U(13))
    h = (h * _U(0xC2B2AE35)) & _U(MASK)
    return h ^ (h >> _U(16))


def _fmix32_int(h):
    """:func:`fmix32` of one Python int (no NumPy calls: this runs every epoch)."""
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & MASK
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & MASK
    return h ^ (h >> 16)


def epoch_keys(n, seed, epoch):
    """The sort keys of points ``0 .. n-1`` in epoch ``epoch``: ``(n,)`` uint64 holding uint32 values."""
    base = _U(_fmix32_int(_fmix32_int((int(seed) & MASK) ^ SEED_SALT) ^ (int(epoch) & MASK)))
    i = np.arange(int(n), dtype=np.uint64)
    return fmix32(base ^ ((i * _U(GOLDEN)) & _U(MASK)))


def epoch_order(n, seed, epoch):
    """Indices ``0 .. n-1`` in the order epoch ``epoch`` visits them: ``(n,)`` int (a permutation)."""
    return np.argsort(epoch_keys(n, seed, epoch), kind="stable")

"""pyplayground.shuffle: the per-epoch order both backends use (the JS mirror is checked in
tests/browser/test_webgpu_backend.py)."""
import numpy as np

from pyplayground.playground import shuffle

# fmix32 test vectors (MurmurHash3's finalizer), and orders the JS mirror must give too.
FMIX32 = {0: 0, 1: 0x514E28B7, 0xFFFFFFFF: 0x81F16F39}
ORDERS = {(10, 0, 0): [7, 1, 8, 4, 0, 3, 2, 5, 6, 9],
          (10, 2 ** 32 - 1, 2 ** 31 - 1): [5, 0, 1, 9, 7, 6, 8, 3, 2, 4]}


def test_fmix32_matches_murmurhash3():
    for h, expected in FMIX32.items():
        assert int(shuffle.fmix32(np.array([h], np.uint64))[0]) == expected


def test_orders_are_permutations_fixed_by_seed_and_epoch():
    for (n, seed, epoch), expected in ORDERS.items():
        assert shuffle.epoch_order(n, seed, epoch).tolist() == expected
    order = shuffle.epoch_order(1000, 5, 7)
    assert sorted(order.tolist()) == list(range(1000))
    assert np.array_equal(order, shuffle.epoch_order(1000, 5, 7))
    assert not np.array_equal(order, shuffle.epoch_order(1000, 5, 8))
    assert not np.array_equal(order, shuffle.epoch_order(1000, 6, 7))
    assert shuffle.epoch_order(0, 1, 1).tolist() == []


def test_keys_are_uint32_and_distinct():
    keys = shuffle.epoch_keys(5000, 123, 4)
    assert keys.dtype == np.uint64 and keys.max() < 2 ** 32 and len(np.unique(keys)) == 5000


def test_the_order_looks_random():
    # Where each index lands, over many epochs: roughly uniform (a poor mix would keep structure).
    n, epochs = 20, 2000
    positions = np.zeros((n, n))
    for epoch in range(epochs):
        positions[shuffle.epoch_order(n, 0, epoch), np.arange(n)] += 1
    assert np.abs(positions / epochs - 1.0 / n).max() < 0.03

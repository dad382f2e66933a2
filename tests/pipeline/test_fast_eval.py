"""FastEval (the landscape grids' eval-mode forward) against the engine's own forward pass."""
import numpy as np
import pytest

from pipeline.landscapes.fast_eval import FastEval
from pyplayground import layers as L
from pyplayground import nn


def every_layer_kind(dtype):
    """A small model with each layer kind FastEval runs, BatchNorm statistics moved off their defaults."""
    model = nn.Sequential([
        L.Conv2D(2, 4, 3, stride=1, padding=1), L.BatchNorm2D(4), L.ReLU(),
        L.Residual([L.Conv2D(4, 4, 3, padding=1), L.BatchNorm2D(4), L.Tanh(), L.Conv2D(4, 4, 3, padding=1)]),
        L.Residual([L.Conv2D(4, 6, 3, stride=2, padding=1), L.Sigmoid()], shortcut=[L.Conv2D(4, 6, 1, stride=2)]),
        L.MaxPool2D(2), L.Conv2D(6, 5, 2, stride=1, padding=0), L.Linear(), L.BatchNorm2D(5),  # BN after an activation
        L.AvgPool2D(1), L.Flatten(), L.Dense(5 * 1 * 1, 7), L.BatchNorm1D(7), L.ReLU(), L.Dense(7, 3),
    ], seed=3, dtype=dtype, input_shape=(2, 8, 8))
    rng = np.random.default_rng(0)
    for name, buf in model.buffers().items():
        buf[...] = rng.uniform(0.5, 1.5, buf.shape) if name.endswith("var") else rng.normal(size=buf.shape)
    for name, p in model.parameters().items():
        if p.ndim == 1:
            p[...] = rng.normal(size=p.shape)
    return model


@pytest.mark.parametrize("dtype, rtol", [("float64", 1e-12), ("float32", 2e-5)])
def test_fast_eval_equals_the_engine_for_every_layer_kind(dtype, rtol):
    model = every_layer_kind(dtype).eval()
    x = np.random.default_rng(1).normal(size=(9, 2, 8, 8))
    fast = FastEval(model)
    want = model.forward(x)
    got = fast.forward(fast.prepare(x), model.state())
    assert got.dtype == want.dtype and got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=rtol, atol=rtol)
    y = np.arange(9) % 3
    loss, acc = fast.loss_and_accuracy(fast.prepare(x), y, model.state(), batch_size=4)
    assert loss == pytest.approx(model.loss(x, y), rel=10 * rtol)
    assert acc == np.mean(want.argmax(axis=1) == y)


def test_fast_eval_takes_the_weights_of_each_call():
    model = every_layer_kind("float64").eval()
    x = np.random.default_rng(2).normal(size=(4, 2, 8, 8))
    fast = FastEval(model)
    other = {k: v * 1.1 for k, v in model.state().items()}
    got = fast.forward(fast.prepare(x), other)
    model.set_state(other)
    np.testing.assert_allclose(got, model.forward(x), rtol=1e-12)


def test_unknown_layers_are_refused_by_name():
    class Odd(L.ReLU):
        pass
    with pytest.raises(ValueError, match="cannot run a Odd layer"):
        FastEval(nn.Sequential([L.Dense(2, 2), Odd()]))

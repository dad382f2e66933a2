"""Every layer's backward pass against central finite differences (float64).

For a layer f and a fixed random projection r, the scalar s(x, params) = sum(r * f(x)) has
d s / d x = f.backward(r) and d s / d param = f.grads[name]; both are compared with central
differences of s.
"""
import numpy as np
import pytest

from pyplayground import layers


def numeric_grad(fn, arr, eps=1e-6):
    """Central differences of the scalar fn() with respect to every entry of arr (changed in place, restored)."""
    grad = np.zeros_like(arr)
    flat, gflat = arr.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        up = fn()
        flat[i] = old - eps
        down = fn()
        flat[i] = old
        gflat[i] = (up - down) / (2 * eps)
    return grad


def check_layer(layer, x, seed=0, atol=1e-6):
    rng = np.random.default_rng(seed)
    layer.initialize(rng, np.dtype("float64"))
    for p in layer.named_arrays("params"):
        p[1][...] += rng.normal(scale=0.1, size=p[1].shape)  # no special values (e.g. BN's 1 and 0)
    r = rng.normal(size=layer.forward(x).shape)

    def scalar():
        return float(np.sum(r * layer.forward(x)))

    layer.forward(x)
    d_x = layer.backward(r)
    grads = dict(layer.named_arrays("grads"))
    assert d_x.shape == x.shape
    np.testing.assert_allclose(d_x, numeric_grad(scalar, x), rtol=1e-5, atol=atol)
    for name, p in layer.named_arrays("params"):
        assert grads[name].shape == p.shape, name
        np.testing.assert_allclose(grads[name], numeric_grad(scalar, p), rtol=1e-5, atol=atol, err_msg=name)


def images(shape, seed=1):
    return np.random.default_rng(seed).normal(size=shape)


def test_dense():
    check_layer(layers.Dense(5, 3), images((4, 5)))


@pytest.mark.parametrize("stride,padding", [(1, 0), (1, 1), (2, 1), (2, 0)])
def test_conv2d(stride, padding):
    check_layer(layers.Conv2D(2, 3, 3, stride=stride, padding=padding), images((2, 2, 6, 5)))


def test_conv2d_1x1_and_kernel_2():
    check_layer(layers.Conv2D(3, 2, 1), images((2, 3, 4, 4)))
    check_layer(layers.Conv2D(2, 2, 2, stride=2), images((2, 2, 5, 4)))


@pytest.mark.parametrize("kind", ["MaxPool2D", "AvgPool2D"])
@pytest.mark.parametrize("kernel,stride", [(2, None), (3, 1), (2, 3)])
def test_pooling(kind, kernel, stride):
    check_layer(getattr(layers, kind)(kernel, stride), images((2, 3, 7, 6)))


@pytest.mark.parametrize("training", [True, False])
def test_batchnorm(training):
    for layer, x in ((layers.BatchNorm2D(3), images((4, 3, 3, 2))), (layers.BatchNorm1D(4), images((6, 4)))):
        layer.buffers["running_mean"][...] = 0.3
        layer.buffers["running_var"][...] = 1.7
        layer.set_training(training)
        check_layer(layer, x)


@pytest.mark.parametrize("kind", ["ReLU", "Tanh", "Sigmoid", "Linear", "Flatten"])
def test_elementwise_and_flatten(kind):
    x = images((3, 2, 3, 3))
    x[np.abs(x) < 1e-3] = 0.1  # keep ReLU away from its kink
    check_layer(getattr(layers, kind)(), x)


def test_residual_identity_and_projection():
    block = [layers.Conv2D(2, 2, 3, padding=1), layers.Tanh(), layers.Conv2D(2, 2, 3, padding=1)]
    check_layer(layers.Residual(block), images((2, 2, 4, 4)))
    down = [layers.Conv2D(2, 3, 3, stride=2, padding=1), layers.Tanh(), layers.Conv2D(3, 3, 3, padding=1)]
    check_layer(layers.Residual(down, shortcut=layers.Conv2D(2, 3, 1, stride=2)), images((2, 2, 5, 5)))


def test_batchnorm_matches_pytorch_semantics():
    bn = layers.BatchNorm2D(2)
    x = images((5, 2, 3, 3))
    y = bn.forward(x)
    # Training: per-channel zero mean and unit (biased) variance, up to eps.
    np.testing.assert_allclose(y.mean(axis=(0, 2, 3)), 0.0, atol=1e-12)
    np.testing.assert_allclose(y.var(axis=(0, 2, 3)), x.var(axis=(0, 2, 3)) / (x.var(axis=(0, 2, 3)) + 1e-5))
    # Running estimates: momentum 0.1 from (0, 1), unbiased variance.
    np.testing.assert_allclose(bn.buffers["running_mean"], 0.1 * x.mean(axis=(0, 2, 3)))
    np.testing.assert_allclose(bn.buffers["running_var"], 0.9 + 0.1 * x.var(axis=(0, 2, 3), ddof=1))
    bn.set_training(False)
    expect = (x - bn.buffers["running_mean"][None, :, None, None]) / np.sqrt(
        bn.buffers["running_var"][None, :, None, None] + 1e-5)
    before = bn.buffers["running_mean"].copy()
    np.testing.assert_allclose(bn.forward(x), expect)
    np.testing.assert_array_equal(bn.buffers["running_mean"], before)  # eval never updates statistics


def test_max_pool_sends_gradient_to_the_winner_only():
    x = np.array([[[[1.0, 5.0], [2.0, 3.0]]]])
    pool = layers.MaxPool2D(2)
    assert pool.forward(x).ravel().tolist() == [5.0]
    assert pool.backward(np.ones((1, 1, 1, 1))).ravel().tolist() == [0.0, 1.0, 0.0, 0.0]


def test_output_shapes_agree_with_forward():
    stack = [layers.Conv2D(1, 4, 3, stride=2, padding=1), layers.MaxPool2D(2), layers.AvgPool2D(3, 1),
             layers.Flatten()]
    x = images((2, 1, 15, 13))
    shape = x.shape[1:]
    for layer in stack:
        x = layer.forward(x)
        shape = layer.output_shape(shape)
        assert x.shape[1:] == shape


def test_bad_configurations_raise_value_errors():
    with pytest.raises(ValueError, match="positive integer"):
        layers.Conv2D(1, 0, 3)
    with pytest.raises(ValueError, match="unknown layer type 'Bogus'"):
        layers.from_config({"type": "Bogus"})
    with pytest.raises(ValueError, match="input channels"):
        layers.Conv2D(2, 3, 3).forward(images((1, 1, 5, 5)))
    with pytest.raises(ValueError, match="does not match its shortcut"):
        layers.Residual([layers.Conv2D(2, 3, 3, padding=1)]).forward(images((1, 2, 4, 4)))


def test_from_config_round_trip():
    res = layers.Residual([layers.Conv2D(2, 2, 3, padding=1), layers.BatchNorm2D(2)], layers.Conv2D(2, 2, 1))
    again = layers.from_config(res.config())
    assert again.config() == res.config()

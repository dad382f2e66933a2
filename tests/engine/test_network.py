"""Shapes, initialisation, the forward pass against a per-sample loop, and SGD steps."""
import numpy as np
import pytest

from pyplayground import nn


def slow_forward(net, x):
    """One sample through the net with explicit loops over units (an independent reference)."""
    a = list(x)
    for layer, (w, b) in enumerate(zip(net.weights, net.biases)):
        fn = net._layer_activation(layer).fn
        z = [b[j] + sum(a[i] * w[i, j] for i in range(len(a))) for j in range(w.shape[1])]
        a = [float(fn(np.array([v]))[0]) for v in z]
    return a


def test_shapes_and_tf_playground_initialisation():
    net = nn.MLP([2, 4, 2, 1], seed=0)
    assert [w.shape for w in net.weights] == [(2, 4), (4, 2), (2, 1)]
    assert [b.shape for b in net.biases] == [(4,), (2,), (1,)]
    for w, b in zip(net.weights, net.biases):
        assert w.dtype == np.float64 and -0.5 <= w.min() and w.max() <= 0.5
        np.testing.assert_array_equal(b, 0.1)
    zero = nn.MLP([2, 3, 1], init="zero")
    assert all(not w.any() for w in zero.weights)


def test_same_seed_same_network_different_seed_different_network():
    a, b, c = nn.MLP([2, 3, 1], seed=4), nn.MLP([2, 3, 1], seed=4), nn.MLP([2, 3, 1], seed=5)
    np.testing.assert_array_equal(a.weights[0], b.weights[0])
    assert not np.array_equal(a.weights[0], c.weights[0])


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "linear"])
def test_forward_matches_a_per_sample_loop(activation):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(6, 2)) * 3
    net = nn.MLP([2, 3, 4, 1], activation, "tanh", seed=1)
    out = net.forward(X)
    assert out.shape == (6, 1)
    for i in range(len(X)):
        np.testing.assert_allclose(out[i], slow_forward(net, X[i]), rtol=1e-12, atol=1e-12)


def test_activations_lists_every_layer():
    X = np.ones((5, 2))
    acts = nn.MLP([2, 4, 3, 1]).activations(X)
    assert [a.shape for a in acts] == [(5, 2), (5, 4), (5, 3), (5, 1)]
    np.testing.assert_array_equal(acts[0], X)


def test_loss_is_half_mean_square_error():
    net = nn.MLP([2, 1], output_activation="linear")
    X = np.array([[1.0, 2.0], [0.5, -1.0], [3.0, 0.0]])
    y = np.array([1.0, -1.0, 0.5])
    out = X @ net.weights[0][:, 0] + net.biases[0][0]
    assert net.loss(X, y) == pytest.approx(np.mean(0.5 * (out - y) ** 2), rel=1e-12)


def test_step_is_gradient_descent_and_returns_the_batch_loss():
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(10, 2)), rng.choice([-1.0, 1.0], 10)
    net = nn.MLP([2, 3, 1], seed=2)
    old_w = [w.copy() for w in net.weights]
    old_b = [b.copy() for b in net.biases]
    d_w, d_b = net.gradients(X, y)
    loss_before = net.loss(X, y)
    assert net.step(X, y, 0.1) == pytest.approx(loss_before, rel=1e-12)
    for w, w0, g in zip(net.weights, old_w, d_w):
        np.testing.assert_allclose(w, w0 - 0.1 * g, rtol=1e-12)
    for b, b0, g in zip(net.biases, old_b, d_b):
        np.testing.assert_allclose(b, b0 - 0.1 * g, rtol=1e-12)
    assert net.loss(X, y) < loss_before


def test_step_does_not_mutate_the_previous_arrays():
    net = nn.MLP([2, 2, 1])
    before = net.weights[0]
    snapshot = before.copy()
    net.step(np.ones((3, 2)), np.ones(3), 0.5)
    assert net.weights[0] is not before
    np.testing.assert_array_equal(before, snapshot)


@pytest.mark.parametrize("kwargs, message", [
    ({"sizes": [2]}, "sizes"),
    ({"sizes": [2, 0, 1]}, "sizes"),
    ({"sizes": [2, 1], "activation": "softplus"}, "relu"),
    ({"sizes": [2, 1], "output_activation": "nope"}, "tanh"),
    ({"sizes": [2, 1], "init": "xavier"}, "uniform"),
])
def test_bad_arguments_raise_value_errors_listing_valid_names(kwargs, message):
    with pytest.raises(ValueError, match=message):
        nn.MLP(**kwargs)


def test_bad_input_shapes_raise():
    net = nn.MLP([2, 1])
    with pytest.raises(ValueError, match="X must be"):
        net.forward(np.ones((3, 3)))
    with pytest.raises(ValueError, match="y must hold"):
        net.loss(np.ones((3, 2)), np.ones(4))

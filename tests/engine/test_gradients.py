"""Backpropagation checked against central finite differences, for every activation."""
import numpy as np
import pytest

from pyplayground import activations, nn


def numerical_gradients(net, X, y, eps=1e-6):
    """Central differences of net.loss with respect to every weight and bias."""
    grads = []
    for params in (net.weights, net.biases):
        layer_grads = []
        for p in params:
            g = np.zeros_like(p)
            flat, gflat = p.reshape(-1), g.reshape(-1)
            for i in range(flat.size):
                old = flat[i]
                flat[i] = old + eps
                up = net.loss(X, y)
                flat[i] = old - eps
                down = net.loss(X, y)
                flat[i] = old
                gflat[i] = (up - down) / (2 * eps)
            layer_grads.append(g)
        grads.append(layer_grads)
    return grads


@pytest.mark.parametrize("activation", list(activations.ACTIVATIONS))
@pytest.mark.parametrize("output_activation", ["tanh", "linear", "sigmoid"])
def test_gradients_match_finite_differences(activation, output_activation):
    rng = np.random.default_rng(1)
    X = rng.normal(size=(13, 2))
    y = rng.choice([-1.0, 1.0], size=13)
    net = nn.MLP([2, 5, 3, 1], activation, output_activation, seed=3)
    if activation == "relu":
        # Keep pre-activations away from the kink at 0, where the derivative is undefined.
        for b in net.biases:
            b += 0.05
    d_w, d_b = net.gradients(X, y)
    n_w, n_b = numerical_gradients(net, X, y)
    for analytic, numeric in zip(d_w + d_b, n_w + n_b):
        np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-8)


def test_gradients_with_several_outputs():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(7, 3))
    y = rng.normal(size=(7, 2))
    net = nn.MLP([3, 4, 2], "sigmoid", "linear", seed=5)
    d_w, d_b = net.gradients(X, y)
    n_w, n_b = numerical_gradients(net, X, y)
    for analytic, numeric in zip(d_w + d_b, n_w + n_b):
        np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-8)


@pytest.mark.parametrize("name", list(activations.ACTIVATIONS))
def test_activation_derivative_matches_finite_differences(name):
    act = activations.get(name)
    z = np.linspace(-4, 4, 41) + 0.013  # avoid relu's kink at exactly 0
    numeric = (act.fn(z + 1e-6) - act.fn(z - 1e-6)) / 2e-6
    np.testing.assert_allclose(act.der(z), numeric, rtol=1e-5, atol=1e-7)


def test_sigmoid_is_stable_for_large_inputs():
    z = np.array([-1000.0, -50.0, 0.0, 50.0, 1000.0])
    with np.errstate(over="raise", invalid="raise"):
        out = activations.get("sigmoid").fn(z)
    np.testing.assert_allclose(out, [0.0, 1.0 / (1.0 + np.exp(50.0)), 0.5, 1.0 / (1.0 + np.exp(-50.0)), 1.0])

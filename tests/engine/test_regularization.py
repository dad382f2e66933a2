"""L1 / L2 penalties: derivatives by finite differences and the SGD update they cause."""
import numpy as np
import pytest

from pyplayground import nn, regularization


@pytest.mark.parametrize("name", ["L1", "L2"])
def test_penalty_derivative_matches_finite_differences(name):
    reg = regularization.get(name)
    w = np.array([[0.3, -0.7], [1.2, -0.05]])
    numeric = np.zeros_like(w)
    for idx in np.ndindex(*w.shape):
        up, down = w.copy(), w.copy()
        up[idx] += 1e-6
        down[idx] -= 1e-6
        numeric[idx] = (reg.penalty(up) - reg.penalty(down)) / 2e-6
    np.testing.assert_allclose(reg.der(w), numeric, rtol=1e-6)


def test_none_means_no_regularizer_and_unknown_names_are_listed():
    assert regularization.get(None) is None
    assert regularization.get("none") is None
    with pytest.raises(ValueError, match="'L1', 'L2'"):
        regularization.get("L3")


@pytest.mark.parametrize("name", ["L1", "L2"])
def test_step_adds_rate_times_penalty_gradient_to_weights_only(name):
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(8, 2)), rng.choice([-1.0, 1.0], 8)
    net = nn.MLP([2, 3, 1], seed=1)
    w0 = [w.copy() for w in net.weights]
    b0 = [b.copy() for b in net.biases]
    d_w, d_b = net.gradients(X, y)
    lr, rate = 0.01, 0.1  # small enough that no weight crosses zero
    net.step(X, y, lr, name, rate)
    reg = regularization.get(name)
    for w, old, g in zip(net.weights, w0, d_w):
        np.testing.assert_allclose(w, old - lr * (g + rate * reg.der(old)), rtol=1e-12)
    for b, old, g in zip(net.biases, b0, d_b):
        np.testing.assert_allclose(b, old - lr * g, rtol=1e-12)  # biases are never regularized


def test_l1_sets_a_weight_that_would_change_sign_to_zero():
    net = nn.MLP([1, 1], output_activation="linear")
    net.weights = [np.array([[0.01]])]
    net.biases = [np.array([0.0])]
    X, y = np.zeros((1, 1)), np.zeros(1)  # zero data gradient: only the penalty acts
    net.step(X, y, learning_rate=1.0, regularization="L1", regularization_rate=0.1)
    assert net.weights[0][0, 0] == 0.0


def test_l2_shrinks_weights_towards_zero_without_data_gradient():
    net = nn.MLP([1, 1], output_activation="linear")
    net.weights = [np.array([[0.5]])]
    net.biases = [np.array([0.0])]
    net.step(np.zeros((1, 1)), np.zeros(1), learning_rate=0.1, regularization="L2", regularization_rate=1.0)
    assert net.weights[0][0, 0] == pytest.approx(0.45)


def test_penalty_sums_over_layers():
    net = nn.MLP([2, 2, 1])
    expected = sum(np.abs(w).sum() for w in net.weights)
    assert net.penalty("L1") == pytest.approx(expected)
    assert net.penalty("none") == 0.0

"""Softmax outputs with cross-entropy: the loss against a per-sample loop, exact gradients by
finite differences, stable probabilities, targets as labels or one-hot, serialization."""
import json
import math

import numpy as np
import pytest

from pyplayground import activations, nn, outputs

from test_gradients import numerical_gradients


def slow_cross_entropy(net, X, labels):
    """Mean of -log p[label], one sample and one unit at a time with the math module."""
    total = 0.0
    for x, label in zip(X, labels):
        a = [float(v) for v in x]
        for layer, (w, b) in enumerate(zip(net.weights, net.biases)):
            z = [float(b[j]) + sum(a[i] * float(w[i, j]) for i in range(len(a))) for j in range(w.shape[1])]
            if layer < len(net.weights) - 1:
                a = [float(activations.get(net.activation).fn(np.array([v]))[0]) for v in z]
        exps = [math.exp(v) for v in z]
        total += -math.log(exps[int(label)] / sum(exps))
    return total / len(X)


def softmax_net(activation="tanh", seed=3):
    net = nn.MLP([2, 5, 4, 3], activation, "softmax", seed=seed)
    if activation == "relu":
        for b in net.biases:  # keep pre-activations off relu's kink, where no derivative exists
            b += 0.05
    return net


def data(n=11, seed=1):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, 2)) * 2, rng.integers(0, 3, n).astype(np.float64)


@pytest.mark.parametrize("activation", list(activations.ACTIVATIONS))
def test_loss_is_mean_negative_log_probability_of_the_class(activation):
    X, y = data()
    net = softmax_net(activation)
    assert net.loss(X, y) == pytest.approx(slow_cross_entropy(net, X, y), rel=1e-12)


@pytest.mark.parametrize("activation", list(activations.ACTIVATIONS))
def test_softmax_gradients_match_finite_differences(activation):
    X, y = data()
    net = softmax_net(activation)
    d_w, d_b = net.gradients(X, y)
    n_w, n_b = numerical_gradients(net, X, y)
    for analytic, numeric in zip(d_w + d_b, n_w + n_b):
        np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-8)


def test_gradient_at_the_logits_is_p_minus_onehot_over_n():
    # One layer: d loss / d b is the batch mean of p - onehot, written out directly.
    X, y = data(n=6)
    net = nn.MLP([2, 3], output_activation="softmax", seed=2)
    p = net.forward(X)
    onehot = np.eye(3)[y.astype(int)]
    d_w, d_b = net.gradients(X, y)
    np.testing.assert_allclose(d_b[0], (p - onehot).mean(axis=0), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(d_w[0], X.T @ (p - onehot) / 6, rtol=1e-12, atol=1e-15)


def test_probabilities_are_positive_and_rows_sum_to_one():
    X, _ = data(n=50)
    p = softmax_net("relu").forward(X * 10)
    assert p.shape == (50, 3)
    assert np.all(p > 0)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-12)


def test_softmax_and_its_loss_stay_finite_for_huge_logits():
    z = np.array([[1000.0, 0.0, -1000.0], [-800.0, -800.0, -800.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        p = outputs.softmax(z)
        log_p = outputs.log_softmax(z)
    np.testing.assert_allclose(p, [[1.0, 0.0, 0.0], [1 / 3.0, 1 / 3.0, 1 / 3.0]], atol=1e-300)
    np.testing.assert_allclose(log_p[0], [0.0, -1000.0, -2000.0])
    np.testing.assert_allclose(log_p[1], np.log(1 / 3.0) * np.ones(3))


@pytest.mark.parametrize("labels", [
    np.array([0.0, 2.0, 1.0, 1.0]),          # float labels, as the datasets store them
    np.array([0, 2, 1, 1]),                  # int labels
    [0, 2, 1, 1],                            # a plain list
    np.eye(3)[[0, 2, 1, 1]],                 # one-hot rows
])
def test_labels_and_one_hot_rows_give_the_same_loss_and_gradients(labels):
    X, _ = data(n=4)
    net = softmax_net()
    reference = np.array([0.0, 2.0, 1.0, 1.0])
    assert net.loss(X, labels) == net.loss(X, reference)
    for a, b in zip(net.gradients(X, labels)[0], net.gradients(X, reference)[0]):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("labels, message", [
    ([0.0, 3.0, 1.0, 1.0], r"\[0, 3\)"),
    ([0.0, 0.5, 1.0, 1.0], "integers"),
    ([0.0, -1.0, 1.0, 1.0], "integers"),
    ([0.0, float("nan"), 1.0, 1.0], "integers"),
    ([[0.5, 0.5, 0.0]] * 4, "one-hot"),
    ([0.0, 1.0], "shape"),
])
def test_bad_class_targets_raise(labels, message):
    X, _ = data(n=4)
    with pytest.raises(ValueError, match=message):
        softmax_net().loss(X, labels)


def test_sgd_lowers_the_cross_entropy():
    X, y = data(n=60, seed=4)
    net = softmax_net()
    before = net.loss(X, y)
    for _ in range(50):
        net.step(X, y, 0.3)
    assert net.loss(X, y) < before


def test_softmax_net_round_trips_through_json():
    X, y = data()
    net = softmax_net("sigmoid")
    net.step(X, y, 0.5)
    restored = nn.MLP.from_dict(json.loads(json.dumps(net.to_dict())))
    assert restored.output_activation == "softmax" and restored.sizes == [2, 5, 4, 3]
    np.testing.assert_array_equal(restored.forward(X), net.forward(X))
    assert restored.loss(X, y) == net.loss(X, y)


def test_softmax_is_an_output_only_and_unknown_outputs_list_it():
    assert "softmax" not in activations.ACTIVATIONS
    with pytest.raises(ValueError, match="'softmax'"):
        nn.MLP([2, 3], output_activation="softmx")
    with pytest.raises(ValueError, match="activation"):
        nn.MLP([2, 3, 3], activation="softmax")


def test_square_loss_nets_are_unchanged():
    # The elementwise output path must still be the plain half mean square error.
    X, _ = data(n=5)
    y = np.array([1.0, -1.0, 1.0, 1.0, -1.0])
    net = nn.MLP([2, 3, 1], "relu", "tanh", seed=1)
    out = net.forward(X)[:, 0]
    assert net.loss(X, y) == pytest.approx(0.5 * np.mean((out - y) ** 2), rel=1e-12)

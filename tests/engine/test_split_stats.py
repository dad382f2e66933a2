"""SplitStats (both sets in one forward pass) against nn.MLP.loss_and_output on each set alone."""
import itertools

import numpy as np
import pytest

from pyplayground import activations, nn, outputs
from pyplayground.playground.session import Session
from pyplayground.playground.split_stats import SplitStats


def _reference(net, X, y, multiclass):
    """(loss, accuracy) the plain way: nn.MLP's own forward pass and loss on one set."""
    loss, out = net.loss_and_output(X, y)
    predicted = np.argmax(out, axis=1) if multiclass else np.where(out[:, 0] >= 0, 1.0, -1.0)
    return loss, float(np.mean(predicted == y))


@pytest.mark.parametrize("activation,output", list(itertools.product(activations.ACTIVATIONS, outputs.names())))
@pytest.mark.parametrize("hidden", [[], [5], [6, 4, 3]])
def test_each_split_measures_what_the_network_alone_does(activation, output, hidden):
    multiclass = output == "softmax"
    k = 3 if multiclass else 1
    net = nn.MLP([3] + hidden + [k], activation, output, seed=2)
    rng = np.random.default_rng(4)
    splits = []
    for n in (37, 23):
        X = rng.uniform(-2, 2, (n, 3))
        y = rng.integers(0, 3, n).astype(float) if multiclass else np.sign(rng.normal(size=n))
        splits.append((X, y))
    stats = SplitStats(net, splits, multiclass)
    for _ in range(2):  # buffers reused: the second pass, after the weights changed, is as right as the first
        for (X, y), (loss, accuracy) in zip(splits, stats.measure()):
            expected_loss, expected_accuracy = _reference(net, X, y, multiclass)
            assert loss == pytest.approx(expected_loss, rel=1e-12, abs=1e-15)
            assert accuracy == expected_accuracy
        net.weights = [w * -1.5 for w in net.weights]  # replaced arrays, as the trainer hands them back


def test_an_empty_split_gives_none_and_the_other_is_still_measured():
    net = nn.MLP([2, 3, 1], "tanh", "tanh", seed=0)
    X, y = np.ones((4, 2)), np.array([1.0, -1.0, 1.0, 1.0])
    empty = (np.zeros((0, 2)), np.zeros(0))
    train, test = SplitStats(net, [(X, y), empty], False).measure()
    assert test == (None, None)
    assert train == pytest.approx(_reference(net, X, y, False))
    assert SplitStats(net, [empty, empty], False).measure() == [(None, None), (None, None)]


def test_a_loss_that_overflows_is_none_not_inf():
    net = nn.MLP([1, 1], "linear", "linear", seed=0)
    net.weights = [np.array([[1e200]])]
    (loss, accuracy), = SplitStats(net, [(np.array([[1e200]]), np.array([1.0]))], False).measure()
    assert loss is None and accuracy == 1.0


@pytest.mark.parametrize("config", [{}, {"dataset": "spiral", "hidden": [8] * 6, "activation": "relu"},
                                    {"dataset": "gauss3"}, {"dataset": "reg-plane"},
                                    {"train_fraction": 0.9, "features": ["x", "y", "xTimesY", "sinX"]}])
def test_session_stats_equal_the_network_on_each_set(config):
    s = Session(config)
    s.train(5)
    stats = s.stats()
    multiclass = s.problem == "multiclass"
    for split, X, y in (("train", s._in_train, s.y_train), ("test", s._in_test, s.y_test)):
        loss, accuracy = _reference(s.net, X, y, multiclass)
        assert stats[split + "_loss"] == pytest.approx(loss, rel=1e-12)
        if s.problem != "regression":
            assert stats[split + "_accuracy"] == accuracy

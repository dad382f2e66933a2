"""EpochTrainer (the session's fast epoch) against nn.MLP.step, the readable reference, step by step."""
import itertools

import numpy as np
import pytest

from pyplayground import activations, nn, outputs
from pyplayground.playground import shuffle
from pyplayground.playground.epoch_trainer import EpochTrainer
from pyplayground.playground.session import Session


def _data(rng, n, classes):
    X = rng.uniform(-3, 3, (n, 3))
    y = rng.integers(0, 3, n).astype(float) if classes else np.sign(rng.normal(size=n))
    return X, y


def _assert_same(reference, fast):
    for a, b in zip(reference.weights + reference.biases, fast.weights + fast.biases):
        np.testing.assert_allclose(b, a, rtol=0, atol=1e-13)
    for a, b in zip(reference.dead, fast.dead):
        np.testing.assert_array_equal(b, a)


def _train_both(reference, trainer, X, y, epochs, batch_size, lr, regularization, rate, seed=0, first_epoch=0):
    for epoch in range(first_epoch, first_epoch + epochs):
        order = shuffle.epoch_order(len(X), seed, epoch)
        for lo in range(0, len(X), batch_size):
            batch = order[lo:lo + batch_size]
            reference.step(X[batch], y[batch], lr, regularization, rate)
        assert trainer.run_epoch(X, y, order, batch_size, lr, regularization, rate)  # finite


@pytest.mark.parametrize("activation,output", list(itertools.product(activations.ACTIVATIONS, outputs.names())))
@pytest.mark.parametrize("regularization", [None, "L1", "L2"])
def test_epochs_equal_mlp_steps(activation, output, regularization):
    k = 3 if output == "softmax" else 1
    sizes = [3, 5, 4, k]
    reference, fast = nn.MLP(sizes, activation, output, seed=1), nn.MLP(sizes, activation, output, seed=1)
    X, y = _data(np.random.default_rng(3), 53, k == 3)  # 53 points in batches of 10: the last batch holds 3
    _train_both(reference, EpochTrainer(fast), X, y, 8, 10, 0.1, regularization, 0.05)
    _assert_same(reference, fast)


@pytest.mark.parametrize("activation", list(activations.ACTIVATIONS))
@pytest.mark.parametrize("hidden", [(), (5,)], ids=["no-hidden-layer", "one-hidden-layer"])
@pytest.mark.parametrize("output", ["tanh", "softmax"])
def test_shallow_networks_equal_mlp_steps(activation, hidden, output):
    k = 3 if output == "softmax" else 1
    sizes = [3] + list(hidden) + [k]
    reference, fast = nn.MLP(sizes, activation, output, seed=4), nn.MLP(sizes, activation, output, seed=4)
    X, y = _data(np.random.default_rng(5), 31, k == 3)
    _train_both(reference, EpochTrainer(fast), X, y, 6, 10, 0.1, "L1", 0.02)
    _assert_same(reference, fast)


def test_settings_changed_between_epochs_are_followed():
    """One trainer across changes of rates, penalty and batch size, links killed and revived by hand:
    the prepared calls must never keep a stale setting."""
    rng = np.random.default_rng(0)
    reference, fast = nn.MLP([3, 6, 3, 1], seed=2), nn.MLP([3, 6, 3, 1], seed=2)
    X, y = _data(rng, 40, False)
    trainer = EpochTrainer(fast)

    def set_link(layer, i, j, value, dead):  # on both, as Session.set_param / set_params do
        for net in (reference, fast):
            net.weights, net.dead = list(net.weights), list(net.dead)
            net.weights[layer], net.dead[layer] = net.weights[layer].copy(), net.dead[layer].copy()
            net.weights[layer][i, j], net.dead[layer][i, j] = value, dead

    _train_both(reference, trainer, X, y, 2, 7, 0.1, None, 0.0, 7, 0)
    set_link(1, 0, 0, 0.0, True)  # a model loaded with a dead link, same settings: it must stay 0
    epoch = 2
    for epochs, batch_size, lr, regularization, rate in [(2, 7, 0.1, None, 0.0), (25, 4, 0.03, "L1", 0.03),
                                                         (3, 7, 0.1, None, 0.0)]:
        _train_both(reference, trainer, X, y, epochs, batch_size, lr, regularization, rate, 7, epoch)
        epoch += epochs
    _assert_same(reference, fast)
    assert fast.weights[1][0, 0] == 0
    layer, i, j = next((l, i, j) for l, d in enumerate(fast.dead) for i, j in zip(*np.nonzero(d)))
    set_link(layer, i, j, 0.4, False)  # a link set by hand lives again
    for epochs, batch_size, lr, regularization, rate in [(2, 7, 0.1, None, 0.0), (3, 10, 0.05, "L2", 0.02),
                                                         (3, 10, 0.2, "L2", 0.1), (4, 3, 0.03, "L1", 0.01),
                                                         (2, 40, 0.5, None, 0.0)]:
        _train_both(reference, trainer, X, y, epochs, batch_size, lr, regularization, rate, 7, epoch)
        epoch += epochs
    assert fast.weights[layer][i, j] != 0
    _assert_same(reference, fast)


def test_l1_kills_the_same_links_and_keeps_them_at_zero():
    rng = np.random.default_rng(0)
    reference, fast = nn.MLP([3, 6, 3, 1], seed=2), nn.MLP([3, 6, 3, 1], seed=2)
    X, y = _data(rng, 40, False)
    trainer = EpochTrainer(fast)
    for epoch in range(30):
        order = shuffle.epoch_order(len(X), 7, epoch)
        for lo in range(0, len(X), 4):
            reference.step(X[order[lo:lo + 4]], y[order[lo:lo + 4]], 0.03, "L1", 0.03)
        trainer.run_epoch(X, y, order, 4, 0.03, "L1", 0.03)
    dead = sum(int(d.sum()) for d in fast.dead)
    assert dead > 3 and dead == sum(int(d.sum()) for d in reference.dead)
    assert all(np.all(w[d] == 0) for w, d in zip(fast.weights, fast.dead))
    for a, b in zip(reference.weights, fast.weights):
        np.testing.assert_allclose(b, a, rtol=0, atol=1e-13)


def test_old_arrays_survive_an_epoch_and_empty_data_changes_nothing():
    net = nn.MLP([2, 3, 1], seed=0)
    before = [w.copy() for w in net.weights]
    kept = net.weights
    trainer = EpochTrainer(net)
    X, y = _data(np.random.default_rng(1), 20, False)
    trainer.run_epoch(X[:, :2], y, np.arange(20), 5, 0.5)
    assert all(np.array_equal(a, b) for a, b in zip(kept, before))  # the session's divergence restore keeps these
    assert not all(np.array_equal(a, b) for a, b in zip(net.weights, before))
    moved = [w.copy() for w in net.weights]
    assert trainer.run_epoch(X[:0, :2], y[:0], np.arange(0), 5, 0.5)
    assert all(np.array_equal(a, b) for a, b in zip(net.weights, moved))


def test_a_session_trains_as_with_mlp_step():
    session = Session({"dataset": "spiral", "hidden": [5, 4], "regularization": "L2", "regularization_rate": 0.01,
                       "batch_size": 7})
    reference = nn.MLP.from_dict(session.net.to_dict())
    c = session.config
    for epoch in range(5):
        order = shuffle.epoch_order(len(session.x_train), c["init_seed"], epoch)
        for lo in range(0, len(order), 7):
            batch = order[lo:lo + 7]
            X, _, _, _ = session.network_inputs()
            reference.step(X[batch], session.y_train[batch], c["learning_rate"], "L2", 0.01)
    session.train(5)
    for a, b in zip(reference.weights + reference.biases, session.net.weights + session.net.biases):
        np.testing.assert_allclose(b, a, rtol=0, atol=1e-13)


def test_an_epoch_that_overflows_says_so():
    net = nn.MLP([2, 3, 1], "linear", "linear", seed=0)
    X, y = _data(np.random.default_rng(2), 20, False)
    assert not EpochTrainer(net).run_epoch(X[:, :2] * 1e150, y, np.arange(20), 5, 1e150)

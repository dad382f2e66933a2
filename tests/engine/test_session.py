"""The playground session and the worker bridge: configs, training, divergence, replies."""
import json

import numpy as np
import pytest

from pyplayground import bridge
from pyplayground.playground import session


def test_default_session_learns_the_circle():
    s = session.Session()
    start = s.stats()
    stats = s.train(epochs=150)
    assert stats["epoch"] == 150
    assert stats["test_loss"] < 0.05 < start["test_loss"]


def test_budget_stops_early_but_runs_at_least_one_epoch():
    s = session.Session({"hidden": [8, 8, 8, 8, 8, 8], "dataset": "spiral"})
    assert s.train(epochs=10000, budget_s=0.0)["epoch"] == 1


@pytest.mark.parametrize("epoch_s,budget_s,expected", [(0.25, 1.0, 4), (0.25, 0.99, 3), (0.375, 1.0, 2), (2.0, 1.0, 1),
                                                      (0.0, 0.0, 1)])  # a clock that has not ticked: one epoch
def test_an_epoch_starts_only_if_it_would_end_within_the_budget(monkeypatch, epoch_s, budget_s, expected):
    """On a clock where every epoch takes epoch_s: as many epochs as fit in budget_s, at least one."""
    s = session.Session({})
    clock = [0.0]  # binary fractions: the sums are exact
    monkeypatch.setattr(session.time, "perf_counter", lambda: clock[0])
    real_epoch = s._epoch

    def timed_epoch():
        real_epoch()
        clock[0] += epoch_s
    monkeypatch.setattr(s, "_epoch", timed_epoch)
    assert s.train(epochs=1000, budget_s=budget_s)["epoch"] == expected


def test_training_is_reproducible():
    a = session.Session({"dataset": "xor", "init_seed": 3}).train(5)
    b = session.Session({"dataset": "xor", "init_seed": 3}).train(5)
    assert a == b


def test_divergence_keeps_the_last_finite_network():
    s = session.Session({"dataset": "reg-plane", "activation": "linear", "learning_rate": 5.0, "hidden": [8, 8]})
    kept = None
    with pytest.raises(session.DivergedError, match="lower the learning rate"):
        for _ in range(100):
            kept = [w.copy() for w in s.net.weights]
            s.train(1)
    assert all(np.all(np.isfinite(w)) for w in s.net.weights)
    for w, k in zip(s.net.weights, kept):
        np.testing.assert_array_equal(w, k)


@pytest.mark.parametrize("config, message", [
    ({"dataset": "moons"}, "dataset"),
    ({"hidden": [4, 0]}, "hidden"),
    ({"learning_rate": -1}, "learning_rate"),
    ({"batch_size": 2.5}, "batch_size"),
    ({"regularization": "L3"}, "regularization"),
    ({"colour": "red"}, "unknown config keys"),
])
def test_bad_configs_raise_and_leave_the_session_unchanged(config, message):
    s = session.Session({"dataset": "xor"})
    s.train(2)
    before = (s.config, s.epoch, [w.copy() for w in s.net.weights])
    with pytest.raises(ValueError, match=message):
        s.configure(config)
    assert (s.config, s.epoch) == before[:2]
    np.testing.assert_array_equal(s.net.weights[0], before[2][0])


def test_update_changes_hyperparameters_without_reset():
    s = session.Session()
    s.train(3)
    w = s.net.weights[0]
    s.update({"learning_rate": 0.1, "batch_size": 5})
    assert s.epoch == 3 and s.net.weights[0] is w and s.config["learning_rate"] == 0.1
    with pytest.raises(ValueError, match="without a reset"):
        s.update({"dataset": "xor"})


def test_bridge_replies_are_json_plus_float32_arrays():
    reply = bridge.handle("configure", json.dumps({"config": {"dataset": "gauss"}, "grid_resolution": 20,
                                                   "include_model": True}))
    fields = json.loads(reply.json)
    assert set(fields["arrays"]) == {"grid", "train_x", "train_y", "test_x", "test_y"}
    assert fields["problem"] == "classification" and fields["stats"]["epoch"] == 0
    grid = reply.array("grid")
    assert grid.dtype == np.float32 and grid.shape == (400,)
    assert reply.array("train_x").shape == (250, 2)
    assert fields["model"]["sizes"] == [2, 4, 2, 1]
    trained = json.loads(bridge.handle("train", json.dumps({"epochs": 2})).json)
    assert trained["stats"]["epoch"] == 2 and trained["diverged"] is None


def test_bridge_rejects_unknown_requests_and_bad_payloads():
    with pytest.raises(ValueError, match="unknown request type"):
        bridge.handle("explode", "{}")
    with pytest.raises(ValueError, match="JSON object"):
        bridge.handle("train", "[1]")

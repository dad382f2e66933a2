"""The engine enforces the playground's limits itself; configure is all or nothing; model files
and requests are checked for size before any array is built; a restored session trains on exactly.

Also runs inside the browser's Pyodide (pytest 3.6: no tmp_path).
"""
import json
import time

import numpy as np
import pytest

from pyplayground import bridge, nn, vocabulary
from pyplayground.playground import session
from pyplayground.bridge import checks
from pyplayground.playground.config import LIMITS


def params(s):
    return [w.copy() for w in s.net.weights] + [b.copy() for b in s.net.biases]


def same(a, b):
    return len(a) == len(b) and all(np.array_equal(x, y) for x, y in zip(a, b))


@pytest.mark.parametrize("config, message", [
    ({"hidden": [4] * 7}, "at most 6 layer"),
    ({"hidden": [9]}, "between 1 and 8"),
    ({"hidden": [1024] * 64}, "at most 6 layer"),
    ({"batch_size": 31}, "batch_size"),
    ({"n_samples": LIMITS["n_samples"] + 1}, "n_samples"),
    ({"noise": 0.51}, "noise"),
    ({"train_fraction": 0.95}, "train_fraction"),
    ({"train_fraction": 0.05}, "train_fraction"),
    ({"learning_rate": 11}, "learning_rate"),
    ({"dataset": "custom", "points": {"x": [[0.0, 0.0]] * 5001, "y": [1] * 5001}}, "at most 5000"),
])
def test_configs_beyond_the_playground_limits_are_refused(config, message):
    s = session.Session({"dataset": "xor"})
    before = (dict(s.config), params(s))
    with pytest.raises(ValueError, match=message):
        s.configure(config)
    assert s.config == before[0] and same(params(s), before[1])


def test_the_limits_are_reachable():
    s = session.Session({"hidden": [LIMITS["units"]] * LIMITS["hidden_layers"], "batch_size": LIMITS["batch_size"],
                         "n_samples": LIMITS["n_samples"], "noise": vocabulary.NOISE_PERCENT[1] / 100,
                         "train_fraction": vocabulary.TRAIN_PERCENT[1] / 100,
                         "features": list(vocabulary.FEATURE_LABELS)[:LIMITS["inputs"]]})
    s.train(1)
    points = {"x": [[float(i % 12) - 6, 0.0] for i in range(LIMITS["custom_points"])],
              "y": [1, -1] * (LIMITS["custom_points"] // 2)}
    s.configure({"dataset": "custom", "points": points})
    assert len(s.x_train) + len(s.x_test) == LIMITS["custom_points"]


def test_configure_is_all_or_nothing(monkeypatch):
    s = session.Session({"dataset": "spiral", "hidden": [3]})
    s.train(2)
    before = (dict(s.config), params(s), s.epoch, s.x_train.copy(), s.problem)

    def broken(config):
        raise MemoryError("no room for the network")
    monkeypatch.setattr(session, "_new_network", broken)
    with pytest.raises(MemoryError):
        s.configure({"dataset": "reg-plane", "hidden": [5, 5], "features": ["x", "y", "sinX"]})
    assert s.config == before[0] and same(params(s), before[1]) and s.epoch == before[2]
    assert np.array_equal(s.x_train, before[3]) and s.problem == before[4]
    monkeypatch.undo()
    s.train(1)  # the session still works
    assert s.epoch == 3


@pytest.mark.parametrize("epochs", [0, LIMITS["epochs"] + 1, 2.5, True, "3"])
def test_epochs_per_request_are_bounded(epochs):
    s = session.Session()
    with pytest.raises(ValueError, match="epochs"):
        s.train(epochs)
    bridge.handle("configure", json.dumps({"config": {}}))
    with pytest.raises(ValueError, match="epochs"):
        bridge.handle("train", json.dumps({"epochs": epochs}))


@pytest.mark.parametrize("budget", [-1, 10001, "1", None])
def test_a_train_request_has_a_bounded_time_budget(budget):
    bridge.handle("configure", json.dumps({"config": {}}))
    with pytest.raises(ValueError, match="budget_ms"):
        bridge.handle("train", json.dumps({"epochs": 5, "budget_ms": budget}))


def test_a_train_request_without_budget_stops_after_the_engine_limit(monkeypatch):
    monkeypatch.setattr(checks, "MAX_TRAIN_S", 0.05)
    bridge.handle("configure", json.dumps({"config": {"hidden": [8, 8]}}))
    start = time.perf_counter()
    epoch = json.loads(bridge.handle("train", json.dumps({"epochs": LIMITS["epochs"]})).json)["epoch"]
    assert 1 <= epoch < LIMITS["epochs"] and time.perf_counter() - start < 5


@pytest.mark.parametrize("resolution", [1, LIMITS["grid_resolution"] + 1, 1024])
def test_grid_resolutions_are_bounded(resolution):
    bridge.handle("configure", json.dumps({"config": {}}))
    with pytest.raises(ValueError, match="resolution"):
        bridge.handle("grid", json.dumps({"neuron_resolution": resolution}))


def test_an_oversized_request_is_refused_before_it_is_parsed():
    text = json.dumps({"config": {"dataset": "custom", "points": {"x": [[0.5, 0.5]] * 200000, "y": [1] * 200000}}})
    with pytest.raises(ValueError, match="larger than the 2 MB"):
        bridge.handle("configure", text)


def declared_model(hidden, inputs=2, rows=None, outputs=1):
    """A model dict declaring ``hidden`` layers but holding tiny (or ``rows``-long) weight lists."""
    sizes = [inputs] + hidden + [outputs]
    return {"format": nn.FORMAT, "version": nn.FORMAT_VERSION, "sizes": sizes, "activation": "tanh",
            "output_activation": "tanh", "weights": [[[0.0]] * (rows or 1) for _ in sizes[1:]],
            "biases": [[0.0] for _ in sizes[1:]]}


@pytest.mark.parametrize("model, message", [
    (declared_model([1024] * 40), "at most 6 layer"),
    (declared_model([1024]), "between 1 and 8"),
    (declared_model([4], inputs=100), "inputs"),
    (declared_model([4], inputs=LIMITS["inputs"] + 1), "inputs"),
    (declared_model([4], outputs=LIMITS["classes"] + 1), "outputs"),
    (declared_model([4], rows=100000), r"weights\[0\] must have shape \(2, 4\)"),
])
def test_model_files_are_checked_for_size_before_any_array_is_built(model, message, monkeypatch):
    s = session.Session()
    before = params(s)
    built = []
    monkeypatch.setattr(np, "array", lambda *a, **k: built.append(1))  # nothing may reach numpy
    monkeypatch.setattr(np, "asarray", lambda *a, **k: built.append(1))
    with pytest.raises(ValueError, match=message):
        s.load_model(model)
    monkeypatch.undo()
    assert not built and same(params(s), before)


def test_a_session_restored_from_weights_and_epoch_trains_on_exactly():
    config = {"dataset": "spiral", "hidden": [5, 3], "noise": 0.1}
    original = session.Session(config)
    original.train(7)
    saved = (original.net.to_dict(), original.epoch)
    original.train(9)
    restored = session.Session(config)  # a new worker: same config, then the page's copy
    model, epoch = json.loads(json.dumps(saved))
    restored.set_params(model["weights"], model["biases"], epoch)
    restored.train(9)
    assert restored.epoch == original.epoch == 16
    assert same(params(restored), params(original))

"""Links L1 switched off (nn.MLP.dead) travel with the network: save/load, the session's rewind
point, set_params from another backend, hand edits, and the worker's snapshots."""
import json

import numpy as np
import pytest

from pyplayground import bridge, nn
from pyplayground.playground.session import Session

KILLING_L1 = {"dataset": "xor", "hidden": [6, 3], "learning_rate": 0.03, "regularization": "L1",
              "regularization_rate": 0.03}


def trained_session(epochs=30):
    s = Session(KILLING_L1)
    s.train(epochs)
    assert sum(int(d.sum()) for d in s.net.dead) > 0, "the config must kill links"
    return s


def test_dead_round_trips_through_json_and_old_files_load_all_live():
    net = trained_session().net
    d = json.loads(json.dumps(net.to_dict()))
    assert [np.array(layer).shape for layer in d["dead"]] == [w.shape for w in net.weights]
    restored = nn.MLP.from_dict(d)
    assert all(np.array_equal(a, b) for a, b in zip(restored.dead, net.dead))
    del d["dead"]
    assert not any(m.any() for m in nn.MLP.from_dict(d).dead)


@pytest.mark.parametrize("mutate, message", [
    (lambda d: d["dead"].pop(), "dead must list"),
    (lambda d: d["dead"][0].pop(), r"dead\[0\]"),
    (lambda d: d["dead"][0][0].__setitem__(0, 1), r"dead\[0\]"),
    (lambda d: d["dead"][0][0].__setitem__(0, True), "not 0"),  # a live nonzero weight marked dead
])
def test_malformed_dead_masks_are_refused(mutate, message):
    d = json.loads(json.dumps(nn.MLP([2, 3, 1], seed=1).to_dict()))
    mutate(d)
    with pytest.raises(ValueError, match=message):
        nn.MLP.from_dict(d)


def test_rewind_and_reset_revive_every_link():
    s = trained_session()
    s.rewind()
    assert not any(d.any() for d in s.net.dead)
    s.train(30)
    s.reset()
    assert not any(d.any() for d in s.net.dead)


def test_a_loaded_model_keeps_its_dead_links_as_the_rewind_point():
    model = json.loads(json.dumps(trained_session().net.to_dict()))
    s = Session(KILLING_L1)
    s.load_model(model)
    s.update({"regularization": "none"})
    s.train(3)  # dead links stay dead (and 0) whatever the regularization
    for w, d, saved in zip(s.net.weights, s.net.dead, model["dead"]):
        assert np.array_equal(d, np.array(saved)) and np.all(w[d] == 0)
    s.rewind()
    assert all(np.array_equal(d, np.array(saved)) for d, saved in zip(s.net.dead, model["dead"]))


def test_set_params_takes_the_dead_masks_or_keeps_the_current_ones_where_weights_are_0():
    source = trained_session()
    model = source.net.to_dict()
    s = Session(KILLING_L1)
    s.set_params(model["weights"], model["biases"], 30, model["dead"])
    assert all(np.array_equal(a, b) for a, b in zip(s.net.dead, source.net.dead))
    # Without dead (an older caller): a dead link stays dead only while its new weight is 0.
    weights = [w.copy() for w in s.net.weights]
    layer, i, j = next((l, int(i), int(j)) for l, d in enumerate(s.net.dead) for i, j in zip(*np.nonzero(d)))
    weights[layer][i, j] = 0.5
    s.set_params(weights, model["biases"], 30)
    assert not s.net.dead[layer][i, j]
    assert sum(int(d.sum()) for d in s.net.dead) == sum(int(d.sum()) for d in source.net.dead) - 1
    with pytest.raises(ValueError, match="not 0"):
        s.set_params(weights, model["biases"], 30, model["dead"])
    assert s.net.weights[layer][i, j] == 0.5  # nothing changed on error


def test_setting_a_dead_weight_by_hand_revives_its_link():
    s = trained_session()
    layer, i, j = next((l, int(i), int(j)) for l, d in enumerate(s.net.dead) for i, j in zip(*np.nonzero(d)))
    s.set_param("weight", layer, i, j, 0.25)
    assert not s.net.dead[layer][i, j] and s.net.weights[layer][i, j] == 0.25


def test_divergence_restores_the_dead_masks_too():
    s = Session({"dataset": "reg-plane", "activation": "linear", "hidden": [8, 8], "learning_rate": 0.01,
                 "regularization": "L1", "regularization_rate": 0.3})
    s.train(20)
    s.update({"learning_rate": 5.0})
    kept = None
    with pytest.raises(ValueError, match="diverged"):
        for _ in range(100):
            kept = [d.copy() for d in s.net.dead]
            s.train(1)
    assert sum(int(d.sum()) for d in kept) > 0
    assert all(np.array_equal(a, b) for a, b in zip(s.net.dead, kept))


def test_the_bridge_model_carries_dead_and_set_params_accepts_it():
    config = dict(KILLING_L1)
    reply = json.loads(bridge.handle("configure", json.dumps({"config": config})).json)
    trained = json.loads(bridge.handle("train", json.dumps({"epochs": 30, "include_model": True})).json)
    model = trained["model"]
    assert [len(d) for d in model["dead"]] == [2, 6, 3] and any(any(any(r) for r in d) for d in model["dead"])
    assert all(isinstance(v, bool) for d in model["dead"] for r in d for v in r)
    bridge.handle("rewind", "{}")
    back = json.loads(bridge.handle("set_params", json.dumps(
        {"weights": model["weights"], "biases": model["biases"], "dead": model["dead"], "epoch": 30,
         "include_model": True})).json)
    assert back["model"]["dead"] == model["dead"] and reply["problem"] == "classification"

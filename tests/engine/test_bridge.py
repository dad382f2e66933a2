"""The worker bridge's full-playground requests: neurons, custom points, rewind, set_param,
load_model; every reply is strict JSON (no NaN) plus float32 arrays."""
import json

import numpy as np
import pytest

from pyplayground import bridge, nn
from bridge_calls import call, call_binary


def test_neuron_resolution_adds_every_neuron_with_its_layout_and_labels():
    config = {"dataset": "gauss3", "features": ["x", "y", "xSquared"], "hidden": [5]}
    fields, reply = call("configure", config=config, neuron_resolution=6, grid_resolution=6)
    assert fields["problem"] == "multiclass"
    assert fields["neuron_layout"] == [[0, 3], [1, 5], [2, 3]]
    assert fields["feature_labels"] == ["X\u2081", "X\u2082", "X\u2081\u00b2"]
    assert "train_accuracy" in fields["stats"]
    neurons = reply.array("neurons")
    assert neurons.dtype == np.float32 and neurons.shape == ((3 + 5 + 3) * 36,)
    values, _ = bridge.playground.current_session().neuron_grids(6)
    np.testing.assert_array_equal(neurons, values.reshape(-1))
    assert set(np.unique(reply.array("grid"))) <= {0.0, 1.0, 2.0}
    trained, reply = call("train", epochs=2, neuron_resolution=4)
    assert trained["epoch"] == 2 and reply.array("neurons").shape == (11 * 16,)
    plain, _ = call("train", epochs=1)
    assert "neurons" not in plain["arrays"] and "neuron_layout" not in plain


def test_configure_with_custom_points_from_json():
    points = {"x": [[-2.0, 1.0], [2.0, -1.0], [1.5, 1.5], [-1.0, -3.0]], "y": [1, -1, 1, -1]}
    fields, reply = call("configure", config={"dataset": "custom", "points": points, "train_fraction": 0.5})
    assert fields["problem"] == "classification"
    assert reply.array("train_x").shape == (2, 2) and reply.array("test_x").shape == (2, 2)
    all_x = np.concatenate([reply.array("train_x"), reply.array("test_x")])
    assert sorted(map(tuple, all_x.tolist())) == sorted(map(tuple, points["x"]))
    # A cleared plane: no points, nothing to learn from, no losses; the epochs still pass.
    fields, reply = call("configure", config={"dataset": "custom", "points": {"x": [], "y": []}})
    assert reply.array("train_x").shape[0] == 0 and reply.array("test_x").shape[0] == 0
    fields, _ = call("train", epochs=3)
    assert fields["stats"]["epoch"] == 3 and fields["stats"]["train_loss"] is None


def test_rewind_and_set_param_reply_with_snapshots():
    call("configure", config={"dataset": "xor"})
    initial = bridge.playground.current_session().net.to_dict()
    call("train", epochs=3)
    fields, reply = call("rewind", grid_resolution=5, include_model=True)
    assert fields["epoch"] == 0 and fields["model"] == initial and reply.array("grid").shape == (25,)
    fields, _ = call("set_param", kind="weight", layer=1, i=2, j=0, value=0.75, include_model=True)
    assert fields["model"]["weights"][1][2][0] == 0.75
    fields, _ = call("set_param", kind="bias", layer=0, j=3, value=-2)
    assert bridge.playground.current_session().net.biases[0][3] == -2.0 and fields["stats"]["epoch"] == 0
    with pytest.raises(ValueError, match="set_param needs value"):
        call("set_param", kind="bias", layer=0, j=3)
    with pytest.raises(ValueError, match="finite"):
        call("set_param", kind="bias", layer=0, j=3, value=None)


def test_load_model_replies_with_the_new_config():
    call("configure", config={"dataset": "reg-plane", "features": ["x", "y", "sinX"]})
    model = nn.MLP([3, 7, 1], "sigmoid", "linear", seed=4).to_dict()
    fields, _ = call("load_model", model=model, include_model=True, neuron_resolution=3)
    assert fields["config"]["hidden"] == [7] and fields["config"]["activation"] == "sigmoid"
    assert fields["config"]["features"] == ["x", "y", "sinX"]
    assert fields["model"] == model and fields["epoch"] == 0
    assert fields["neuron_layout"] == [[0, 3], [1, 7], [2, 1]]
    with pytest.raises(ValueError, match="needs a model"):
        call("load_model")
    with pytest.raises(ValueError, match="inputs"):
        call("load_model", model=nn.MLP([2, 1], output_activation="linear").to_dict())


def test_unknown_request_lists_the_new_types():
    with pytest.raises(ValueError, match="load_model, load_zoo_model, maximize_start, maximize_step, maximize_stop, "
                                         "model, predict, relevance, reset, rewind, set_param, "
                                         "set_params, train, unit_backprop, unload_zoo_model, update"):
        bridge.handle("undo", "{}")


def test_set_params_hands_a_state_back_and_refuses_bad_ones():
    bridge.handle("configure", json.dumps({"config": {"hidden": [3]}}))
    model = json.loads(bridge.handle("model", "{}").json)["model"]
    weights = [[[v + 0.5 for v in row] for row in w] for w in model["weights"]]
    reply = json.loads(bridge.handle("set_params", json.dumps(
        {"weights": weights, "biases": model["biases"], "epoch": 42, "include_model": True})).json)
    assert reply["epoch"] == 42 and reply["model"]["weights"] == weights
    bad = [w[:-1] for w in weights]
    with pytest.raises(ValueError, match="weights\\[0\\]"):
        bridge.handle("set_params", json.dumps({"weights": bad, "biases": model["biases"], "epoch": 1}))
    with pytest.raises(ValueError, match="needs epoch"):
        bridge.handle("set_params", json.dumps({"weights": weights, "biases": model["biases"]}))
    assert json.loads(bridge.handle("model", "{}").json)["model"]["weights"] == weights


def test_backend_data_gives_the_networks_inputs():
    bridge.handle("configure", json.dumps({"config": {"features": ["x", "y", "xTimesY"]}}))
    reply = bridge.handle("backend_data", json.dumps({"grid_resolutions": [4, 2]}))
    fields = json.loads(reply.json)
    assert fields["n_inputs"] == 3
    grid = reply.array("grid_inputs_2")
    np.testing.assert_allclose(grid, [[-6, 6, -36], [6, 6, 36], [-6, -6, 36], [6, -6, -36]])
    assert reply.array("train_inputs").shape == (250, 3) and reply.array("grid_inputs_4").shape == (16, 3)


def test_set_params_without_view_keys_replies_with_the_epoch_only():
    bridge.handle("configure", json.dumps({"config": {"hidden": [2]}}))
    model = json.loads(bridge.handle("model", "{}").json)["model"]
    fields = json.loads(bridge.handle("set_params", json.dumps(
        {"weights": model["weights"], "biases": model["biases"], "epoch": 7})).json)
    assert fields == {"epoch": 7, "arrays": []}


def test_multiclass_grids_carry_the_class_probabilities_for_sharp_boundaries():
    fields, reply = call("configure", config={"dataset": "gauss3"}, grid_resolution=12)
    scores = reply.array("grid_scores").reshape(144, 3)
    np.testing.assert_allclose(scores.sum(axis=1), 1.0, rtol=1e-5)
    np.testing.assert_array_equal(np.argmax(scores, axis=1), reply.array("grid"))
    np.testing.assert_allclose(scores, bridge.playground.current_session().output_probabilities(12), rtol=1e-6)
    _, reply = call("configure", config={"dataset": "xor"}, grid_resolution=12)
    assert "grid_scores" not in json.loads(reply.json)["arrays"]


def test_include_params_sends_the_network_as_float64_and_set_params_takes_it_back():
    config = {"dataset": "xor", "hidden": [3, 2], "regularization": "L1", "regularization_rate": 0.03,
              "features": ["x", "y", "xTimesY"]}
    call("configure", config=config)
    fields, reply = call("train", epochs=30, include_params=True, include_model=True)
    model, network = fields["model"], fields["network"]
    assert network == {"sizes": [3, 3, 2, 1], "activation": "tanh", "output_activation": "tanh",
                       "features": ["x", "y", "xTimesY"]}
    expected = np.concatenate([np.ravel(p) for w, b in zip(model["weights"], model["biases"]) for p in (w, b)])
    params, dead = reply.array("params"), reply.array("dead")
    assert params.dtype == np.float64 and params.shape == (3 * 3 + 3 + 3 * 2 + 2 + 2 + 1,)
    np.testing.assert_array_equal(params, expected)  # exact: a worker restored from it trains on exactly
    assert json.loads(bridge.handle("train", json.dumps({"epochs": 1, "include_params": True})).json)["float64"] == ["params"]
    assert dead.tolist() == [float(v) for d in model["dead"] for row in d for v in row] and dead.sum() > 0
    # Back as bytes: float64 exactly, float32 (the WebGPU backend's) to its precision; the same dead links.
    call("train", epochs=3)
    back, _ = call_binary("set_params", {"epoch": 40, "include_model": True},
                          params=params.tobytes(), dead=(dead != 0).astype(np.uint8).tobytes())
    assert back["epoch"] == 40 and back["model"] == model
    back, _ = call_binary("set_params", {"epoch": 41, "include_model": True},
                          params=params.astype(np.float32).tobytes(), dead=(dead != 0).astype(np.uint8).tobytes())
    assert back["epoch"] == 41 and back["model"]["dead"] == model["dead"]
    for got, want in zip(back["model"]["weights"], model["weights"]):
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-7)
    with pytest.raises(ValueError, match="float64 or float32 values"):
        call_binary("set_params", {"epoch": 1}, params=params[:-1].tobytes())
    with pytest.raises(ValueError, match="one per weight"):
        call_binary("set_params", {"epoch": 1}, params=params.tobytes(), dead=b"\x00")
    assert call("model")[0]["model"]["weights"][0][0][0] == np.float32(model["weights"][0][0][0])  # refused: no change

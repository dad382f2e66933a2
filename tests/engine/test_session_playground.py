"""The full playground's session: features, multiclass, custom points, rewind, editing a
parameter, loading a model, and every neuron's values over the view grid."""
import json

import numpy as np
import pytest

from pyplayground import nn
from pyplayground.playground import datasets, features, session


def params(s):
    return [p.copy() for p in s.net.weights + s.net.biases]


def assert_params_equal(s, expected):
    got = s.net.weights + s.net.biases
    assert len(got) == len(expected)
    for a, b in zip(got, expected):
        np.testing.assert_array_equal(a, b)


# -- features ------------------------------------------------------------------------------
def test_features_set_the_input_size_and_the_network_sees_expanded_points():
    names = ["x", "y", "xSquared", "sinY"]
    s = session.Session({"dataset": "circle", "features": names, "hidden": [3]})
    assert s.net.sizes == [4, 3, 1]
    assert s.x_train.shape[1] == 2  # the raw points stay 2-D for drawing
    expected = s.net.loss(features.expand(s.x_train, names), s.y_train)
    assert s.stats()["train_loss"] == pytest.approx(expected, rel=1e-12)
    assert s.feature_labels == ["X\u2081", "X\u2082", "X\u2081\u00b2", "sin(X\u2082)"]


def test_default_features_keep_the_two_coordinates():
    s = session.Session()
    assert s.config["features"] == ["x", "y"] and s.net.sizes == [2, 4, 2, 1]


def test_squared_features_learn_the_circle_without_hidden_layers():
    s = session.Session({"features": ["xSquared", "ySquared"], "hidden": [], "learning_rate": 0.01})
    stats = s.train(60)
    assert stats["test_accuracy"] > 0.95


@pytest.mark.parametrize("config, message", [
    ({"features": []}, "at least one"),
    ({"features": ["x", "z"]}, "'xSquared'"),
    ({"features": "x"}, "list"),
])
def test_bad_features_raise(config, message):
    with pytest.raises(ValueError, match=message):
        session.Session(config)


# -- problems and output layers ----------------------------------------------------------
@pytest.mark.parametrize("dataset, output, units", [
    ("circle", "tanh", 1), ("reg-plane", "linear", 1), ("gauss3", "softmax", 3)])
def test_the_output_layer_follows_the_problem(dataset, output, units):
    s = session.Session({"dataset": dataset})
    assert (s.net.output_activation, s.net.sizes[-1]) == (output, units)
    assert s.problem == datasets.problem_of(dataset)
    assert ("train_accuracy" in s.stats()) == (s.problem != "regression")


def test_multiclass_session_learns_gauss3_and_reports_accuracy():
    s = session.Session({"dataset": "gauss3", "hidden": [4]})
    start = s.stats()
    stats = s.train(30)
    assert stats["test_loss"] < start["test_loss"]
    assert stats["train_accuracy"] > 0.95 and stats["test_accuracy"] > 0.95
    predicted = np.argmax(s.net.forward(s._in_test), axis=1)
    assert stats["test_accuracy"] == pytest.approx(np.mean(predicted == s.y_test))


def test_classification_accuracy_is_sign_agreement():
    s = session.Session({"dataset": "xor"})
    s.train(3)
    out = s.net.forward(s._in_train)[:, 0]
    expected = np.mean(np.where(out >= 0, 1.0, -1.0) == s.y_train)
    assert s.stats()["train_accuracy"] == pytest.approx(expected)


def test_multiclass_grids_are_class_indices_and_probabilities():
    s = session.Session({"dataset": "gauss3", "features": ["x", "y", "xTimesY"]})
    s.train(5)
    probs = s.output_probabilities(12)
    assert probs.shape == (144, 3) and probs.dtype == np.float32
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-6)
    grid = s.output_grid(12)
    assert grid.dtype == np.float32 and grid.shape == (144,)
    np.testing.assert_array_equal(grid, np.argmax(probs, axis=1))
    with pytest.raises(ValueError, match="multiclass"):
        session.Session().output_probabilities(12)


# -- custom points -------------------------------------------------------------------------
CUSTOM_POINTS = {"x": [[float(i), float(-i)] for i in range(-5, 5)], "y": [1, -1] * 5}


def test_custom_points_are_shuffled_with_the_data_seed_and_split():
    s = session.Session({"dataset": "custom", "points": CUSTOM_POINTS, "train_fraction": 0.7, "data_seed": 4})
    assert s.problem == "classification" and len(s.x_train) == 7 and len(s.x_test) == 3
    X = np.concatenate([s.x_train, s.x_test])
    y = np.concatenate([s.y_train, s.y_test])
    order = np.random.default_rng(4).permutation(10)
    np.testing.assert_array_equal(X, np.array(CUSTOM_POINTS["x"])[order])
    np.testing.assert_array_equal(y, np.array(CUSTOM_POINTS["y"], dtype=float)[order])
    other = session.Session({"dataset": "custom", "points": CUSTOM_POINTS, "train_fraction": 0.7, "data_seed": 5})
    assert not np.array_equal(other.x_train, s.x_train)
    s.train(2)


@pytest.mark.parametrize("config, message", [
    ({"dataset": "custom"}, "points"),
    ({"dataset": "circle", "points": CUSTOM_POINTS}, "only allowed"),
    ({"dataset": "custom", "points": {"x": [[0, 0], [1, float("inf")]], "y": [1, -1]}}, "finite"),
    ({"dataset": "custom", "points": {"x": [[0, 0], [1, 1]], "y": [1, 2]}}, "-1 or 1"),
    ({"dataset": "moons"}, "'custom'"),
])
def test_bad_custom_configs_raise_and_change_nothing(config, message):
    s = session.Session({"dataset": "xor"})
    before = (dict(s.config), params(s))
    with pytest.raises(ValueError, match=message):
        s.configure(config)
    assert s.config == before[0]
    assert_params_equal(s, before[1])


# -- rewind ----------------------------------------------------------------------------------
def test_rewind_restores_the_exact_initial_weights_and_epoch_zero():
    s = session.Session({"dataset": "spiral", "hidden": [5, 3]})
    initial = params(s)
    first = s.train(4)
    s.rewind()
    assert s.epoch == 0
    assert_params_equal(s, initial)
    assert s.train(4) == first  # the same shuffles again, so the same training


def test_rewind_after_edits_goes_back_to_the_last_reset():
    s = session.Session()
    s.train(2)
    s.reset()
    initial = params(s)
    s.set_param("weight", 0, 1, 2, 3.0)
    s.train(1)
    s.rewind()
    assert_params_equal(s, initial)


# -- set_param ---------------------------------------------------------------------------------
@pytest.mark.parametrize("kind, layer, i, j", [("weight", 0, 1, 3), ("weight", 2, 1, 0), ("bias", 1, None, 1),
                                              ("bias", 0, 7, 2)])
def test_set_param_changes_exactly_one_value_in_a_new_array(kind, layer, i, j):
    s = session.Session()
    s.train(1)
    old_lists = (s.net.weights, s.net.biases)
    old_arrays = [p for p in s.net.weights + s.net.biases]
    before = params(s)
    s.set_param(kind, layer, i, j, -1.25)
    after = s.net.weights + s.net.biases
    flat = (layer if kind == "weight" else len(s.net.weights) + layer)
    for k, (a, b) in enumerate(zip(before, after)):
        if k != flat:
            np.testing.assert_array_equal(a, b)
            continue
        index = (i, j) if kind == "weight" else (j,)
        assert b[index] == -1.25
        assert np.sum(a != b) == 1
        assert after[k] is not old_arrays[k]  # replaced, not written in place
    for a, b in zip(before, old_arrays):
        np.testing.assert_array_equal(a, b)  # the old arrays are untouched
    changed_list = s.net.weights if kind == "weight" else s.net.biases
    assert changed_list is not old_lists[0 if kind == "weight" else 1]  # a new list, too
    assert s.epoch == 1


@pytest.mark.parametrize("args, message", [
    (("w", 0, 0, 0, 1.0), "'weight', 'bias'"),
    (("weight", 3, 0, 0, 1.0), "layer"),
    (("weight", -1, 0, 0, 1.0), "layer"),
    (("weight", 0, 2, 0, 1.0), "i must"),
    (("weight", 0, 0, 4, 1.0), "j must"),
    (("weight", 0, 0.0, 0, 1.0), "i must"),
    (("bias", 0, None, 4, 1.0), "j must"),
    (("bias", 0, None, True, 1.0), "j must"),
    (("weight", 0, 0, 0, float("nan")), "finite"),
    (("weight", 0, 0, 0, float("inf")), "finite"),
    (("weight", 0, 0, 0, 10 ** 400), "finite"),
    (("weight", 0, 0, 0, "1"), "finite"),
])
def test_bad_set_param_raises_and_changes_nothing(args, message):
    s = session.Session()
    before = params(s)
    with pytest.raises(ValueError, match=message):
        s.set_param(*args)
    assert_params_equal(s, before)


# -- load_model ------------------------------------------------------------------------------
def test_load_model_round_trip_replaces_the_network_and_the_rewind_point():
    source = session.Session({"dataset": "gauss3", "hidden": [6, 5], "activation": "relu", "init_seed": 9})
    source.train(3)
    model = json.loads(json.dumps(source.net.to_dict()))
    s = session.Session({"dataset": "gauss3"})
    s.train(2)
    s.load_model(model)
    assert s.epoch == 0 and s.config["hidden"] == [6, 5] and s.config["activation"] == "relu"
    assert_params_equal(s, params(source))
    assert s.stats()["test_loss"] == source.stats()["test_loss"]
    s.train(2)
    s.rewind()
    assert_params_equal(s, params(source))


@pytest.mark.parametrize("model, message", [
    (nn.MLP([3, 4, 1]).to_dict(), "3 inputs"),
    (nn.MLP([2, 4, 3], output_activation="softmax").to_dict(), "needs 1 tanh"),
    (nn.MLP([2, 4, 1], output_activation="linear").to_dict(), "needs 1 tanh"),
    (nn.MLP([2, 2000, 1]).to_dict(), "sizes|hidden"),
    ({"format": "other"}, "not a saved"),
])
def test_load_model_that_does_not_fit_raises_and_changes_nothing(model, message):
    s = session.Session()
    s.train(2)
    before = (dict(s.config), s.epoch, params(s))
    with pytest.raises(ValueError, match=message):
        s.load_model(model)
    assert (s.config, s.epoch) == before[:2]
    assert_params_equal(s, before[2])
    s.rewind()
    assert s.net.sizes == [2, 4, 2, 1]


# -- neuron grids ------------------------------------------------------------------------------
@pytest.mark.parametrize("dataset", ["circle", "reg-gauss", "gauss3"])
def test_neuron_grids_stack_inputs_hidden_units_and_outputs(dataset):
    names = ["x", "y", "sinX"]
    s = session.Session({"dataset": dataset, "features": names, "hidden": [4, 3]})
    s.train(2)
    values, layout = s.neuron_grids(9)
    n_out = 3 if dataset == "gauss3" else 1
    assert layout == [[0, 3], [1, 4], [2, 3], [3, n_out]]
    assert values.dtype == np.float32 and values.shape == (3 + 4 + 3 + n_out, 81)
    inputs = features.expand(datasets.grid(9), names)
    np.testing.assert_allclose(values[:3], inputs.T.astype(np.float32))
    # Hidden rows against a plain layer-by-layer product.
    a = np.tanh(inputs @ s.net.weights[0] + s.net.biases[0])
    np.testing.assert_allclose(values[3:7], a.T, rtol=1e-6, atol=1e-7)
    if dataset == "gauss3":
        np.testing.assert_allclose(values[-3:].T, s.output_probabilities(9), rtol=1e-6)
        np.testing.assert_allclose(values[-3:].sum(axis=0), 1.0, rtol=1e-6)
    else:
        np.testing.assert_array_equal(values[-1], s.output_grid(9))


def test_an_overflowing_loss_counts_as_divergence_and_stats_stay_json_safe():
    s = session.Session({"dataset": "reg-plane", "activation": "relu", "learning_rate": 10.0, "hidden": [4, 2]})
    epochs = 0
    with pytest.raises(session.DivergedError):
        for epochs in range(50):
            s.train(1)
    stats = s.stats()
    assert s.epoch == epochs and stats["train_loss"] is not None
    s.set_param("bias", 2, None, 0, 1e200)  # finite, but the loss overflows
    assert s.stats()["train_loss"] is None


def test_bridge_turns_malformed_payloads_into_value_errors():
    from pyplayground import bridge
    bridge.handle("configure", json.dumps({"config": {}}))
    for kind, payload in [("train", {"epochs": [1]}), ("update", {"config": None}),
                          ("grid", {"grid_resolution": [3]}), ("configure", {"config": None})]:
        with pytest.raises(ValueError, match="malformed|must"):
            bridge.handle(kind, json.dumps(payload))


def test_from_dict_refuses_huge_networks_before_building_them():
    with pytest.raises(ValueError, match="sizes"):
        nn.MLP.from_dict({"format": "pyplayground.mlp", "version": 1, "sizes": [2, 10 ** 8, 1],
                          "activation": "tanh", "output_activation": "tanh", "weights": [], "biases": []})

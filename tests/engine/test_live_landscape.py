"""The playground's live landscape (pyplayground.landscape.live, WeightPath, Session.landscape,
the bridge's "landscape" snapshot key), checked against a plain loop that sets each cell's
weights and calls nn.MLP.loss."""
import json

import numpy as np
import pytest

from pyplayground import bridge
from pyplayground.landscape.live import live_slice
from pyplayground.nn import flat_parameters, mlp_parameters
from pyplayground.landscape.path import WeightPath
from pyplayground.playground.session import Session


def _loop_reference(net, X, y, plane, alphas, betas):
    """The slow way: for every cell, install theta + a d1 + b d2 and ask the network for its loss."""
    theta = flat_parameters(net)
    names = list(mlp_parameters(net))
    weights, biases = net.weights, net.biases
    out = np.empty((len(betas), len(alphas)))
    try:
        for i, b in enumerate(betas):
            for j, a in enumerate(alphas):
                vector, offset, params = theta + a * plane[0] + b * plane[1], 0, {}
                for name, p in zip(names, mlp_parameters(net).values()):
                    params[name] = vector[offset:offset + p.size].reshape(p.shape)
                    offset += p.size
                net.weights = [params["w%d" % l] for l in range(len(weights))]
                net.biases = [params["b%d" % l] for l in range(len(biases))]
                with np.errstate(over="ignore", invalid="ignore"):
                    out[i, j] = net.loss(X, y)
                net.weights, net.biases = weights, biases
    finally:
        net.weights, net.biases = weights, biases
    return out


@pytest.mark.parametrize("config", [
    {"dataset": "circle", "hidden": [4, 2], "activation": "tanh"},
    {"dataset": "xor", "hidden": [3], "activation": "relu", "features": ["x", "y", "xTimesY"]},
    {"dataset": "reg-plane", "hidden": [5, 3], "activation": "sigmoid"},
    {"dataset": "gauss3", "hidden": [6], "activation": "tanh"},
])
def test_every_cell_equals_the_loss_at_those_weights(config):
    session = Session(config)
    session.train(5)
    s = session.landscape(resolution=7, span=0.8)
    X, y, _, _ = session.network_inputs()
    expected = _loop_reference(session.net, X, y, s["plane"], s["alphas"], s["betas"])
    np.testing.assert_allclose(s["loss"], expected, rtol=1e-10, atol=1e-12)
    assert s["loss"][3, 3] == pytest.approx(session.stats()["train_loss"], rel=1e-12)
    assert s["center_loss"] == pytest.approx(session.stats()["train_loss"], rel=1e-12)


def test_random_directions_are_filter_normalized_and_ignore_biases():
    session = Session({"hidden": [4, 3]})
    session.train(3)
    s = session.landscape(resolution=5)
    params = mlp_parameters(session.net)
    for vector in s["plane"]:
        offset = 0
        for name, p in params.items():
            d = vector[offset:offset + p.size].reshape(p.shape)
            offset += p.size
            if name.startswith("b"):
                assert not d.any()
            else:  # a column (one unit's incoming weights) has the norm of the same column of the weights
                np.testing.assert_allclose(np.linalg.norm(d, axis=0), np.linalg.norm(p, axis=0), rtol=1e-8)


def test_refreshes_look_along_the_same_directions_until_the_seed_changes():
    a, b = Session({"init_seed": 3}), Session({"init_seed": 3})
    np.testing.assert_array_equal(a.landscape(resolution=5)["loss"], b.landscape(resolution=5)["loss"])
    c = Session({"init_seed": 3})
    c.config = dict(c.config, init_seed=4)
    assert not np.array_equal(a.landscape(resolution=5)["plane"][0], c.landscape(resolution=5)["plane"][0])


def test_a_path_in_the_plane_projects_to_its_coordinates():
    session = Session({"hidden": [4]})
    net = session.net
    s = session.landscape(resolution=5)
    d1, d2 = s["plane"]
    theta = flat_parameters(net)
    points = [theta + 0.3 * d1 - 0.2 * d2, theta - 0.5 * d1 + 0.1 * d2]
    X, y, _, _ = session.network_inputs()
    out = live_slice(net, X, y, points, resolution=5, seed=session.config["init_seed"])
    np.testing.assert_allclose(out["path"], [[0.3, -0.2], [-0.5, 0.1]], atol=1e-10)
    assert out["off_plane"] == pytest.approx(0.0, abs=1e-10)


def test_pca_plane_follows_the_training_path():
    session = Session({"dataset": "xor", "hidden": [4, 2], "learning_rate": 0.1})
    session.train(30)
    s = session.landscape(resolution=9, directions="pca")
    assert s["directions"] == "pca"
    assert 0 <= s["explained"][1] <= s["explained"][0] <= 1
    assert len(s["path"]) == len(session.path) == 31  # the rewind point and one point per epoch
    assert np.max(np.abs(s["path"])) == pytest.approx(s["alphas"][-1] / 1.25)
    np.testing.assert_allclose(s["path"][-1], [0, 0], atol=1e-12)  # the last epoch is where the weights are
    random_plane = session.landscape(resolution=9)
    assert s["off_plane"] < random_plane["off_plane"]  # the paper's reason to use PCA directions for paths


def test_pca_falls_back_to_random_directions_before_the_path_has_three_points():
    session = Session({})
    assert session.landscape(resolution=5, directions="pca")["directions"] == "random"


def test_weight_path_thins_evenly_and_keeps_the_start():
    path = WeightPath(limit=8)
    for epoch in range(100):
        path.add([epoch, 0.0], epoch)
    assert len(path) <= 8 and path.epochs[0] == 0
    steps = np.diff(path.epochs)
    assert len(set(steps.tolist())) == 1  # evenly spaced
    path.add([1.0, 2.0, 3.0], 100)  # another network: a new path
    assert path.epochs == [100]


def test_the_path_restarts_on_rewind_reset_and_records_edits():
    session = Session({})
    session.train(4)
    assert session.path.epochs == [0, 1, 2, 3, 4]
    session.set_param("weight", 0, 0, 0, 0.25)
    assert len(session.path) == 6
    session.rewind()
    assert session.path.epochs == [0]


@pytest.mark.parametrize("options, message", [
    ({"resolution": 3}, "resolution"), ({"resolution": 21.5}, "resolution"), ({"directions": "hessian"}, "directions"),
    ({"span": 0}, "span"), ({"span": True}, "span"),
])
def test_bad_options_are_refused_clearly(options, message):
    with pytest.raises(ValueError, match=message):
        Session({}).landscape(**options)


def test_bridge_snapshots_carry_the_landscape_on_request():
    bridge.handle("configure", json.dumps({"config": {"dataset": "spiral", "hidden": [4]}}))
    reply = bridge.handle("train", json.dumps({"epochs": 3, "landscape": {"resolution": 21}}))
    fields = json.loads(reply.json)
    info = fields["landscape"]
    assert info["resolution"] == 21 and info["directions"] == "random" and info["path_epochs"] == [0, 1, 2, 3]
    assert reply.array("landscape").shape == (441,) and reply.array("landscape_path").shape == (8,)
    assert reply.array("landscape")[220] == pytest.approx(fields["stats"]["train_loss"], rel=1e-6)
    with pytest.raises(ValueError, match="landscape takes"):
        bridge.handle("grid", json.dumps({"landscape": {"resolution": 21, "zoom": 2}}))


def test_overflowing_cells_are_nan_in_the_reply_not_an_error():
    bridge.handle("configure", json.dumps({"config": {"dataset": "reg-plane", "hidden": [8, 8], "activation": "relu"}}))
    reply = bridge.handle("grid", json.dumps({"landscape": {"resolution": 5, "span": 10}}))
    json.loads(reply.json)  # fields stay valid JSON
    assert np.isfinite(reply.array("landscape")[12])

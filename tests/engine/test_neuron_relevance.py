"""Every neuron's LRP relevance in a playground network (explain.neurons, Session.relevance, the
bridge's "relevance" snapshot key), against a plain-loop LRP-epsilon and conservation."""
import json

import numpy as np
import pytest

from pyplayground import bridge, explain, nn
from pyplayground.explain.neurons import neuron_relevance
from pyplayground.playground.session import Session


def _slow_epsilon(net, x, eps):
    """LRP-epsilon for one sample by loops over units: R_j = sum_k a_j w_jk / (z_k + eps sign z_k) R_k."""
    acts = [x]
    for layer, (w, b) in enumerate(zip(net.weights, net.biases)):
        z = acts[-1] @ w + b
        acts.append(np.tanh(z) if layer < len(net.weights) - 1 else z)
    R = [acts[-1].copy()]
    for layer in range(len(net.weights) - 1, -1, -1):
        w, b, a = net.weights[layer], net.biases[layer], acts[layer]
        upper = R[0]
        lower = np.zeros(len(a))
        for k in range(w.shape[1]):
            z = sum(a[j] * w[j, k] for j in range(len(a))) + b[k]
            denominator = z + eps * (1.0 if z >= 0 else -1.0)
            for j in range(len(a)):
                lower[j] += a[j] * w[j, k] / denominator * upper[k]
        R.insert(0, lower)
    return R


def test_every_layer_matches_a_plain_loop_reference():
    net = nn.MLP([3, 5, 4, 1], "tanh", "tanh", seed=3)
    X = np.random.default_rng(1).normal(size=(6, 3))
    fast = neuron_relevance(net, X, "lrp-epsilon", epsilon=0.1)
    for n, x in enumerate(X):
        for got, expected in zip(fast, _slow_epsilon(net, x, 0.1)):
            np.testing.assert_allclose(got[n], expected, rtol=1e-10, atol=1e-12)


def test_lrp0_with_zero_biases_conserves_the_logit_layer_by_layer():
    net = nn.MLP([2, 6, 6, 3], "relu", "softmax", seed=2)
    net.biases = [np.zeros_like(b) for b in net.biases]
    X = np.random.default_rng(2).normal(size=(8, 2))
    layers = neuron_relevance(net, X, "lrp-0")
    logit = layers[-1].sum(axis=1)
    assert np.all(logit > 0)  # the predicted class's logit
    for R in layers:
        np.testing.assert_allclose(R.sum(axis=1), logit, rtol=1e-9, atol=1e-12)


def test_the_input_layer_is_the_engines_input_heatmap():
    net = nn.MLP([4, 3, 1], "sigmoid", "tanh", seed=5)
    X = np.random.default_rng(3).normal(size=(5, 4))
    for method in ("lrp-alphabeta", "lrp-zplus", "composite-epsilon-plus-flat"):
        np.testing.assert_allclose(neuron_relevance(net, X, method)[0], explain.relevance(net, X, method), rtol=1e-12)


def test_gradient_methods_and_unknown_names_are_refused_with_the_valid_list():
    net = nn.MLP([2, 2, 1])
    for method in ("sensitivity", "lrp-nine"):
        with pytest.raises(ValueError, match="lrp-epsilon"):
            neuron_relevance(net, np.zeros((1, 2)), method)


def test_session_grid_and_point_agree_and_follow_the_diagram_layout():
    session = Session({"dataset": "xor", "hidden": [4, 2], "features": ["x", "y", "xTimesY"]})
    session.train(20)
    grids, at_point, layout = session.relevance("lrp-epsilon", resolution=5, point=[-6.0, 6.0])
    assert layout == [[0, 3], [1, 4], [2, 2], [3, 1]]
    assert grids.shape == (10, 25) and at_point.shape == (10,)
    np.testing.assert_allclose(grids[:, 0], at_point, rtol=1e-5)  # the grid's first cell is the top-left corner
    with pytest.raises(ValueError, match="point"):
        session.relevance("lrp-0", point=[0.0, float("nan")])


def test_bridge_carries_the_relevance_on_request():
    bridge.handle("configure", json.dumps({"config": {"dataset": "gauss3", "hidden": [3]}}))
    reply = bridge.handle("grid", json.dumps({"relevance": {"method": "lrp-0", "resolution": 4, "point": [1, 2]}}))
    fields = json.loads(reply.json)["relevance"]
    assert fields["layout"] == [[0, 2], [1, 3], [2, 3]]
    assert reply.array("relevance").shape == (8 * 16,) and reply.array("relevance_point").shape == (8,)
    with pytest.raises(ValueError, match="relevance takes"):
        bridge.handle("grid", json.dumps({"relevance": {"resolution": 4}}))

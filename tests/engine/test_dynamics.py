"""Training dynamics (pyplayground.dynamics): blue-noise sampling spreads its samples and is
deterministic, outliers are the lines farthest from their nearest neighbours, forward credit
equals a slow per-input reference on a tiny network and stays in [-1, 1], k-means is deterministic,
the recorder's metrics equal direct computations.

Also runs inside the browser's Pyodide (Python 3.8, numpy 1.17.5) with the other engine tests.
"""
import numpy as np
import pytest

from pyplayground import dynamics, layers, nn
from pyplayground.units import unit_layers


def lines(seed=0, n=120, t=12):
    rng = np.random.default_rng(seed)
    base = np.cumsum(rng.normal(size=(n, t)), axis=1) * 0.3
    base[:3] += np.linspace(0, 6, t)          # three rare, outlying trends
    return base


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_blue_noise_samples_are_spread_more_than_random_ones(seed):
    x = lines(seed)
    blue = dynamics.blue_noise_sample(x, 20, seed=seed)
    rand = dynamics.random_sample(len(x), 20, seed=seed)
    assert len(blue) == len(set(blue)) == 20 and len(rand) == 20
    assert dynamics.min_pairwise_distance(x, blue) > dynamics.min_pairwise_distance(x, rand)
    assert dynamics.blue_noise_sample(x, 20, seed=seed) == blue            # deterministic for a seed


def test_blue_noise_keeps_more_outliers_than_random_sampling():
    kept_blue = kept_random = total = 0
    for seed in range(6):
        x = lines(seed)
        out = set(dynamics.outliers(x, 0.025))
        total += len(out)
        kept_blue += len(out & set(dynamics.blue_noise_sample(x, 20, seed=seed)))
        kept_random += len(out & set(dynamics.random_sample(len(x), 20, seed=seed)))
    assert kept_blue > kept_random and kept_blue >= 0.5 * total


def test_outliers_are_the_farthest_from_their_nearest_neighbour():
    x = np.array([[0.0, 0.0], [0.1, 0.0], [0.0, 0.1], [5.0, 5.0], [0.1, 0.1]])
    assert dynamics.outliers(x, 0.2) == [3]
    assert dynamics.outliers(x[:1]) == [0]


def tiny():
    return nn.Sequential([layers.Dense(3, 4), layers.ReLU(), layers.Dense(4, 2), layers.Tanh(), layers.Dense(2, 3)],
                         seed=5, input_shape=(3,))


def test_contributions_equal_a_slow_reference_and_credit_is_scaled():
    model = tiny()
    X = np.random.default_rng(1).normal(size=(7, 3))
    found = unit_layers(model)
    outputs = model.activations(X)
    C = dynamics.contributions(model, outputs, found[0], found[1])
    a = outputs[str(found[0]["index"])]
    W = model.layers[2].params["weight"]
    slow = np.zeros((4, 2))
    for i in range(4):
        for j in range(2):
            slow[i, j] = sum(a[n, i] * W[i, j] for n in range(len(X))) / len(X)
    assert np.allclose(C, slow, atol=1e-12)
    credit = dynamics.forward_credit(C)
    assert np.max(np.abs(credit)) == pytest.approx(1.0) and np.all(np.abs(credit) <= 1.0)
    assert np.allclose(credit, slow.sum(axis=1) / np.max(np.abs(slow.sum(axis=1))))


def test_conv_contributions_sum_to_the_next_pre_activation():
    model = nn.Sequential([layers.Conv2D(1, 3, 3, stride=2, padding=1), layers.ReLU(), layers.Flatten(),
                           layers.Dense(3 * 4 * 4, 5)], seed=2, input_shape=(1, 8, 8))
    X = np.random.default_rng(3).random((4, 1, 8, 8))
    found = unit_layers(model)
    outputs = model.activations(X)
    C = dynamics.contributions(model, outputs, found[0], found[1])
    z = outputs["3"] - model.layers[3].params["bias"]
    assert C.shape == (3, 5) and np.allclose(C.sum(axis=0), z.mean(axis=0), atol=1e-10)


def test_kmeans_is_deterministic_and_finds_separate_groups():
    rng = np.random.default_rng(0)
    x = np.concatenate([rng.normal(0, 0.1, (10, 2)), rng.normal(5, 0.1, (10, 2)), rng.normal((0, 5), 0.1, (10, 2))])
    labels, centres = dynamics.kmeans(x, 3, seed=4)
    assert labels.tolist() == dynamics.kmeans(x, 3, seed=4)[0].tolist()
    assert sorted(set(labels[:10])) == [0] and len(set(labels[10:20])) == 1 and len(set(labels[20:])) == 1
    assert len(set(labels)) == 3 and centres.shape == (3, 2)
    assert dynamics.kmeans(np.zeros((4, 2)), 3)[0].tolist() == [0, 0, 0, 0]


def test_the_recorder_measures_what_it_says():
    model = tiny()
    probe = np.random.default_rng(2).normal(size=(9, 3))
    recorder = dynamics.Recorder(model, probe)
    X, y = np.random.default_rng(3).normal(size=(6, 3)), np.array([0, 1, 2, 0, 1, 2])
    grads = model.gradients(X, y)
    before = {k: v.copy() for k, v in model.parameters().items()}
    for name, value in model.parameters().items():
        value -= 0.1 * grads[name]
    recorder.record(1, grads, before)
    w = model.layers[0].params["weight"]
    hidden = np.maximum(probe @ w + model.layers[0].params["bias"], 0)
    assert np.allclose(recorder.arrays(0, "act_mean")[:, 0], hidden.mean(axis=0))
    assert np.allclose(recorder.arrays(0, "act_std")[:, 0], hidden.std(axis=0))
    assert np.allclose(recorder.arrays(0, "weight_norm")[:, 0], np.linalg.norm(w, axis=0))
    assert np.allclose(recorder.arrays(0, "grad_norm")[:, 0], np.linalg.norm(grads["0.weight"], axis=0))
    ratio = np.linalg.norm(w - before["0.weight"], axis=0) / np.linalg.norm(before["0.weight"], axis=0)
    assert np.allclose(recorder.arrays(0, "update_ratio")[:, 0], ratio)
    assert np.array_equal(recorder.arrays(0, "dead")[:, 0], (hidden.max(axis=0) <= 0).astype(float))
    assert len(recorder.credit) == 2 and np.all(np.abs(recorder.credit[0][0]) <= 1)


def test_the_playground_runs_dynamics_come_from_its_weight_path():
    import json

    from pyplayground import bridge
    from pyplayground.playground.session import Session
    session = Session({"hidden": [4, 2], "init_seed": 3})
    session.train(60)
    data = session.dynamics(snapshots=16)
    assert len(data["steps"]) <= 16 and data["steps"][0] == 0 and data["steps"][-1] == 60 == data["epoch"]
    assert [l["name"] for l in data["layers"]] == ["hidden1", "hidden2", "output"]
    assert [l["units"] for l in data["layers"]] == [4, 2, 1]
    # the last snapshot's hidden activations are the session's network on its training inputs
    X = session.network_inputs()[0]
    hidden = session.net.activations(X)[1]
    assert np.allclose(data["layers"][0]["series"]["act_mean"][0][-1], hidden.mean(axis=0)[0], rtol=1e-4)
    w = session.net.weights[0]
    assert np.allclose([s[-1] for s in data["layers"][0]["series"]["weight_norm"]], np.linalg.norm(w, axis=0), rtol=1e-4)
    credit = np.asarray(data["layers"][0]["credit"][-1])
    slow = (hidden.mean(axis=0)[:, None] * session.net.weights[1]).sum(axis=1)
    assert np.allclose(credit, slow / np.abs(slow).max(), atol=1e-3)
    assert data["layers"][2]["samples"]["act_mean"]["min_distance"]["blue_noise"] is None   # one line only
    json.dumps(data, allow_nan=False)
    bridge.handle("configure", json.dumps({"config": {"init_seed": 1}}))
    bridge.handle("train", json.dumps({"epochs": 20}))
    fields = json.loads(bridge.handle("dynamics", json.dumps({"snapshots": 8})).json)
    assert fields["epoch"] == 20 and len(fields["steps"]) <= 8

"""to_dict / from_dict: JSON-serializable, exact round trip, clear errors on bad input."""
import json

import numpy as np
import pytest

from pyplayground import nn


def trained_net():
    rng = np.random.default_rng(0)
    net = nn.MLP([2, 5, 3, 1], "relu", "tanh", seed=9)
    for _ in range(5):
        net.step(rng.normal(size=(10, 2)), rng.choice([-1.0, 1.0], 10), 0.3)
    return net


def test_round_trip_through_json_is_exact():
    net = trained_net()
    restored = nn.MLP.from_dict(json.loads(json.dumps(net.to_dict())))
    assert restored.sizes == net.sizes
    assert (restored.activation, restored.output_activation) == ("relu", "tanh")
    for a, b in zip(net.weights + net.biases, restored.weights + restored.biases):
        assert a.dtype == b.dtype == np.float64
        np.testing.assert_array_equal(a, b)
    X = np.random.default_rng(1).normal(size=(20, 2))
    np.testing.assert_array_equal(net.forward(X), restored.forward(X))


@pytest.mark.parametrize("mutate, message", [
    (lambda d: d.update(format="other"), "not a saved pyplayground network"),
    (lambda d: d.update(version=99), "version"),
    (lambda d: d["weights"][0].pop(), "shape"),
    (lambda d: d["biases"].pop(), "layers"),
    (lambda d: d.update(activation="swish"), "activation"),
    (lambda d: d["weights"][1][0].__setitem__(0, float("nan")), "finite"),
    (lambda d: d.pop("biases"), "lacks biases"),
    (lambda d: d.update(weights=7), "malformed"),
])
def test_malformed_dicts_raise_value_errors(mutate, message):
    d = json.loads(json.dumps(trained_net().to_dict()))
    mutate(d)
    with pytest.raises(ValueError, match=message):
        nn.MLP.from_dict(d)


def test_not_a_dict_is_rejected():
    with pytest.raises(ValueError):
        nn.MLP.from_dict([1, 2, 3])

"""The worker bridge's relevance request: heatmaps of a loaded zoo model equal the engine's.

Also runs inside the browser's Pyodide (Python 3.8, numpy 1.17.5) with the other engine tests.
"""
import io
import json

import numpy as np
import pytest

from pyplayground import bridge, explain, layers, nn
from bridge_calls import call


def tiny_model(seed=0):
    """A small digit model with BatchNorm (merged for LRP), a skip and max pooling."""
    model = nn.Sequential([
        layers.Conv2D(1, 3, 3, stride=2, padding=1), layers.BatchNorm2D(3), layers.ReLU(),
        layers.Residual([layers.Conv2D(3, 3, 3, padding=1), layers.ReLU()]),
        layers.MaxPool2D(2), layers.Flatten(), layers.Dense(3 * 7 * 7, 10),
    ], loss="cross_entropy", seed=seed, dtype="float32", input_shape=(1, 28, 28))
    model.train()
    model.forward(np.random.default_rng(seed).random((8, 1, 28, 28)))  # running statistics off their start
    return model.eval()


def load(model, model_id="rel-tiny"):
    buf = io.BytesIO()
    model.save(buf)
    call("load_zoo_model", binary=[("npz", np.frombuffer(buf.getvalue(), dtype=np.uint8))], id=model_id)
    return model_id


def test_every_method_equals_the_engine_for_predicted_and_chosen_class():
    model = tiny_model()
    model_id = load(model)
    x = np.random.default_rng(1).random(784)
    logits = model.forward(x.reshape(1, 1, 28, 28))[0]
    for target in (None, 3):
        fields, reply = call("relevance", id=model_id, pixels=x.tolist(), target=target)
        assert fields["methods"] == list(explain.METHODS)
        assert fields["predicted"] == int(logits.argmax())
        assert fields["target"] == (fields["predicted"] if target is None else 3)
        heatmaps = reply.array("heatmaps").reshape(len(explain.METHODS), 784)
        for method, got in zip(explain.METHODS, heatmaps):
            want = explain.relevance(model, x.reshape(1, 1, 28, 28), method, target=fields["target"]).ravel()
            np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6 * np.abs(want).max(), err_msg=method)
        np.testing.assert_allclose(reply.array("logits"), logits, rtol=1e-5, atol=1e-6)
        assert reply.array("probabilities").sum() == pytest.approx(1.0, abs=1e-5)


def test_a_subset_of_methods_in_the_order_asked():
    model_id = load(tiny_model(2), "rel-order")
    fields, reply = call("relevance", id=model_id, pixels=[0.5] * 784, methods=["lrp-epsilon", "sensitivity"])
    assert fields["methods"] == ["lrp-epsilon", "sensitivity"] and reply.array("heatmaps").shape == (2 * 784,)
    assert np.all(reply.array("heatmaps")[784:] >= 0)  # sensitivity is |gradient|


def test_a_reloaded_model_is_explained_afresh():
    first, second = tiny_model(3), tiny_model(4)
    x = np.random.default_rng(5).random(784)
    load(first, "rel-swap")
    _, before = call("relevance", id="rel-swap", pixels=x.tolist(), methods=["lrp-0"], target=1)
    load(second, "rel-swap")
    _, after = call("relevance", id="rel-swap", pixels=x.tolist(), methods=["lrp-0"], target=1)
    want = explain.relevance(second, x.reshape(1, 1, 28, 28), "lrp-0", target=1).ravel()
    np.testing.assert_allclose(after.array("heatmaps"), want, rtol=1e-5, atol=1e-6 * np.abs(want).max())
    assert not np.allclose(before.array("heatmaps"), after.array("heatmaps"))


@pytest.mark.parametrize("payload, message", [
    ({"id": "nowhere", "pixels": [0.0] * 784}, "is not loaded"),
    ({"id": "rel-bad", "pixels": [0.0] * 10}, "one image: a list of 784 numbers"),
    ({"id": "rel-bad", "pixels": [0.0] * 783 + [True]}, "a list of 784 numbers"),
    ({"id": "rel-bad", "pixels": [0.0] * 784, "methods": ["lrp-bogus"]}, "unknown method 'lrp-bogus'; valid: sensitivity"),
    ({"id": "rel-bad", "pixels": [0.0] * 784, "methods": []}, "non-empty list"),
    ({"id": "rel-bad", "pixels": [0.0] * 784, "target": 10}, "class index in [0, 10)"),
    ({"id": "rel-bad", "pixels": [0.0] * 784, "target": "3"}, "class index"),
    ({"pixels": [0.0] * 784}, "needs an id"),
])
def test_bad_requests_say_what_is_wrong(payload, message):
    load(tiny_model(6), "rel-bad")
    with pytest.raises(ValueError) as err:
        bridge.handle("relevance", json.dumps(payload))
    assert message in str(err.value)

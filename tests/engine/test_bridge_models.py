"""The worker bridge's model-zoo requests: a saved model's bytes in, class probabilities out.

Also runs inside the browser's Pyodide (Python 3.8, numpy 1.17.5) with the other engine tests.
"""
import io
import json

import numpy as np
import pytest

from pyplayground import bridge, layers, nn
from pyplayground.bridge import models, store
from bridge_calls import call


def small_cnn(seed=0):
    """A tiny digit model with BatchNorm (eval mode must use running statistics) and a skip."""
    model = nn.Sequential([
        layers.Conv2D(1, 4, 3, stride=2, padding=1), layers.BatchNorm2D(4), layers.ReLU(),
        layers.Residual([layers.Conv2D(4, 4, 3, padding=1), layers.ReLU()]),
        layers.AvgPool2D(2), layers.Flatten(), layers.Dense(4 * 7 * 7, 10),
    ], loss="cross_entropy", seed=seed, dtype="float32", input_shape=(1, 28, 28))
    rng = np.random.default_rng(seed)
    model.train()
    model.forward(rng.random((16, 1, 28, 28)))  # move the running statistics off their start
    return model


def npz_bytes(model):
    buf = io.BytesIO()
    model.save(buf)
    return np.frombuffer(buf.getvalue(), dtype=np.uint8)


def reference_probabilities(model, x):
    """softmax(forward(x)) written out plainly, in eval mode."""
    logits = np.asarray(model.eval().forward(x), dtype=np.float64)
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def test_load_then_predict_equals_the_engine():
    model = small_cnn()
    fields, _ = call("load_zoo_model", binary=[("npz", npz_bytes(model))], id="tiny")
    assert fields["id"] == "tiny" and fields["input_shape"] == [1, 28, 28]
    assert fields["classes"] == 10 and fields["parameters"] == model.parameter_count()
    x = np.random.default_rng(1).random((3, 784))
    fields, reply = call("predict", id="tiny", pixels=x.reshape(-1).tolist())
    probabilities = reply.array("probabilities")
    assert fields["n"] == 3 and probabilities.dtype == np.float32 and probabilities.shape == (30,)
    expected = reference_probabilities(model, x.reshape(3, 1, 28, 28))
    np.testing.assert_allclose(probabilities.reshape(3, 10), expected, atol=1e-6)
    np.testing.assert_allclose(probabilities.reshape(3, 10).sum(axis=1), 1.0, atol=1e-5)


def test_loaded_model_runs_in_eval_mode_and_repeats_exactly():
    call("load_zoo_model", binary=[("npz", npz_bytes(small_cnn()))], id="tiny")
    pixels = np.linspace(0, 1, 784).tolist()
    first = call("predict", id="tiny", pixels=pixels)[1].array("probabilities")
    again = call("predict", id="tiny", pixels=pixels + pixels)[1].array("probabilities")
    # Eval mode: an image's probabilities do not depend on the rest of the batch (up to the
    # rounding of a float32 matrix product of another size).
    np.testing.assert_allclose(again[:10], first, atol=1e-6)
    np.testing.assert_array_equal(again[10:], again[:10])


def test_a_corrupt_model_file_is_a_clear_error():
    junk = np.frombuffer(b"this is not a model", dtype=np.uint8)
    with pytest.raises(ValueError, match="not a saved pyplayground model"):
        call("load_zoo_model", binary=[("npz", junk)], id="junk")
    truncated = npz_bytes(small_cnn())[:2000]  # a download cut short is still a zip header
    with pytest.raises(ValueError, match="not a saved pyplayground model"):
        call("load_zoo_model", binary=[("npz", truncated)], id="junk")
    with pytest.raises(ValueError, match="npz"):
        call("load_zoo_model", id="no-bytes")


def test_bad_predict_requests_say_what_is_wrong():
    call("load_zoo_model", binary=[("npz", npz_bytes(small_cnn()))], id="tiny")
    with pytest.raises(ValueError, match="not loaded"):
        call("predict", id="nowhere", pixels=[0.0] * 784)
    with pytest.raises(ValueError, match="784 numbers"):
        call("predict", id="tiny", pixels=[0.0] * 783)
    with pytest.raises(ValueError, match="list of numbers"):
        call("predict", id="tiny", pixels="0.5")
    with pytest.raises(ValueError, match="id"):
        call("predict", pixels=[0.0] * 784)


def test_binary_fields_must_match_their_names():
    with pytest.raises(ValueError, match=r"\$binary"):
        bridge.handle("load_zoo_model", json.dumps({"id": "x"}), np.zeros(3, np.uint8))


def test_only_a_bounded_number_of_models_is_kept():
    data = npz_bytes(small_cnn())
    for i in range(store.MAX_MODELS + 2):
        call("load_zoo_model", binary=[("npz", data)], id="m%d" % i)
    loaded = call("unload_zoo_model", id="m0")[0]["loaded"]
    assert len(loaded) == store.MAX_MODELS and "m0" not in loaded and "m1" not in loaded


def test_softmax_is_stable_for_large_logits():
    p = models.softmax(np.array([[1000.0, 0.0, -1000.0]]))
    np.testing.assert_allclose(p, [[1.0, 0.0, 0.0]])

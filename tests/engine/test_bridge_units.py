"""The worker bridge's Units requests on a loaded zoo model: activations, backprop/deconv,
chunked activation maximization; each equal to the engine called directly.

Also runs inside the browser's Pyodide (Python 3.8, numpy 1.17.5) with the other engine tests.
"""
import io

import numpy as np
import pytest

from pyplayground import layers, nn, units
from bridge_calls import call


def tiny_cnn():
    return nn.Sequential([layers.Conv2D(1, 4, 3, stride=2, padding=1), layers.ReLU(),
                          layers.Conv2D(4, 6, 3, stride=2, padding=1), layers.ReLU(),
                          layers.Flatten(), layers.Dense(6 * 7 * 7, 10)],
                         seed=3, dtype="float32", input_shape=(1, 28, 28))


@pytest.fixture
def loaded():
    model = tiny_cnn()
    buf = io.BytesIO()
    model.save(buf)
    call("load_zoo_model", binary=[("npz", np.frombuffer(buf.getvalue(), dtype=np.uint8))], id="units-tiny")
    return nn.load(buf.getvalue()).eval()


def test_activations_are_every_unit_layers_output(loaded):
    x = np.random.default_rng(0).random(784)
    fields, reply = call("activations", id="units-tiny", pixels=x.tolist())
    assert [e["name"] for e in fields["layers"]] == ["conv1", "conv2", "logits"]
    outputs = loaded.activations(x.reshape(1, 1, 28, 28))
    for entry in fields["layers"]:
        got = reply.array("layer_%d" % entry["index"])
        assert got.size == int(np.prod(entry["shape"]))
        np.testing.assert_allclose(got, outputs[str(entry["index"])].ravel(), rtol=1e-6, atol=1e-6)
    assert reply.array("probabilities").sum() == pytest.approx(1.0, abs=1e-5)


@pytest.mark.parametrize("method", ["backprop", "deconv"])
def test_unit_backprop_equals_the_engine(loaded, method):
    x = np.random.default_rng(1).random(784)
    fields, reply = call("unit_backprop", id="units-tiny", pixels=x.tolist(), layer=3, channel=2, method=method)
    signal, strength = units.unit_backprop(loaded, x.reshape(1, 1, 28, 28), 3, 2, method)
    assert fields["method"] == method and fields["activation"] == pytest.approx(strength[0], rel=1e-6)
    np.testing.assert_allclose(reply.array("signal"), signal.ravel().astype(np.float32), rtol=1e-5, atol=1e-7)


def test_chunked_maximization_equals_units_maximize(loaded):
    start = np.full(784, 0.1)
    fields, reply = call("maximize_start", id="units-tiny", layer=1, channel=3, preset="yosinski-1", steps=25,
                         center_bias=True, start=start.tolist(), noise=0.05, seed=7)
    assert fields["source"] == 0 and fields["step"] == 0 and fields["settings"]["lr"] == 0.05
    token, trace = fields["token"], [fields["activation"]]
    while True:
        fields, reply = call("maximize_step", token=token, steps=10)
        trace += fields["trace"]
        if fields["done"]:
            break
    assert fields["step"] == 25 and len(trace) == 26
    begin = units.start_image(start.reshape(1, 28, 28), 0.05, seed=7)
    image, expected = units.maximize(loaded, 0, 3, begin, steps=25, preset="yosinski-1", center_bias=True)
    np.testing.assert_allclose(reply.array("image"), image.ravel().astype(np.float32), atol=1e-6)
    np.testing.assert_allclose(trace, expected, rtol=1e-6)
    call("maximize_stop", token=token)
    with pytest.raises(ValueError, match="no activation-maximization run"):
        call("maximize_step", token=token, steps=1)


def test_bad_requests_say_what_is_wrong(loaded):
    with pytest.raises(ValueError, match="784 numbers"):
        call("activations", id="units-tiny", pixels=[0.5] * 10)
    with pytest.raises(ValueError, match="not loaded"):
        call("activations", id="nobody", pixels=[0.0] * 784)
    with pytest.raises(ValueError, match="holds no units"):
        call("unit_backprop", id="units-tiny", pixels=[0.0] * 784, layer=4, channel=0)
    with pytest.raises(ValueError, match="has 10 units"):
        call("maximize_start", id="units-tiny", layer=5, channel=10)
    with pytest.raises(ValueError, match="unknown preset"):
        call("maximize_start", id="units-tiny", layer=5, channel=1, preset="loud")
    with pytest.raises(ValueError, match="steps must be"):
        call("maximize_start", id="units-tiny", layer=5, channel=1, steps=0)

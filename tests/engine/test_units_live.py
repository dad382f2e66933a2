"""The units of a model's layers, chunked activation maximization, backprop and deconvolution
onto the input (the deep visualization toolbox's views), against independent references."""
import numpy as np
import pytest

from pyplayground import layers, nn, units
from pyplayground.explain import relevance


def cnn():
    return nn.Sequential([layers.Conv2D(1, 3, 3, stride=2, padding=1), layers.ReLU(),
                          layers.Conv2D(3, 4, 3, padding=1), layers.ReLU(), layers.MaxPool2D(2),
                          layers.Flatten(), layers.Dense(4 * 2 * 2, 5), layers.ReLU(), layers.Dense(5, 3)],
                         seed=2, input_shape=(1, 8, 8))


def test_unit_layers_are_the_rectified_outputs_with_their_sources():
    found = units.unit_layers(cnn())
    assert [(e["name"], e["index"], e["source"], e["kind"], e["shape"]) for e in found] == [
        ("conv1", 1, 0, "conv", [3, 4, 4]), ("conv2", 3, 2, "conv", [4, 4, 4]),
        ("dense1", 7, 6, "dense", [5]), ("logits", 8, 8, "dense", [3])]
    assert units.penultimate(cnn()) == 7
    resnet = nn.Sequential([layers.Conv2D(1, 2, 3, padding=1), layers.BatchNorm2D(2), layers.ReLU(),
                            layers.Residual([layers.Conv2D(2, 2, 3, padding=1)]), layers.ReLU(),
                            layers.Flatten(), layers.Dense(2 * 4 * 4, 3)], input_shape=(1, 4, 4))
    assert [(e["name"], e["index"], e["source"]) for e in units.unit_layers(resnet)] == [
        ("conv1", 2, 0), ("block1", 4, 3), ("logits", 6, 6)]
    with pytest.raises(ValueError, match="holds no units; unit layers: 1 \\(conv1\\)"):
        units.find_layer(cnn(), 4)


def test_chunked_maximization_equals_one_run_and_cancels():
    model, start = cnn(), np.random.default_rng(0).uniform(size=(1, 8, 8))
    image, trace = units.maximize(model, 2, 1, start, steps=30, preset="yosinski-1", center_bias=True)
    run = units.Maximizer(model, 2, 1, start, steps=30, preset="yosinski-1", center_bias=True)
    assert run.step(0) is False and len(run.trace) == 1
    while not run.step(7):
        pass
    np.testing.assert_array_equal(run.image, image)
    np.testing.assert_array_equal(run.trace, trace)
    assert run.step_count == 30 and run.done
    assert units.settings("yosinski-2")["lr"] == 0.3 and units.settings("yosinski-2", lr=0.1)["lr"] == 0.1
    start2 = units.start_image(np.zeros((1, 8, 8)), 0.1, seed=3)
    assert start2.shape == (1, 8, 8) and 0 <= start2.min() and start2.max() < 0.1
    np.testing.assert_array_equal(start2, units.start_image(np.zeros((1, 8, 8)), 0.1, seed=3))


def test_backprop_is_the_gradient_of_half_the_squared_map():
    """Toolbox convention: the backward signal starts as the unit's own activation, so the
    backprop image is d(||a_c||^2 / 2)/dx; checked by central finite differences."""
    model = cnn().eval()  # float64
    x = np.random.default_rng(1).uniform(size=(1, 1, 8, 8))

    def energy(v):
        return 0.5 * float((layers.Chain(model.layers[:4]).forward(v)[:, 2] ** 2).sum())
    signal, strength = units.unit_backprop(model, x, 3, 2, "backprop")
    assert signal.shape == x.shape
    assert strength[0] == pytest.approx(layers.Chain(model.layers[:4]).forward(x)[0, 2].max())
    eps, numeric = 1e-6, np.zeros(64)
    for i in range(64):
        up, down = x.copy(), x.copy()
        up.reshape(-1)[i] += eps
        down.reshape(-1)[i] -= eps
        numeric[i] = (energy(up) - energy(down)) / (2 * eps)
    np.testing.assert_allclose(signal.ravel(), numeric, atol=1e-6)


def test_deconv_of_a_logit_matches_the_relevance_deconvnet():
    """For a class unit the signal starts at the logit's value: deconv = logit * the
    explain package's deconvnet (an independent implementation) up to its |.|."""
    model = cnn()
    x = np.random.default_rng(2).uniform(size=(2, 1, 8, 8))
    signal, logits = units.unit_backprop(model, x, 8, 1, "deconv")
    reference = relevance(model, x, "deconvnet", target=1)
    np.testing.assert_allclose(np.abs(signal), np.abs(logits)[:, None, None, None] * reference, atol=1e-10)
    backprop, _ = units.unit_backprop(model, x, 8, 1, "backprop")
    assert not np.allclose(backprop, signal)  # the ReLU rule differs
    with pytest.raises(ValueError, match="unknown method"):
        units.unit_backprop(model, x, 8, 1, "guided")
    with pytest.raises(ValueError, match="has 3 units"):
        units.unit_backprop(model, x, 8, 3)


def test_deconv_rectifies_the_backward_signal_on_one_relu():
    """One ReLU between two Dense layers, written out by hand."""
    model = nn.Sequential([layers.Dense(3, 2), layers.ReLU(), layers.Dense(2, 1)], seed=0, input_shape=(3,))
    w1, b1 = model.layers[0].params["weight"], model.layers[0].params["bias"]
    w2 = model.layers[2].params["weight"]
    x = np.array([[0.3, -0.7, 0.2]])
    a = float(model.forward(x)[0, 0])
    signal, _ = units.unit_backprop(model, x, 2, 0, "deconv")
    np.testing.assert_allclose(signal[0], w1 @ np.maximum(w2[:, 0] * a, 0.0), atol=1e-12)
    grad, _ = units.unit_backprop(model, x, 2, 0, "backprop")
    np.testing.assert_allclose(grad[0], w1 @ (w2[:, 0] * a * ((x @ w1 + b1)[0] > 0)), atol=1e-12)

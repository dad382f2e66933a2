"""nn.Sequential: whole-model gradients, a residual CNN against slow loops, the MLP as layers,
saving and loading, optimizers."""
import io
import json

import numpy as np
import pytest

from pyplayground import layers, nn, optim, outputs

from test_layers import numeric_grad


def small_resnet(seed=0, dtype="float64"):
    return nn.Sequential([
        layers.Conv2D(1, 3, 3, stride=2, padding=1), layers.BatchNorm2D(3), layers.ReLU(),
        layers.Residual([layers.Conv2D(3, 3, 3, padding=1), layers.BatchNorm2D(3), layers.Tanh(),
                         layers.Conv2D(3, 3, 3, padding=1)]),
        layers.ReLU(), layers.MaxPool2D(2), layers.AvgPool2D(2), layers.Flatten(), layers.Dense(3, 4),
    ], loss="cross_entropy", seed=seed, dtype=dtype, input_shape=(1, 8, 8))


@pytest.mark.parametrize("loss", ["cross_entropy", "mse"])
def test_model_gradients_match_finite_differences(loss):
    rng = np.random.default_rng(2)
    model = small_resnet()
    model._loss = nn.Sequential([], loss=loss)._loss
    X = rng.normal(size=(4, 1, 8, 8))
    y = np.array([0, 3, 1, 2]) if loss == "cross_entropy" else rng.normal(size=(4, 4))
    model.eval()  # fixed normalization, so the loss is a smooth function of the parameters
    grads = model.gradients(X, y)
    assert list(grads) == list(model.parameters())
    for name, p in model.parameters().items():
        np.testing.assert_allclose(grads[name], numeric_grad(lambda: model.loss(X, y), p),
                                   rtol=1e-5, atol=1e-7, err_msg=name)


def slow_conv(x, w, b, stride, padding):
    n, c, h, wd = x.shape
    o, _, k, _ = w.shape
    xp = np.zeros((n, c, h + 2 * padding, wd + 2 * padding))
    xp[:, :, padding:padding + h, padding:padding + wd] = x
    oh, ow = (h + 2 * padding - k) // stride + 1, (wd + 2 * padding - k) // stride + 1
    y = np.zeros((n, o, oh, ow))
    for i in range(n):
        for f in range(o):
            for r in range(oh):
                for s in range(ow):
                    patch = xp[i, :, r * stride:r * stride + k, s * stride:s * stride + k]
                    y[i, f, r, s] = np.sum(patch * w[f]) + b[f]
    return y


def slow_pool(x, k, reduce):
    n, c, h, w = x.shape
    y = np.zeros((n, c, h // k, w // k))
    for r in range(h // k):
        for s in range(w // k):
            y[:, :, r, s] = reduce(x[:, :, r * k:r * k + k, s * k:s * k + k].reshape(n, c, -1), axis=2)
    return y


def test_residual_cnn_equals_a_slow_loop_implementation():
    model = small_resnet(seed=5).eval()
    p, buf = model.parameters(), model.buffers()
    rng = np.random.default_rng(3)
    for name in buf:
        buf[name][...] = rng.uniform(0.5, 1.5, buf[name].shape)
    X = rng.normal(size=(2, 1, 8, 8))

    def bn(x, i):
        mean, var = buf[i + ".running_mean"][None, :, None, None], buf[i + ".running_var"][None, :, None, None]
        return (x - mean) / np.sqrt(var + 1e-5) * p[i + ".weight"][None, :, None, None] + p[i + ".bias"][None, :, None, None]

    h = np.maximum(bn(slow_conv(X, p["0.weight"], p["0.bias"], 2, 1), "1"), 0)
    r = np.tanh(bn(slow_conv(h, p["3.block.0.weight"], p["3.block.0.bias"], 1, 1), "3.block.1"))
    r = slow_conv(r, p["3.block.3.weight"], p["3.block.3.bias"], 1, 1)
    h = np.maximum(r + h, 0)
    h = slow_pool(slow_pool(h, 2, np.max), 2, np.mean).reshape(2, -1)
    logits = h @ p["8.weight"] + p["8.bias"]
    np.testing.assert_allclose(model.forward(X), logits, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("output", ["tanh", "softmax"])
def test_mlp_equals_the_layer_path(output):
    mlp = nn.MLP([3, 5, 4, 2 if output == "tanh" else 3], activation="relu", output_activation=output, seed=4)
    stack = []
    for i, w in enumerate(mlp.weights):
        stack.append(layers.Dense(*w.shape))
        stack.append(layers.ReLU() if i < len(mlp.weights) - 1 else layers.Tanh())
    if output == "softmax":
        stack.pop()  # logits; cross-entropy applies the softmax
    model = nn.Sequential(stack, loss="mse" if output == "tanh" else "cross_entropy")
    model.set_state({"%d.%s" % (2 * i, k): v for i, (w, b) in enumerate(zip(mlp.weights, mlp.biases))
                     for k, v in (("weight", w), ("bias", b))})
    rng = np.random.default_rng(0)
    X = rng.normal(size=(7, 3))
    y = rng.normal(size=(7, 2)) if output == "tanh" else rng.integers(0, 3, 7)
    out = model.forward(X)
    np.testing.assert_allclose(out if output == "tanh" else outputs.softmax(out), mlp.forward(X), rtol=1e-13)
    assert model.loss(X, y) == pytest.approx(mlp.loss(X, y), rel=1e-13)
    d_ws, d_bs = mlp.gradients(X, y)
    grads = model.gradients(X, y)
    for i, (d_w, d_b) in enumerate(zip(d_ws, d_bs)):
        np.testing.assert_allclose(grads["%d.weight" % (2 * i)], d_w, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(grads["%d.bias" % (2 * i)], d_b, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_save_and_load_round_trip(dtype):
    model = small_resnet(seed=7, dtype=dtype)
    X = np.random.default_rng(1).normal(size=(3, 1, 8, 8))
    model.forward(X)  # train mode: running statistics move away from (0, 1)
    model.eval()
    buf = io.BytesIO()
    model.save(buf)
    again = nn.load(buf.getvalue()).eval()
    assert again.config() == model.config() and again.dtype == dtype
    for name, value in list(model.state().items()):
        np.testing.assert_array_equal(again.state()[name], value)
        assert again.state()[name].dtype == np.dtype(dtype)
    np.testing.assert_array_equal(again.forward(X), model.forward(X))


def test_load_reads_version_1_mlp_files():
    mlp = nn.MLP([2, 3, 1], seed=2)
    again = nn.load(json.dumps(mlp.to_dict()).encode())
    assert isinstance(again, nn.MLP) and again.to_dict() == mlp.to_dict()


def test_malformed_model_files_raise_value_errors():
    with pytest.raises(ValueError, match="not a saved pyplayground model"):
        nn.load(b"PK junk that is not a zip")
    with pytest.raises(ValueError, match="empty"):
        nn.load(b"")
    huge = nn.Sequential([layers.Dense(2, 2)])
    cfg = huge.config()
    cfg["layers"] = [{"type": "Dense", "n_in": 100000, "n_out": 100000}]
    buf = io.BytesIO()
    np.savez(buf, architecture=np.array(json.dumps(cfg)))
    with pytest.raises(ValueError, match="declares 10000100000 parameters"):
        nn.load(buf.getvalue())
    model = nn.Sequential([layers.Dense(2, 2)])
    buf = io.BytesIO()
    np.savez(buf, architecture=np.array(json.dumps(model.config())), **{"0.weight": np.zeros((2, 2))})
    with pytest.raises(ValueError, match="lacks 0.bias"):
        nn.load(buf.getvalue())
    buf = io.BytesIO()
    np.savez(buf, architecture=np.array(json.dumps(model.config())),
             **{"0.weight": np.full((2, 2), np.nan), "0.bias": np.zeros(2)})
    with pytest.raises(ValueError, match="finite"):
        nn.load(buf.getvalue())


def test_sgd_and_adam_reduce_the_loss_and_follow_their_formulas():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(32, 4)), rng.integers(0, 3, 32)
    for make in (lambda p: optim.SGD(p, 0.1, momentum=0.9, weight_decay=1e-4), lambda p: optim.Adam(p, 0.01)):
        model = nn.Sequential([layers.Dense(4, 8), layers.Tanh(), layers.Dense(8, 3)], seed=1)
        opt = make(model.parameters())
        first = model.loss(X, y)
        for _ in range(30):
            opt.step(model.gradients(X, y))
        assert model.loss(X, y) < 0.7 * first
    # One SGD step with momentum from rest is p - lr * (g + wd * p).
    model = nn.Sequential([layers.Dense(4, 3)], seed=1)
    before = model.state()
    grads = model.gradients(X, y)
    optim.SGD(model.parameters(), 0.5, momentum=0.9, weight_decay=0.01).step(grads)
    for name, p in model.parameters().items():
        np.testing.assert_allclose(p, before[name] - 0.5 * (grads[name] + 0.01 * before[name]))
    # Adam's first step moves every coordinate by lr * sign(g) (bias-corrected m / sqrt(v) = +-1).
    model = nn.Sequential([layers.Dense(4, 3)], seed=1)
    grads = model.gradients(X, y)
    optim.Adam(model.parameters(), 0.01, eps=0.0).step(grads)
    for name, p in model.parameters().items():
        np.testing.assert_allclose(p, before[name] - 0.01 * np.sign(grads[name]), rtol=1e-12)


def test_schedules():
    assert optim.cosine(0.1, 10)(0) == pytest.approx(0.1) and optim.cosine(0.1, 10)(10) == pytest.approx(0.0)
    assert optim.step_decay(1.0, 5, 0.5)(11) == 0.25


def test_float32_model_stays_float32():
    model = small_resnet(dtype="float32")
    X = np.random.default_rng(0).normal(size=(2, 1, 8, 8))
    assert model.forward(X).dtype == np.float32
    assert all(g.dtype == np.float32 for g in model.gradients(X, np.array([0, 1])).values())
    assert all(b.dtype == np.float32 for b in model.buffers().values())


def test_unknown_names_raise_value_errors():
    with pytest.raises(ValueError, match="unknown loss 'hinge'; valid: 'cross_entropy', 'mse'"):
        nn.Sequential([], loss="hinge")
    with pytest.raises(ValueError, match="unknown dtype"):
        nn.Sequential([], dtype="float16")
    with pytest.raises(ValueError, match="cannot take inputs"):
        nn.Sequential([layers.Flatten(), layers.Dense(5, 2)], input_shape=(1, 2, 2))

"""Relevance methods: every LRP rule against a slow plain-matrix reference (zennit's test habit),
conservation, sensitivity/deconvnet against their definitions, and region perturbation on a
model whose answer is known by hand."""
import numpy as np
import pytest

from pyplayground import explain, layers, nn
from pyplayground.explain import evaluation, rules

TINY = 1e-12


def stab(z, eps=TINY):
    return z + eps * np.where(z >= 0, 1.0, -1.0)


def reference(a, W, b, R, rule, eps=0.25, alpha=2.0, beta=1.0, low=0.0, high=1.0, structure=None):
    """Plain matrix LRP for one sample: a (d_in,), W (d_in, d_out), b (d_out,), R (d_out,)."""
    pos, neg = np.maximum, np.minimum
    d_in, d_out = W.shape
    out = np.zeros(d_in)

    def share(z_ij, bias, e=TINY):
        z_j = z_ij.sum(axis=0) + bias
        return (z_ij / stab(z_j, e) * R[None, :]).sum(axis=1)

    if rule in ("lrp-0", "lrp-epsilon"):
        return share(a[:, None] * W, b, TINY if rule == "lrp-0" else eps)
    if rule == "lrp-zplus":
        return share(pos(a, 0)[:, None] * pos(W, 0) + neg(a, 0)[:, None] * neg(W, 0), 0.0)
    if rule == "lrp-alphabeta":
        zp = pos(a, 0)[:, None] * pos(W, 0) + neg(a, 0)[:, None] * neg(W, 0)
        zn = pos(a, 0)[:, None] * neg(W, 0) + neg(a, 0)[:, None] * pos(W, 0)
        return alpha * share(zp, 0.0) - beta * share(zn, 0.0)
    if rule == "lrp-zbox":
        return share(a[:, None] * W - low * pos(W, 0) - high * neg(W, 0), 0.0)
    if rule == "lrp-wsquare":
        return share(W * W + 0 * a[:, None], 0.0)
    if rule == "lrp-flat":
        return share(structure + 0 * a[:, None], 0.0)
    return out


RULES = ["lrp-0", "lrp-epsilon", "lrp-zplus", "lrp-alphabeta", "lrp-zbox", "lrp-wsquare", "lrp-flat"]


def fast(layer, a, R, rule):
    return explain.methods._rule(rule, dict(explain.methods.PARAMS))(layer, a, R)


def conv_as_matrix(conv, in_shape):
    """The conv's weight as a dense (d_in, d_out) matrix: its response to each basis image."""
    size = int(np.prod(in_shape))
    probe = layers.Conv2D(**{k: v for k, v in conv.config().items() if k != "type"})
    probe.params = type(conv.params)([("weight", conv.params["weight"]), ("bias", np.zeros_like(conv.params["bias"]))])
    return probe.forward(np.eye(size).reshape((size,) + in_shape)).reshape(size, -1)


@pytest.mark.parametrize("rule", RULES)
def test_dense_rules_match_the_plain_matrix_reference(rule):
    rng = np.random.default_rng(0)
    dense = layers.Dense(6, 4)
    dense.params["weight"][...] = rng.normal(size=(6, 4))
    dense.params["bias"][...] = rng.normal(size=4)
    a, R = rng.normal(size=(3, 6)), rng.normal(size=(3, 4))
    if rule == "lrp-zbox":
        a = rng.uniform(0, 1, size=(3, 6))
    got = fast(dense, a, R, rule)
    W, b = dense.params["weight"], dense.params["bias"]
    for i in range(3):
        np.testing.assert_allclose(got[i], reference(a[i], W, b, R[i], rule, structure=np.ones_like(W)),
                                   rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("rule", RULES)
def test_conv_rules_match_the_plain_matrix_reference(rule):
    rng = np.random.default_rng(1)
    conv = layers.Conv2D(2, 3, 3, stride=2, padding=1)
    conv.params["weight"][...] = rng.normal(size=conv.params["weight"].shape)
    conv.params["bias"][...] = rng.normal(size=3)
    in_shape = (2, 5, 5)
    a = rng.uniform(0, 1, size=(2,) + in_shape) if rule == "lrp-zbox" else rng.normal(size=(2,) + in_shape)
    R = rng.normal(size=(2, 3, 3, 3))
    got = fast(conv, a, R, rule)
    W = conv_as_matrix(conv, in_shape)
    b = np.repeat(conv.params["bias"], 9)  # (c_out, oh, ow) flattened
    ones = layers.Conv2D(2, 3, 3, stride=2, padding=1)
    ones.params["weight"][...] = 1.0
    structure = conv_as_matrix(ones, in_shape)
    for i in range(2):
        expect = reference(a[i].ravel(), W, b, R[i].ravel(), rule, structure=structure)
        np.testing.assert_allclose(got[i].ravel(), expect, rtol=1e-8, atol=1e-11)


def zero_bias_cnn():
    model = nn.Sequential([
        layers.Conv2D(1, 3, 3, stride=2, padding=1), layers.BatchNorm2D(3), layers.ReLU(),
        layers.Residual([layers.Conv2D(3, 3, 3, padding=1), layers.ReLU(), layers.Conv2D(3, 3, 3, padding=1)]),
        layers.ReLU(), layers.MaxPool2D(2), layers.AvgPool2D(2), layers.Flatten(), layers.Dense(3, 4),
    ], seed=3, input_shape=(1, 8, 8))
    bn = model.layers[1]
    bn.params["weight"][...] = [0.5, 1.5, 2.0]
    bn.buffers["running_var"][...] = [0.7, 1.2, 2.5]
    return model.eval()


@pytest.mark.parametrize("method", ["lrp-0", "lrp-zplus", "lrp-zbox", "lrp-wsquare", "lrp-flat"])
def test_relevance_is_conserved_with_zero_biases(method):
    model = zero_bias_cnn()
    X = np.random.default_rng(4).uniform(0, 1, size=(3, 1, 8, 8))
    logits = model.forward(X)
    target = logits.argmax(axis=1)
    R = explain.relevance(model, X, method)
    assert R.shape == X.shape
    np.testing.assert_allclose(R.sum(axis=(1, 2, 3)), logits[np.arange(3), target], rtol=1e-6)


def test_lrp0_conserves_layer_by_layer():
    rng = np.random.default_rng(5)
    stack = [layers.Dense(5, 4), layers.ReLU(), layers.Dense(4, 3)]
    for layer in stack[::2]:
        layer.params["weight"][...] = rng.normal(size=layer.params["weight"].shape)
    a = rng.normal(size=(2, 5))
    h = stack[1].forward(stack[0].forward(a))
    R_top = rng.normal(size=(2, 3))
    R_mid = rules.propagate(stack[2], h, R_top, rules.lrp0())
    R_in = rules.propagate(stack[0], a, R_mid, rules.lrp0())
    np.testing.assert_allclose(R_mid.sum(axis=1), R_top.sum(axis=1))
    np.testing.assert_allclose(R_in.sum(axis=1), R_top.sum(axis=1))


def test_sensitivity_is_the_absolute_gradient_of_the_target_logit():
    model = zero_bias_cnn()
    X = np.random.default_rng(6).uniform(0, 1, size=(1, 1, 8, 8))
    R = explain.relevance(model, X, "sensitivity", target=2)
    eps, numeric = 1e-6, np.zeros(64)
    for i in range(64):
        up, down = X.copy(), X.copy()
        up.reshape(-1)[i] += eps
        down.reshape(-1)[i] -= eps
        numeric[i] = (model.forward(up)[0, 2] - model.forward(down)[0, 2]) / (2 * eps)
    np.testing.assert_allclose(R.ravel(), np.abs(numeric), rtol=1e-5, atol=1e-8)


def test_deconvnet_rectifies_the_backward_signal():
    W1 = np.array([[1.0, -1.0]])           # x -> two hidden units
    W2 = np.array([[1.0], [-2.0]])         # hidden -> output
    model = nn.Sequential([layers.Dense(1, 2), layers.ReLU(), layers.Dense(2, 1)], loss="mse")
    model.set_state({"0.weight": W1, "0.bias": np.zeros(2), "2.weight": W2, "2.bias": np.zeros(1)})
    X = np.array([[1.0]])                  # hidden pre-activations (1, -1): unit 2 is off
    # Gradient: only unit 1 passes (1 * 1) = 1. Deconvnet: relu((1, -2)) = (1, 0) -> 1*1 + 0 = 1;
    # at x = -1 the gradient passes only unit 2: (-1)*(-2) = 2, deconvnet still gives 1.
    assert explain.relevance(model, X, "deconvnet").item() == pytest.approx(1.0)
    assert explain.relevance(model, -X, "sensitivity").item() == pytest.approx(2.0)
    assert explain.relevance(model, -X, "deconvnet").item() == pytest.approx(1.0)


def test_mlp_is_explained_from_its_output_logit():
    mlp = nn.MLP([2, 4, 1], activation="relu", output_activation="tanh", seed=1)
    for b in mlp.biases:
        b[...] = 0.0
    X = np.array([[0.3, -0.8], [1.0, 0.5]])
    R = explain.relevance(mlp, X, "lrp-0")
    logit = np.maximum(X @ mlp.weights[0], 0) @ mlp.weights[1]
    np.testing.assert_allclose(R.sum(axis=1), logit[:, 0], rtol=1e-9)


def test_unknown_names_raise_value_errors_listing_valid_ones():
    model = zero_bias_cnn()
    X = np.zeros((1, 1, 8, 8))
    with pytest.raises(ValueError, match="unknown method 'lrp-bogus'; valid: 'sensitivity'"):
        explain.relevance(model, X, "lrp-bogus")
    with pytest.raises(ValueError, match="unknown parameter"):
        explain.relevance(model, X, "lrp-epsilon", epsilonn=1)
    with pytest.raises(ValueError, match="alpha - beta must be 1"):
        explain.relevance(model, X, "lrp-alphabeta", alpha=1.0, beta=1.0)


def one_pixel_model():
    """Class 1's logit is 5 * pixel (0, 0); class 0's is constant 0: only that pixel matters."""
    model = nn.Sequential([layers.Flatten(), layers.Dense(16, 2)], input_shape=(1, 4, 4))
    w = np.zeros((16, 2))
    w[0, 1] = 5.0
    model.set_state({"1.weight": w, "1.bias": np.zeros(2)})
    return model


def test_region_perturbation_on_a_one_pixel_model():
    model = one_pixel_model()
    X = np.full((2, 1, 4, 4), 0.9)
    target = np.array([1, 1])
    R = explain.relevance(model, X, "lrp-0", target=1)
    assert R[:, 0, 0, 0] == pytest.approx([4.5, 4.5]) and np.count_nonzero(R) == 2
    morf = evaluation.perturbation_curves(model, X, R, target, "morf", patch=2, seed=0)
    lerf = evaluation.perturbation_curves(model, X, R, target, "lerf", patch=2, seed=0)
    assert morf.shape == (2, 5)
    # MoRF destroys the pixel at step 1; afterwards nothing else changes the score.
    assert np.all(morf[:, 1] < morf[:, 0]) and np.allclose(morf[:, 1:], morf[:, 1:2])
    # LeRF leaves it to the last step.
    assert np.allclose(lerf[:, :4], lerf[:, :1]) and np.all(lerf[:, 4] < lerf[:, 0])
    a = evaluation.aopc(morf)
    expect = (morf[:, 0] - morf[:, 1]) * 4 / 5
    np.testing.assert_allclose(a, expect)
    np.testing.assert_allclose(evaluation.abpc(morf, lerf), (morf[:, 0] - morf[:, 1]) * 3 / 5)
    mean, half = evaluation.mean_and_interval(a)
    assert mean == pytest.approx(a.mean()) and half >= 0


def test_an_explainer_gives_what_relevance_gives_and_leaves_the_model_alone():
    model = zero_bias_cnn()
    state = {k: v.copy() for k, v in model.state().items()}
    X = np.random.default_rng(7).uniform(0, 1, size=(2, 1, 8, 8))
    explainer = explain.Explainer(model)
    for method in explain.METHODS:
        np.testing.assert_array_equal(explainer.relevance(X, method, target=1),
                                      explain.relevance(model, X, method, target=1))
    np.testing.assert_allclose(explainer.logits(X), model.forward(X), rtol=1e-6)  # BatchNorm merged
    assert all(np.array_equal(v, model.state()[k]) for k, v in state.items())
    R = explain.relevance(explainer, X, "lrp-0")  # an Explainer is accepted as the model too
    np.testing.assert_array_equal(R, explainer.relevance(X, "lrp-0"))
    curves = evaluation.perturbation_curves(explainer, X, R, [1, 1], "morf", patch=4, seed=0)
    np.testing.assert_array_equal(curves, evaluation.perturbation_curves(model, X, R, [1, 1], "morf", patch=4, seed=0))


def test_random_heatmaps_give_the_random_order_and_its_reverse():
    H = evaluation.random_heatmaps((3, 1, 4, 4), seed=2)
    assert H.shape == (3, 1, 4, 4) and np.array_equal(H, evaluation.random_heatmaps((3, 1, 4, 4), seed=2))
    scores = evaluation.region_scores(H, 2)
    assert len(set(np.argsort(-scores, axis=1)[:, 0])) > 1  # not one fixed order for every image


def test_compressed_size_is_a_png_and_grows_with_noise():
    import struct
    import zlib
    image = (np.arange(6 * 5) * 8).reshape(6, 5).astype(np.uint8)
    png = evaluation.png_bytes(image)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    assert struct.unpack(">II", png[16:24]) == (5, 6)
    idat_length = struct.unpack(">I", png[33:37])[0]
    assert png[37:41] == b"IDAT"
    rows = np.frombuffer(zlib.decompress(png[41:41 + idat_length]), dtype=np.uint8).reshape(6, 6)
    assert np.all(rows[:, 0] == 0) and np.array_equal(rows[:, 1:], image)
    smooth = np.outer(np.hanning(28), np.hanning(28))
    noisy = smooth + np.random.default_rng(0).normal(scale=0.3, size=(28, 28))
    assert evaluation.compressed_size(np.zeros((28, 28))) < evaluation.compressed_size(smooth) \
        < evaluation.compressed_size(noisy)
    # The symmetric scale: a heatmap and its multiple compress alike.
    assert evaluation.compressed_size(3 * noisy) == evaluation.compressed_size(noisy)


def test_modified_layers_are_reused_until_the_parameters_change():
    dense = layers.Dense(3, 2)
    first = rules.modified(dense, rules.positive, keep_bias=False)
    assert rules.modified(dense, rules.positive, keep_bias=False) is first
    assert rules.modified(dense, rules.negative, keep_bias=False) is not first
    np.testing.assert_array_equal(first.params["weight"], np.maximum(dense.params["weight"], 0))
    assert not first.params["bias"].any() and first is not dense
    dense.params["weight"] = dense.params["weight"] + 1.0  # new arrays: a fresh copy
    again = rules.modified(dense, rules.positive, keep_bias=False)
    assert again is not first
    np.testing.assert_array_equal(again.params["weight"], np.maximum(dense.params["weight"], 0))


def test_an_all_zero_input_gets_zero_relevance_from_every_rule():
    conv = layers.Conv2D(1, 2, 3, padding=1)
    a, R = np.zeros((1, 1, 4, 4)), np.ones((1, 2, 4, 4))
    for rule in ("lrp-zplus", "lrp-alphabeta", "lrp-0"):
        out = fast(conv, a, R, rule)
        assert out.shape == a.shape and not out.any(), rule


def test_many_methods_at_once_equal_one_at_a_time():
    model = zero_bias_cnn()
    X = np.random.default_rng(8).uniform(0, 1, size=(2, 1, 8, 8))
    explainer = explain.Explainer(model)
    order = ["lrp-epsilon", "sensitivity", "composite-epsilon-plus-box", "deconvnet", "lrp-alphabeta"]
    many = explainer.relevance_many(X, order, target=[0, 3])
    assert list(many) == order
    for method in order:
        np.testing.assert_array_equal(many[method], explain.relevance(model, X, method, target=[0, 3]))
    with pytest.raises(ValueError, match="unknown method 'nope'"):
        explainer.relevance_many(X, ["lrp-0", "nope"])


def test_every_order_ends_on_the_same_noise_image_and_ties_are_seeded():
    model = zero_bias_cnn()
    X = np.random.default_rng(9).uniform(0, 1, size=(3, 1, 8, 8))
    H = np.zeros_like(X)
    H[:, :, :2, :2] = 1.0  # one relevant region; the other 15 tie at zero
    ends = [evaluation.perturbation_curves(model, X, H, [0, 1, 2], order, patch=2, seed=4)[:, -1]
            for order in evaluation.ORDERS]
    np.testing.assert_allclose(ends[1], ends[0])
    np.testing.assert_allclose(ends[2], ends[0])  # all 16 regions replaced: the same noise image
    first = evaluation.perturbation_curves(model, X, H, [0, 1, 2], "morf", patch=2, steps=3, seed=4, ties="first")
    again = evaluation.perturbation_curves(model, X, H, [0, 1, 2], "morf", patch=2, steps=3, seed=4)
    other = evaluation.perturbation_curves(model, X, H, [0, 1, 2], "morf", patch=2, steps=3, seed=5)
    np.testing.assert_array_equal(again, evaluation.perturbation_curves(model, X, H, [0, 1, 2], "morf",
                                                                         patch=2, steps=3, seed=4))
    np.testing.assert_allclose(first[:, :2], again[:, :2])  # the relevant region first, either way
    assert not np.allclose(first, again) and not np.allclose(again[:, 2:], other[:, 2:])
    with pytest.raises(ValueError, match="unknown ties 'last'"):
        evaluation.perturbation_curves(model, X, H, [0, 1, 2], "morf", patch=2, ties="last")

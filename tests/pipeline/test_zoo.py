"""pyplayground.zoo: architectures, the graph adapter, recorded outputs, the training loop."""
import numpy as np
import pytest

from pyplayground import layers as L
from pyplayground import nn
from pipeline.zoo import training
from pyplayground.zoo import architectures, graph, walk


def _projection_model():
    """A tiny model with a Residual whose shortcut is a 1x1 convolution (a projection)."""
    return nn.Sequential([
        L.Conv2D(1, 2, 3, padding=1), L.ReLU(),
        L.Residual([L.Conv2D(2, 3, 3, stride=2, padding=1), L.BatchNorm2D(3)], shortcut=[L.Conv2D(2, 3, 1, stride=2)]),
        L.ReLU(), L.Flatten(), L.Dense(3 * 4 * 4, 4)], seed=1, input_shape=(1, 8, 8))


@pytest.mark.parametrize("name,options", [("cnn-small", {"channels": [16, 32]}), ("mlp", {}),
                                          ("resnet", {"blocks": 2, "skip": True}),
                                          ("resnet", {"blocks": 2, "skip": False})])
def test_architectures_map_digits_to_ten_logits(name, options):
    model = architectures.build(name, seed=0, **options)
    x = np.random.default_rng(0).random((3, 1, 28, 28))
    out = model.forward(x)
    assert out.shape == (3, 10) and out.dtype == np.float32
    assert model.parameters()[next(iter(model.parameters()))].dtype == np.float32


def test_unknown_architecture_lists_the_valid_ones():
    with pytest.raises(ValueError, match="cnn-small"):
        architectures.build("vgg")


def test_skip_and_plain_variants_have_the_same_parameters():
    skip = architectures.build("resnet", blocks=2, skip=True)
    plain = architectures.build("resnet", blocks=2, skip=False)
    assert skip.parameter_count() == plain.parameter_count() == 10874
    assert [v.shape for v in skip.parameters().values()] == [v.shape for v in plain.parameters().values()]


@pytest.mark.parametrize("make", [lambda: architectures.build("resnet", blocks=2), _projection_model,
                                  lambda: architectures.build("cnn-small")])
def test_graph_is_consistent_with_the_model(make):
    model = make()
    g = graph.graph(model)
    nodes = {n["id"]: n for n in g["nodes"]}
    assert len(nodes) == len(g["nodes"]) and g["nodes"][0]["id"] == "input" and g["nodes"][-1]["id"] == "output"
    for e in g["edges"]:  # every edge joins listed nodes and carries its source's output shape
        assert e["from"] in nodes and e["to"] in nodes
        assert e["shape"] == nodes[e["from"]]["output_shape"]
    top = [n for n in g["nodes"] if n["parent"] is None]
    assert sum(n["params"] for n in top) == model.parameter_count()
    assert nodes["output"]["output_shape"] == [10] or nodes["output"]["output_shape"] == [4]
    residuals = [n["id"] for n in g["nodes"] if n["type"] == "Residual"]
    for r in residuals:
        children = [n for n in g["nodes"] if n["parent"] == r]
        assert children and children[-1]["id"] == r + ".add"
        assert sum(n["params"] for n in children) == nodes[r]["params"]
        assert any(e["to"] == r + ".add" and e.get("skip") for e in g["edges"])
    params = set(model.parameters())
    for path in walk.parametrized(model):  # node ids are the prefixes of parameter names
        assert path in nodes and path + ".weight" in params


def test_graph_of_a_projection_shortcut_routes_the_skip_through_it():
    g = graph.graph(_projection_model())
    skip = [(e["from"], e["to"]) for e in g["edges"] if e.get("skip")]
    assert skip == [("1", "2.shortcut.0"), ("2.shortcut.0", "2.add")]
    assert [n for n in g["nodes"] if n["id"] == "2.block.0"][0]["label"] == "Conv2D 3x3, 2->3, stride 2"


def test_recorded_outputs_equal_a_plain_layer_by_layer_forward():
    model = _projection_model().eval()
    x = np.random.default_rng(2).random((5, 1, 8, 8))
    paths = list(walk.parametrized(model))
    out, acts = walk.record_outputs(model, x, paths)
    # Plain reference: the Residual's arithmetic written out.
    a0 = model.layers[0].forward(x)
    h = model.layers[1].forward(a0)
    res = model.layers[2]
    b0 = res.block.layers[0].forward(h)
    b1 = res.block.layers[1].forward(b0)
    s0 = res.shortcut.layers[0].forward(h)
    ref_out = model.layers[5].forward(model.layers[4].forward(model.layers[3].forward(b1 + s0)))
    expected = {"0": a0, "2.block.0": b0, "2.block.1": b1, "2.shortcut.0": s0, "5": ref_out}
    assert sorted(acts) == sorted(expected)
    for path, value in expected.items():
        np.testing.assert_allclose(acts[path], value, rtol=1e-12)
    np.testing.assert_allclose(out, ref_out, rtol=1e-12)
    assert all("forward" not in vars(layer) for _, layer in walk.walk(model))  # wrappers removed


def _toy_data(n=96):
    rng = np.random.default_rng(3)
    y = rng.integers(0, 10, n)
    x = rng.random((n, 1, 28, 28)).astype(np.float32) * 0.2
    for i, label in enumerate(y):  # a bright bar whose row says the class
        x[i, 0, 2 + 2 * label, 4:24] = 1.0
    return x, y


def test_training_records_every_parametrized_layer_and_is_deterministic():
    x, y = _toy_data()
    runs = []
    for _ in range(2):
        model = architectures.build("resnet", blocks=1, seed=4)
        history = training.train(model, x[:64], y[:64], x[64:], y[64:], epochs=3, batch_size=16, optimizer="sgd",
                                  lr=0.05, momentum=0.9, schedule="cosine", seed=5, probe=x[:8])
        runs.append((history, model.state()))
    history, state = runs[0]
    assert history == runs[1][0]
    assert all(np.array_equal(state[k], runs[1][1][k]) for k in state)
    assert history["epoch"] == [1, 2, 3] and history["lr"][0] == 0.05
    assert list(history["layers"]) == list(walk.parametrized(architectures.build("resnet", blocks=1)))
    for stats in history["layers"].values():
        assert sorted(stats) == sorted(training.STAT_KEYS)
        assert all(len(v) == 3 for v in stats.values())
        assert all(s > 0 for s in stats["update_ratio"]) and all(g > 0 for g in stats["grad_norm"])
    assert history["train_loss"][-1] < history["train_loss"][0]
    model = architectures.build("resnet", blocks=1, seed=4)
    model.set_state(state)
    loss, acc, _ = training.evaluate(model, x[:64], y[:64])
    assert abs(loss - history["train_loss"][-1]) <= 1e-5 * max(1.0, loss) and acc == history["train_accuracy"][-1]


def test_update_ratio_and_grad_norm_match_a_hand_computed_step():
    x, y = _toy_data(16)
    model = architectures.build("mlp", hidden=8, seed=0)
    w0 = model.parameters()["1.weight"].copy()
    g = model.gradients(x[np.random.default_rng(0).permutation(16)], y[np.random.default_rng(0).permutation(16)])
    model = architectures.build("mlp", hidden=8, seed=0)
    history = training.train(model, x, y, x, y, epochs=1, batch_size=16, optimizer="sgd", lr=0.1, seed=0)
    stats = history["layers"]["1"]
    grad_norm = np.sqrt(np.sum(g["1.weight"].astype(np.float64) ** 2))
    assert stats["grad_norm"][0] == pytest.approx(grad_norm, rel=1e-5)
    assert stats["update_ratio"][0] == pytest.approx(0.1 * grad_norm / np.linalg.norm(w0.astype(np.float64)), rel=1e-4)
    assert stats["weight_norm"][0] == pytest.approx(np.linalg.norm(model.parameters()["1.weight"]), rel=1e-5)


def test_random_shift_translates_each_image_within_bounds():
    rng = np.random.default_rng(0)
    x = np.zeros((50, 1, 8, 8), dtype=np.float32)
    x[:, 0, 3:5, 3:5] = rng.random((50, 2, 2)) + 1.0
    shifted = training.random_shift(x, 2, np.random.default_rng(1))
    assert shifted.dtype == x.dtype and shifted.shape == x.shape
    np.testing.assert_allclose(shifted.sum(axis=(1, 2, 3)), x.sum(axis=(1, 2, 3)), rtol=1e-6)  # nothing cut off
    moved = 0
    for a, b in zip(x, shifted):
        found = [(dy, dx) for dy in range(-2, 3) for dx in range(-2, 3)
                 if np.array_equal(np.roll(a, (dy, dx), axis=(1, 2)), b)]
        assert found
        moved += found[0] != (0, 0)
    assert moved > 30
    assert training.random_shift(x, 0, rng) is x


def test_confusion_rows_are_true_labels():
    matrix = training.confusion([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 2, 0], classes=3)
    assert matrix == [[1, 1, 0], [0, 1, 0], [1, 0, 2]]


def test_unknown_optimizer_and_schedule_are_rejected():
    model = architectures.build("mlp", hidden=4)
    with pytest.raises(ValueError, match="adam"):
        training.make_optimizer(model, "rmsprop")
    with pytest.raises(ValueError, match="cosine"):
        training.make_schedule("linear", 0.1, 3)

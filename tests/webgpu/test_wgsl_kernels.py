"""The site's WGSL kernels, run through wgpu-py, against the NumPy engine (float64).

Each test builds a random :class:`pyplayground.nn.MLP`, runs the same computation in the
shaders (float32) and in the engine, and compares: every neuron's activation within 1e-4,
and the parameters after 100 SGD steps on the same batches within 1e-3; with L1, the same
links dead (TF Playground's rule) and exactly 0.
"""
import numpy as np
import pytest

import wgsl_runner
from tests.kernel_cases import (FORWARD_TOL, assert_forward_close, assert_params_close, batches, engine_steps,
                                labelled_data,
                                random_net)

ACTIVATIONS = list(wgsl_runner.ACTIVATION_CODES)
# [d_in, hidden..., d_out]: the smallest net, typical playground shapes, the 6x8 maximum
# with 9 inputs (every feature), and multi-output heads.
SHAPES = [
    [2, 1],
    [2, 4, 2, 1],
    [3, 5, 1],
    [5, 8, 8, 1],
    [7, 3, 8, 2, 1],
    [2, 8, 8, 8, 8, 8, 8, 1],
    [9, 8, 8, 8, 8, 8, 8, 1],
    [9, 8, 8, 8, 8, 8, 8, 3],
    [4, 6, 2],
]
def gpu_copy(device, net):
    gpu = wgsl_runner.WgslMlp(device, net.sizes, net.activation, net.output_activation)
    gpu.set_params(net.weights, net.biases)
    return gpu


def assert_forward_matches(gpu, net, points):
    assert_forward_close(gpu.forward_all(points), net, points)


@pytest.mark.parametrize("output_activation", ACTIVATIONS)
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_forward_matches_engine_for_every_shape(gpu_device, activation, output_activation):
    for k, sizes in enumerate(SHAPES):
        net = random_net(sizes, activation, output_activation, seed=k)
        # The playground's domain is [-6, 6]; 1000 points is not a multiple of the workgroup (64).
        points = np.random.default_rng(k).uniform(-6, 6, (1000, sizes[0]))
        assert_forward_matches(gpu_copy(gpu_device, net), net, points)


@pytest.mark.parametrize("activation", ["tanh", "sigmoid"])
def test_forward_saturates_without_overflow(gpu_device, activation):
    # Pre-activations up to a few hundred: tanh and sigmoid must give +-1 / 0 / 1, never NaN.
    net = random_net([2, 8, 8, 1], activation, activation, seed=3)
    net.weights = [w * 40 for w in net.weights]
    points = np.random.default_rng(3).uniform(-6, 6, (500, 2))
    gpu = gpu_copy(gpu_device, net)
    assert all(np.isfinite(layer).all() for layer in gpu.forward_all(points))
    assert_forward_matches(gpu, net, points)


def test_grid_layout_is_neuron_major(gpu_device):
    # A 100 x 100 grid, as the heatmaps use: out[neuron][point] with points in row-major order.
    net = random_net([2, 8, 8, 8, 8, 8, 8, 1], "tanh", "tanh", seed=9)
    xs = np.linspace(-6, 6, 100)
    points = np.array([[x1, x2] for x2 in xs for x1 in xs])
    gpu = gpu_copy(gpu_device, net)
    assert_forward_matches(gpu, net, points)
    out = gpu.forward_all(points)[-1]
    assert out.shape == (1, 10000)
    assert abs(out[0, 101] - net.forward(points[101:102])[0, 0]) < FORWARD_TOL


def train_both(device, net, x, y, batch_size, learning_rate, regularization, rate, seed, n_steps=100):
    """Train a GPU copy of net in one dispatch and net itself step by step on the same batches."""
    indices, offsets = batches(len(x), batch_size, n_steps, seed)
    assert len(offsets) == n_steps + 1
    gpu = gpu_copy(device, net)
    gpu.train(x, y, indices, offsets, learning_rate, regularization, rate)
    engine_steps(net, x, y, indices, offsets, learning_rate, regularization, rate)
    return gpu.read_params(), (indices, offsets)


TRAIN_SHAPES = [[2, 1], [2, 4, 2, 1], [3, 8, 8, 1], [9, 8, 8, 8, 8, 8, 8, 1], [4, 5, 3]]


@pytest.mark.parametrize("regularization", ["none", "L1", "L2"])
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_training_matches_engine(gpu_device, activation, regularization):
    for k, sizes in enumerate(TRAIN_SHAPES):
        net = random_net(sizes, activation, "tanh" if activation != "linear" else "linear", seed=k)
        # 47 samples in batches of 10: every epoch ends with a batch of 7.
        x, y = labelled_data(sizes, 47, seed=k)
        got, _ = train_both(gpu_device, net, x, y, 10, 0.03, regularization, 0.003, seed=k)
        assert_params_close(got, net)


@pytest.mark.parametrize("batch_size", [1, 13, 30])
def test_training_matches_engine_for_batch_sizes(gpu_device, batch_size):
    # The largest net with the largest batch is the costliest step (see STEPS_PER_DISPATCH).
    sizes = [9, 8, 8, 8, 8, 8, 8, 3]
    net = random_net(sizes, "relu", "sigmoid", seed=batch_size)
    x, y = labelled_data(sizes, 100, seed=batch_size)
    got, _ = train_both(gpu_device, net, x, (y + 1) / 2, batch_size, 0.1, "L2", 0.01, seed=batch_size)
    assert_params_close(got, net)


def test_l1_switches_weights_off_exactly(gpu_device):
    # A strong L1 pull makes weights cross zero; both must clamp them to exactly 0.
    sizes = [2, 8, 8, 1]
    net = random_net(sizes, "tanh", "tanh", seed=5)
    x, y = labelled_data(sizes, 60, seed=5)
    (weights, _), _ = train_both(gpu_device, net, x, y, 10, 0.1, "L1", 0.05, seed=5)
    assert sum(int((w == 0).sum()) for w in net.weights) > 10
    # Every weight the engine switched off is exactly 0 on the GPU too. (The GPU may have more
    # zeros: float32 flushes vanishing weights, e.g. 1e-70 in float64, to 0.)
    assert all(np.all(w[e == 0] == 0) for w, e in zip(weights, net.weights))
    assert_params_close((weights, net.biases), net)


@pytest.mark.parametrize("rate", [0.01, 0.03])
def test_l1_kills_the_same_links_as_the_engine(gpu_device, rate):
    # TF's rule on both sides: the penalty step that crosses zero kills the link for good.
    sizes = [2, 6, 3, 1]
    net = random_net(sizes, "tanh", "tanh", seed=2)
    x, y = labelled_data(sizes, 100, seed=2)
    gpu = gpu_copy(gpu_device, net)
    indices, offsets = batches(len(x), 10, 300, seed=2)
    gpu.train(x, y, indices, offsets, 0.03, "L1", rate)
    for s in range(300):
        batch = indices[offsets[s]:offsets[s + 1]]
        net.step(x[batch], y[batch], 0.03, "L1", rate)
    dead = gpu.read_dead()
    assert sum(int(d.sum()) for d in net.dead) >= 3
    assert all(np.array_equal(g, e) for g, e in zip(dead, net.dead))
    weights, biases = gpu.read_params()
    assert all(np.all(w[d] == 0) for w, d in zip(weights, dead))
    assert_params_close((weights, biases), net)


def test_dead_links_from_set_params_stay_dead_and_zero(gpu_device):
    # Links killed earlier (handed over with the weights) are skipped by every later step,
    # with any regularization or none.
    sizes = [2, 6, 3, 1]
    net = random_net(sizes, "tanh", "tanh", seed=6)
    net.weights[0][0, :3] = 0.0
    net.weights[1][4, 1] = 0.0
    net.dead[0][0, :3] = True
    net.dead[1][4, 1] = True
    gpu = wgsl_runner.WgslMlp(gpu_device, net.sizes, net.activation, net.output_activation)
    gpu.set_params(net.weights, net.biases, net.dead)
    x, y = labelled_data(sizes, 47, seed=6)
    indices, offsets = batches(47, 10, 50, seed=6)
    for regularization in (None, "L2"):
        gpu.train(x, y, indices, offsets, 0.1, regularization, 0.01)
        for s in range(50):
            batch = indices[offsets[s]:offsets[s + 1]]
            net.step(x[batch], y[batch], 0.1, regularization, 0.01)
    weights, _ = gpu.read_params()
    assert np.all(weights[0][0, :3] == 0) and weights[1][4, 1] == 0
    assert all(np.array_equal(g, e) for g, e in zip(gpu.read_dead(), net.dead))
    assert_params_close(gpu.read_params(), net)


def test_repeated_dispatches_continue_from_the_stored_parameters(gpu_device):
    # Two dispatches of 50 steps equal one of 100: parameters stay on the GPU in between.
    sizes = [2, 6, 6, 1]
    net = random_net(sizes, "tanh", "tanh", seed=7)
    x, y = labelled_data(sizes, 47, seed=7)
    indices, offsets = batches(47, 10, 100, seed=7)
    gpu = gpu_copy(gpu_device, net)
    for part in (slice(0, 51), slice(50, 101)):
        sub = offsets[part]
        gpu.train(x, y, indices[sub[0]:sub[-1]], sub - sub[0], 0.03, None, 0.0)
    for s in range(100):
        batch = indices[offsets[s]:offsets[s + 1]]
        net.step(x[batch], y[batch], 0.03)
    assert_params_close(gpu.read_params(), net)


def test_packing_round_trips_engine_parameters():
    net = random_net([9, 8, 8, 8, 8, 8, 8, 3], "tanh", "tanh", seed=0)
    flat = wgsl_runner.pack_params(net.weights, net.biases)
    assert flat.size == wgsl_runner.describe_layout(net.sizes, "tanh", "tanh")["n_params"] == 467
    assert flat[1] == np.float32(net.weights[0][0, 1])  # row-major: [i, j] at i * d_out + j
    assert flat[9 * 8] == np.float32(net.biases[0][0])
    weights, biases = wgsl_runner.unpack_params(flat, net.sizes)
    for got, ref in zip(weights + biases, net.weights + net.biases):
        assert np.array_equal(got, ref.astype(np.float32))


@pytest.mark.parametrize("sizes", [[10, 1], [2, 9, 1], [2, 4], [2] + [8] * 7 + [1], [2, 0, 1]])
def test_layout_rejects_unsupported_shapes(sizes):
    with pytest.raises(ValueError):
        wgsl_runner.describe_layout(sizes, "tanh", "tanh")

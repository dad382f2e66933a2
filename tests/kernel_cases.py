"""Cases shared by the two WGSL kernel suites (wgpu-py on lavapipe, and Chromium on SwiftShader)."""
import numpy as np


def batches(n_samples, batch_size, n_steps, seed):
    """``(indices, offsets)`` for n_steps SGD steps: epochs of a fresh permutation cut into
    batches of batch_size, the last batch of each epoch shorter when it does not divide."""
    rng = np.random.default_rng(seed)
    indices, offsets = [], [0]
    while len(offsets) <= n_steps:
        order = rng.permutation(n_samples)
        for start in range(0, n_samples, batch_size):
            if len(offsets) > n_steps:
                break
            batch = order[start:start + batch_size]
            indices.extend(batch.tolist())
            offsets.append(offsets[-1] + len(batch))
    return np.array(indices, np.uint32), np.array(offsets, np.uint32)


FORWARD_TOL = 1e-4  # float32 kernels against the float64 engine, per activation
TRAIN_TOL = 1e-3    # the same after 100 SGD steps


def random_net(sizes, activation, output_activation, seed):
    """An engine network with the default init plus random (not 0.1) biases."""
    from pyplayground import nn
    net = nn.MLP(sizes, activation, output_activation, seed=seed)
    rng = np.random.default_rng(seed + 1000)
    net.biases = [rng.uniform(-0.5, 0.5, b.shape) for b in net.biases]
    return net


def labelled_data(sizes, n, seed):
    """x (n, d_in) in [-6, 6] and targets y (n, d_out) in {-1, 1}, a learnable rule of x."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-6, 6, (n, sizes[0]))
    y = np.sign(x[:, :1] * x[:, -1:] + 0.5) * np.ones((1, sizes[-1]))
    return x, y


def engine_steps(net, x, y, indices, offsets, learning_rate, regularization, rate):
    """Train ``net`` (the reference) step by step on the batches a kernel got in one dispatch."""
    for s in range(len(offsets) - 1):
        batch = indices[offsets[s]:offsets[s + 1]]
        net.step(x[batch], y[batch], learning_rate, regularization, rate)


def assert_forward_close(got, net, points):
    """``got``: a kernel's activations per layer, neuron-major (units, n), against ``net``'s."""
    expected = net.activations(points)[1:]  # float64, (n, units) per layer
    assert [g.shape for g in got] == [e.T.shape for e in expected]
    for layer, (g, e) in enumerate(zip(got, expected)):
        err = np.abs(g - e.T).max()
        assert err < FORWARD_TOL, "%r layer %d differs by %g" % (net.sizes, layer, err)


def assert_params_close(got, net):
    """``got``: a kernel's (weights, biases) after training, against ``net``'s."""
    weights, biases = got
    for layer, (w, e) in enumerate(zip(weights, net.weights)):
        err = np.abs(w - e).max()
        assert err < TRAIN_TOL, "%r weights[%d] differ by %g" % (net.sizes, layer, err)
    for layer, (b, e) in enumerate(zip(biases, net.biases)):
        err = np.abs(b - e).max()
        assert err < TRAIN_TOL, "%r biases[%d] differ by %g" % (net.sizes, layer, err)

"""site/js/webgpu/gpu-mlp.js in headless Chromium (WebGPU on SwiftShader) against the NumPy engine.

Random :class:`pyplayground.nn.MLP` networks are copied into a ``GpuMlp``; every neuron's
activation from ``forwardAll`` must match ``net.activations`` within 1e-4, and 100 ``train``
steps must match 100 ``net.step`` calls on the same batches within 1e-3 (with L1, the same
links dead, TF Playground's rule). Arrays cross the page boundary as base64 float32/uint32/uint8 bytes.
"""
import base64

import numpy as np
import pytest

from tests.kernel_cases import (assert_forward_close, assert_params_close, batches, engine_steps, labelled_data,
                                random_net)

pytestmark = pytest.mark.browser

ACTIVATIONS = ["relu", "tanh", "sigmoid", "linear"]
FORWARD_SHAPES = [[2, 1], [2, 4, 2, 1], [5, 8, 8, 1], [9, 8, 8, 8, 8, 8, 8, 1], [4, 6, 3]]
TRAIN_SHAPES = [[2, 4, 2, 1], [9, 8, 8, 8, 8, 8, 8, 1], [3, 5, 2]]

# Page-side helpers, defined once per page: base64 <-> typed arrays, and the module.
SETUP = """async () => {
  const module = await import("/js/webgpu/gpu-mlp.js");
  const decode = (text, Type) => {
    const raw = atob(text);
    const bytes = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return new Type(bytes.buffer);
  };
  const encode = (array) => {
    const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    let raw = "";
    for (let i = 0; i < bytes.length; i += 0x8000) raw += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(raw);
  };
  const gpu = await module.requestGpu();
  const build = async (net) => {
    const mlp = await module.GpuMlp.create(gpu.device, net);
    mlp.setParams(net.weights.map((w) => decode(w, Float32Array)), net.biases.map((b) => decode(b, Float32Array)),
                  net.dead.map((d) => decode(d, Uint8Array)));
    return mlp;
  };
  window.__t = {module, gpu, decode, encode, build};
  return gpu && gpu.adapterName;
}"""

FORWARD = """async ({net, points, nPoints}) => {
  const {build, decode, encode} = window.__t;
  const mlp = await build(net);
  const layers = await mlp.forwardAll(decode(points, Float32Array), nPoints);
  mlp.destroy();
  return layers.map(encode);
}"""

TRAIN = """async ({net, x, y, nSamples, indices, offsets, learningRate, regularization, regularizationRate}) => {
  const {build, decode, encode} = window.__t;
  const mlp = await build(net);
  await mlp.train({x: decode(x, Float32Array), y: decode(y, Float32Array), nSamples,
    batchIndices: decode(indices, Uint32Array), batchOffsets: decode(offsets, Uint32Array),
    learningRate, regularization, regularizationRate});
  const {weights, biases, dead} = await mlp.readParams();
  mlp.destroy();
  return {weights: weights.map(encode), biases: biases.map(encode), dead: dead.map(encode)};
}"""


def b64(array, dtype=np.float32):
    return base64.b64encode(np.ascontiguousarray(array, dtype=dtype).tobytes()).decode("ascii")


def unb64(text):
    return np.frombuffer(base64.b64decode(text), np.float32).astype(np.float64)


def net_arg(net):
    return {"sizes": net.sizes, "activation": net.activation, "outputActivation": net.output_activation,
            "weights": [b64(w) for w in net.weights], "biases": [b64(b) for b in net.biases],
            "dead": [b64(d, np.uint8) for d in net.dead]}


@pytest.fixture
def gpu_page(page, site_url):
    page.goto(site_url + "__tests__/browser/blank.html")
    adapter = page.evaluate(SETUP)
    if not adapter:
        pytest.skip("this Chromium gives WebGPU no adapter (it needs --enable-unsafe-webgpu and SwiftShader)")
    return page


def gpu_forward(page, net, points):
    layers = page.evaluate(FORWARD, {"net": net_arg(net), "points": b64(points), "nPoints": len(points)})
    return [unb64(layer).reshape(units, len(points)) for layer, units in zip(layers, net.sizes[1:])]


def assert_forward_matches(page, net, points):
    assert_forward_close(gpu_forward(page, net, points), net, points)


def test_request_gpu_finds_swiftshader(gpu_page):
    name = gpu_page.evaluate("window.__t.gpu.adapterName")
    assert isinstance(name, str) and name


@pytest.mark.parametrize("output_activation", ACTIVATIONS)
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_forward_all_matches_engine(gpu_page, activation, output_activation):
    for k, sizes in enumerate(FORWARD_SHAPES):
        net = random_net(sizes, activation, output_activation, seed=k)
        points = np.random.default_rng(k).uniform(-6, 6, (333, sizes[0]))  # not a multiple of 64
        assert_forward_matches(gpu_page, net, points)


def test_forward_all_over_the_heatmap_grid(gpu_page):
    net = random_net([2, 8, 8, 8, 8, 8, 8, 1], "tanh", "tanh", seed=11)
    xs = np.linspace(-6, 6, 100)
    points = np.array([[x1, x2] for x2 in xs for x1 in xs])
    assert_forward_matches(gpu_page, net, points)


def train_both(page, net, n_samples, batch_size, learning_rate, regularization, rate, seed, n_steps=100):
    """(weights, biases) after n_steps on the GPU; net takes the same steps."""
    return train_with_dead(page, net, n_samples, batch_size, learning_rate, regularization, rate, seed, n_steps)[:2]


def train_with_dead(page, net, n_samples, batch_size, learning_rate, regularization, rate, seed, n_steps=100):
    """(weights, biases, dead) after n_steps on the GPU; net takes the same steps."""
    x, y = labelled_data(net.sizes, n_samples, seed)
    indices, offsets = batches(n_samples, batch_size, n_steps, seed)
    got = page.evaluate(TRAIN, {
        "net": net_arg(net), "x": b64(x), "y": b64(y), "nSamples": n_samples,
        "indices": b64(indices, np.uint32), "offsets": b64(offsets, np.uint32),
        "learningRate": learning_rate, "regularization": regularization, "regularizationRate": rate})
    engine_steps(net, x, y, indices, offsets, learning_rate, regularization, rate)
    weights = [unb64(w).reshape(e.shape) for w, e in zip(got["weights"], net.weights)]
    dead = [np.frombuffer(base64.b64decode(d), np.uint8).reshape(e.shape) != 0 for d, e in zip(got["dead"], net.dead)]
    return weights, [unb64(b) for b in got["biases"]], dead


@pytest.mark.parametrize("regularization", ["none", "L1", "L2"])
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_train_matches_engine_step(gpu_page, activation, regularization):
    for k, sizes in enumerate(TRAIN_SHAPES):
        net = random_net(sizes, activation, "linear" if activation == "linear" else "tanh", seed=k)
        # 47 samples in batches of 10: every epoch ends with a batch of 7.
        got = train_both(gpu_page, net, 47, 10, 0.03, regularization, 0.003, seed=k)
        assert_params_close(got, net)


def test_train_with_full_batches_and_l1_zeroing(gpu_page):
    # Batches of 30 (the most) on the largest net, and an L1 pull strong enough to zero weights.
    net = random_net([9, 8, 8, 8, 8, 8, 8, 3], "relu", "sigmoid", seed=4)
    got = train_both(gpu_page, net, 75, 30, 0.1, "L1", 0.05, seed=4)
    assert sum(int((w == 0).sum()) for w in net.weights) > 10
    # Every weight the engine switched off is exactly 0 on the GPU too. (The GPU may have more
    # zeros: float32 flushes the engine's vanishing 1e-70-sized weights to 0.)
    assert all(np.all(w[e == 0] == 0) for w, e in zip(got[0], net.weights))
    assert_params_close(got, net)


@pytest.mark.parametrize("rate", [0.01, 0.03])
def test_l1_kills_the_same_links_as_the_engine(gpu_page, rate):
    # XOR-like data, a 6-3 tanh net, 30 epochs of 10 batches: links die on both sides alike.
    net = random_net([2, 6, 3, 1], "tanh", "tanh", seed=2)
    weights, biases, dead = train_with_dead(gpu_page, net, 100, 10, 0.03, "L1", rate, seed=2, n_steps=300)
    assert sum(int(d.sum()) for d in net.dead) >= 3
    assert all(np.array_equal(g, e) for g, e in zip(dead, net.dead))
    assert all(np.all(w[d] == 0) for w, d in zip(weights, dead))
    assert_params_close((weights, biases), net)


def test_dead_links_handed_in_stay_dead_and_zero(gpu_page):
    net = random_net([2, 6, 3, 1], "tanh", "tanh", seed=6)
    net.weights[0][0, :3] = 0.0
    net.dead[0][0, :3] = True
    weights, biases, dead = train_with_dead(gpu_page, net, 47, 10, 0.1, "L2", 0.01, seed=6)
    assert np.all(weights[0][0, :3] == 0) and all(np.array_equal(g, e) for g, e in zip(dead, net.dead))
    assert_params_close((weights, biases), net)


def test_request_gpu_returns_null_without_webgpu(page, site_url):
    page.add_init_script("delete Navigator.prototype.gpu;")  # as in a browser without WebGPU
    page.goto(site_url + "__tests__/browser/blank.html")
    result = page.evaluate("""async () => {
      const {requestGpu} = await import("/js/webgpu/gpu-mlp.js");
      return {hasGpu: "gpu" in navigator, result: await requestGpu()};
    }""")
    assert result == {"hasGpu": False, "result": None}


def test_unsupported_networks_and_batches_are_rejected_clearly(gpu_page):
    messages = gpu_page.evaluate("""async () => {
      const {module, gpu} = window.__t;
      const attempt = async (f) => { try { await f(); return "no error"; } catch (err) { return err.message; } };
      const mlp = await module.GpuMlp.create(gpu.device, {sizes: [2, 3, 1]});
      const request = {x: new Float32Array(4), y: new Float32Array(2), nSamples: 2, learningRate: 0.1,
                       batchIndices: new Uint32Array(31), batchOffsets: new Uint32Array([0, 31])};
      return [
        await attempt(() => module.GpuMlp.create(gpu.device, {sizes: [2, 9, 1]})),
        await attempt(() => module.GpuMlp.create(gpu.device, {sizes: [2, 8, 8, 8, 8, 8, 8, 8, 1]})),
        await attempt(() => module.GpuMlp.create(gpu.device, {sizes: [2, 3], outputActivation: "softmax"})),
        await attempt(() => mlp.train(request)),
        await attempt(() => mlp.train({...request, batchOffsets: new Uint32Array([0, 1]), regularization: "L3"})),
        await attempt(() => mlp.setParams([new Float32Array(6)], [new Float32Array(3)])),
      ];
    }""")
    assert "unsupported sizes" in messages[0] and "unsupported sizes" in messages[1]
    assert "softmax" in messages[2]
    assert "1 to 30" in messages[3]
    assert "L3" in messages[4]
    assert "expected 2 weight" in messages[5]


def test_device_loss_resolves_lost_and_rejects_later_calls(gpu_page):
    result = gpu_page.evaluate("""async () => {
      const {module, gpu} = window.__t;
      const mlp = await module.GpuMlp.create(gpu.device, {sizes: [2, 3, 1]});
      gpu.device.destroy();
      const info = await mlp.lost;
      try {
        await mlp.forwardAll(new Float32Array(2), 1);
        return {reason: info.reason, error: null};
      } catch (err) {
        return {reason: info.reason, error: err.message};
      }
    }""")
    assert result["reason"] == "destroyed"
    assert "device lost" in result["error"]


def test_shader_load_and_compile_failures_reject_create(page, site_url, page_errors):
    # Serve a broken mlp-train.wgsl, then none at all: create() must reject, naming the file,
    # so that a caller can fall back to the NumPy engine.
    page_errors.allow("status of 404")  # the deliberately missing shader
    page.route("**/js/webgpu/mlp-train.wgsl", lambda route: route.fulfill(body="fn main( {", status=200))
    page.goto(site_url + "__tests__/browser/blank.html")
    compile_error = page.evaluate("""async () => {
      const m = await import("/js/webgpu/gpu-mlp.js");
      const gpu = await m.requestGpu();
      if (!gpu) return null;
      try { await m.GpuMlp.create(gpu.device, {sizes: [2, 1]}); return "no error"; }
      catch (err) { return err.message; }
    }""")
    if compile_error is None:
        pytest.skip("this Chromium gives WebGPU no adapter")
    assert "mlp-train.wgsl does not compile" in compile_error
    page.unroute("**/js/webgpu/mlp-train.wgsl")
    page.route("**/js/webgpu/mlp-train.wgsl", lambda route: route.fulfill(body="missing", status=404))
    page.reload()
    load_error = page.evaluate("""async () => {
      const m = await import("/js/webgpu/gpu-mlp.js");
      try { await m.GpuMlp.create((await m.requestGpu()).device, {sizes: [2, 1]}); return "no error"; }
      catch (err) { return err.message; }
    }""")
    assert "could not load /js/webgpu/mlp-train.wgsl: HTTP 404" in load_error

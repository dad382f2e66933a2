"""The WebGPU backend in the playground, checked against the NumPy engine on SwiftShader.

Headless Chromium runs with --enable-unsafe-webgpu (see conftest.py), which gives Google's
SwiftShader adapter: a real WebGPU implementation on the CPU, enough for correctness.
"""
import numpy as np
import pytest

from helpers import notices, state
from pyplayground.playground import shuffle

pytestmark = pytest.mark.browser

FEATURES = ["x", "y", "xSquared", "ySquared", "xTimesY", "sinX", "sinY", "cosX", "cosY"]

GRIDS = """r => window.playground.neuronGrids({resolution: r}).then(gs =>
    gs.map(g => ({layer: g.layer, index: g.index, backend: g.backend, values: Array.from(g.values)})))"""


def open_page(page, site_url, fragment=""):
    page.goto(site_url + "#" + fragment)
    page.evaluate("window.playground.ready")
    return page


def test_auto_keeps_numpy_on_a_software_adapter(page, site_url):
    s = state(open_page(page, site_url))
    assert s["backend"] == "numpy" and s["config"]["backend"] == "auto"


def test_backend_webgpu_from_the_url_shows_the_adapter(page, site_url):
    s = state(open_page(page, site_url, "backend=webgpu"))
    assert s["backend"] == "webgpu" and "swiftshader" in s["adapter"]
    assert "WebGPU (" in page.locator("#backend-label").inner_text()


@pytest.mark.parametrize("activation, shape, features", [
    ("tanh", [4, 2], 2), ("relu", [8, 8, 8, 8, 8, 8], 2), ("sigmoid", [3], 5), ("linear", [8, 1], 9),
    ("relu", [1], 1), ("tanh", [6, 8, 7, 8, 5, 8], 9), ("sigmoid", [], 3),
])
def test_webgpu_neuron_grids_match_numpy_on_the_same_parameters(page, site_url, activation, shape, features):
    open_page(page, site_url, "backend=numpy")
    config = {"activation": activation, "networkShape": shape, "learningRate": 0.1}
    config.update({f: i < features for i, f in enumerate(FEATURES)})
    page.evaluate("c => window.playground.setConfig(c)", config)
    page.evaluate("window.playground.step(3)")  # trained parameters, not just the initial ones
    reference = page.evaluate(GRIDS, 24)
    assert page.evaluate("window.playground.setConfig({backend: 'webgpu'})")["backend"] == "webgpu"
    gpu = page.evaluate(GRIDS, 24)
    assert [(g["layer"], g["index"]) for g in gpu] == [(g["layer"], g["index"]) for g in reference]
    assert {g["backend"] for g in gpu} == {"webgpu"} and {g["backend"] for g in reference} == {"numpy"}
    worst = max(abs(a - b) for g, r in zip(gpu, reference) for a, b in zip(g["values"], r["values"]))
    assert worst < 1e-4


def test_training_on_webgpu_learns_and_the_worker_holds_its_parameters(page, site_url):
    open_page(page, site_url, "backend=webgpu")
    s = page.evaluate("window.playground.step(200)")
    assert s["backend"] == "webgpu" and s["epoch"] == 200 and s["testLoss"] < 0.05
    gpu_model = page.evaluate("window.playground.saveModel()")  # the worker's copy, synced each frame
    s = page.evaluate("window.playground.setConfig({backend: 'numpy'})")
    assert s["backend"] == "numpy" and s["epoch"] == 200
    assert page.evaluate("window.playground.saveModel()") == gpu_model
    # ...and back: the GPU starts from exactly the NumPy parameters (float32 of them).
    page.evaluate("window.playground.step(5)")
    numpy_model = page.evaluate("window.playground.saveModel()")
    page.evaluate("window.playground.setConfig({backend: 'webgpu'})")
    after = page.evaluate("window.playground.step(1).then(() => window.playground.rewind()).then(() => window.playground.saveModel())")
    assert after["sizes"] == numpy_model["sizes"]


def test_playing_on_webgpu_trains_several_epochs_and_draws(page, site_url):
    open_page(page, site_url, "backend=webgpu")
    page.evaluate("window.playground.play()")
    page.wait_for_function("window.playground.state().epoch >= 30")
    page.evaluate("window.playground.pause()")
    s = state(page)
    assert s["backend"] == "webgpu" and s["frames"] > 3 and not s["playing"]


def test_the_js_epoch_order_is_the_python_one(page, site_url):
    # site/js/playground/backends/epoch-order.js mirrors pyplayground/playground/shuffle.py: the same order on both backends.
    cases = [[0, 0, 0], [1, 7, 3], [10, 0, 0], [250, 0, 0], [250, 0, 1], [333, 123456789, 41],
             [1000, 2 ** 32 - 1, 2 ** 31 - 1], [5000, 2 ** 31, 99999]]
    page.goto(site_url + "__tests__/browser/blank.html")
    got = page.evaluate("""async (cases) => {
        const {epochOrder} = await import("/js/playground/backends/epoch-order.js");
        return cases.map(([n, seed, epoch]) => Array.from(epochOrder(n, seed, epoch)));
    }""", cases)
    for (n, seed, epoch), order in zip(cases, got):
        assert order == shuffle.epoch_order(n, seed, epoch).tolist(), (n, seed, epoch)


L1_CONFIG = "dataset=xor&networkShape=6,3&learningRate=0.03&regularization=L1&regularizationRate=0.03"


def test_webgpu_and_numpy_train_the_same_network_from_the_same_url(page, site_url):
    # Same initial weights, the same batches in the same order, TF's L1 rule on both: after 10
    # epochs the weights agree to float32 precision and the same links are dead.
    open_page(page, site_url, "backend=numpy&" + L1_CONFIG)
    assert page.evaluate("window.playground.step(10)")["epoch"] == 10
    reference = page.evaluate("window.playground.saveModel()")
    page.evaluate("window.playground.rewind()")
    assert page.evaluate("window.playground.setConfig({backend: 'webgpu'})")["backend"] == "webgpu"
    assert page.evaluate("window.playground.step(10)")["epoch"] == 10
    gpu = page.evaluate("window.playground.saveModel()")  # the worker's copy, handed back with set_params
    assert gpu["dead"] == reference["dead"] and any(v for d in gpu["dead"] for row in d for v in row)
    for key in ("weights", "biases"):
        for layer, (g, r) in enumerate(zip(gpu[key], reference[key])):
            assert np.abs(np.array(g) - np.array(r)).max() < 1e-3, "%s[%d]" % (key, layer)
    for w, d in zip(gpu["weights"], gpu["dead"]):
        assert all(v == 0 for v, dead in zip(np.ravel(w), np.ravel(d)) if dead)


def test_divergence_on_webgpu_keeps_the_last_finite_network(page, site_url):
    open_page(page, site_url, "backend=webgpu&problem=regression&activation=linear&learningRate=10&networkShape=8,8")
    s = page.evaluate("window.playground.step(30)")
    assert "diverged" in notices(page)
    assert s["trainLoss"] is not None and s["trainLoss"] == s["trainLoss"] and s["backend"] == "webgpu"


def test_edits_loads_and_rewind_reach_the_gpu(page, site_url):
    open_page(page, site_url, "backend=webgpu")
    page.evaluate("window.playground.setParam({kind: 'bias', layer: 2, i: null, j: 0, value: 3.0})")
    grids = page.evaluate(GRIDS, 8)
    assert all(v > 0.99 for v in grids[-1]["values"])  # tanh(... + 3) on the output everywhere
    page.evaluate("window.playground.rewind()")
    assert min(page.evaluate(GRIDS, 8)[-1]["values"]) < 0.99


@pytest.mark.parametrize("init_script, expected", [
    ("delete Navigator.prototype.gpu;", "not available"),
    ("if (navigator.gpu) navigator.gpu.requestAdapter = async () => null;", "not available"),
])
def test_no_webgpu_or_a_refused_adapter_falls_back_to_numpy(page, site_url, init_script, expected):
    page.add_init_script(init_script)
    s = state(open_page(page, site_url, "backend=webgpu"))
    assert s["backend"] == "numpy" and expected in notices(page)
    assert page.evaluate("window.playground.step(3)")["epoch"] == 3


def test_a_shader_that_fails_to_load_falls_back_to_numpy(page, page_errors, site_url):
    page_errors.allow("404")
    page.route("**/mlp-train.wgsl", lambda route: route.fulfill(status=404, body="gone"))
    s = state(open_page(page, site_url, "backend=webgpu"))
    assert s["backend"] == "numpy" and "WebGPU could not start" in notices(page)
    assert page.evaluate("window.playground.step(2)")["epoch"] == 2


def test_a_lost_device_falls_back_without_losing_training(page, site_url):
    page.add_init_script("""
        window.__devices = [];
        const original = GPUAdapter.prototype.requestDevice;
        GPUAdapter.prototype.requestDevice = async function (...args) {
            const device = await original.apply(this, args);
            window.__devices.push(device);
            return device;
        };""")
    open_page(page, site_url, "backend=webgpu")
    trained = page.evaluate("window.playground.step(40)")
    assert trained["backend"] == "webgpu"
    page.evaluate("window.__devices.forEach(d => d.destroy())")
    page.wait_for_function("window.playground.state().backend === 'numpy'")
    assert "WebGPU stopped" in notices(page)
    s = page.evaluate("window.playground.step(1)")
    assert s["epoch"] == 41 and s["testLoss"] <= trained["testLoss"] * 1.5

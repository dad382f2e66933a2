"""The grid evaluator the play frames are drawn from (site/js/playground/grid/): the real module worker in the
page against the engine's Session.output_view / neuron_grids (nn.MLP), and the play loop's use of it."""
import numpy as np
import pytest

from pyplayground.nn import flat_parameters
from pyplayground.playground.session import Session

pytestmark = pytest.mark.browser

EVALUATE = """async ({network, params, resolution, neuronResolution}) => {
    const {GridClient} = await import('/js/playground/grid/grid-client.js');
    const client = new GridClient({resolution, neuronResolution});
    const out = await client.evaluate(network, Float64Array.from(params));
    const usedWorker = Boolean(client.worker) && !client.failed;
    client.worker.terminate();
    return {grid: Array.from(out.grid), scores: out.scores && Array.from(out.scores),
            neurons: Array.from(out.neurons), layout: out.layout, usedWorker};
}"""

CONFIGS = [
    {},
    {"dataset": "spiral", "hidden": [8, 8, 8, 8, 8, 8]},
    {"dataset": "spiral", "hidden": [8, 8, 8, 8, 8, 8], "activation": "relu",
     "features": ["x", "y", "xSquared", "ySquared", "xTimesY", "sinX", "sinY", "cosX", "cosY"]},
    {"dataset": "gauss3", "hidden": [5, 3], "activation": "sigmoid"},
    {"dataset": "reg-plane", "hidden": [4], "activation": "linear"},
    {"dataset": "xor", "hidden": [], "features": ["xTimesY"]},
]


@pytest.mark.parametrize("config", CONFIGS, ids=["default", "tanh-6x8", "relu-6x8-all-features", "softmax", "regression", "no-hidden"])
def test_the_grid_worker_agrees_with_the_engine(page, site_url, config):
    session = Session(config)
    session.train(5)
    net = session.net
    network = {"sizes": net.sizes, "activation": net.activation, "output_activation": net.output_activation,
               "features": session.config["features"]}
    params = flat_parameters(net)  # what the page receives (include_params)
    page.goto(site_url)
    got = page.evaluate(EVALUATE, {"network": network, "params": params.tolist(), "resolution": 40,
                                   "neuronResolution": 12})
    assert got["usedWorker"]
    grid, scores = session.output_view(40)
    neurons, layout = session.neuron_grids(12)
    assert got["layout"] == layout
    np.testing.assert_allclose(got["neurons"], neurons.ravel(), rtol=0, atol=1e-4)
    if scores is None:
        np.testing.assert_allclose(got["grid"], grid, rtol=0, atol=1e-4)
    else:
        np.testing.assert_allclose(got["scores"], scores.ravel(), rtol=0, atol=1e-4)
        assert np.mean(np.array(got["grid"]) == grid) > 0.999  # the argmax, but for exact ties


NEWEST_WINS = """async () => {
    const {GridClient} = await import('/js/playground/grid/grid-client.js');
    const client = new GridClient({resolution: 60, neuronResolution: 8});
    const network = {sizes: [2, 3, 1], activation: 'tanh', output_activation: 'tanh', features: ['x', 'y']};
    const params = (v) => Float64Array.from({length: 13}, (_, k) => v * (k + 1) / 13);
    const results = await Promise.all([1, 2, 3].map((v) => client.evaluate(network, params(v))));
    await client.idle();
    client.worker.terminate();
    return results.map((r) => r && r.grid[0]);
}"""


def test_a_frame_overtaken_while_another_is_evaluated_is_skipped(page, site_url):
    page.goto(site_url)
    first, second, third = page.evaluate(NEWEST_WINS)
    assert first is not None and second is None and third is not None and third != first


STALLED = """async () => {
    const {GridClient} = await import('/js/playground/grid/grid-client.js');
    const {evaluateFrame} = await import('/js/playground/grid/mlp-grid.js');
    const client = new GridClient({resolution: 20, neuronResolution: 8, timeoutMs: 300});
    let terminated = false;
    client.worker = {postMessage() {}, terminate() { terminated = true; }};  // a worker that never answers
    const network = {sizes: [2, 3, 1], activation: 'tanh', output_activation: 'tanh', features: ['x', 'y']};
    const params = Float64Array.from({length: 13}, (_, k) => (k - 6) / 7);
    const started = performance.now();
    const out = await client.evaluate(network, params);
    const waited = performance.now() - started;
    const expected = evaluateFrame(network, params, 20, 8);
    return {waited, terminated, failed: client.failed, same: out.grid.every((v, k) => v === expected.grid[k])};
}"""


def test_a_stalled_grid_worker_is_given_up_and_the_page_evaluates(page, site_url):
    page.goto(site_url)
    got = page.evaluate(STALLED)
    assert got["terminated"] and got["failed"] and got["same"]
    assert got["waited"] >= 300  # after the timeout, not before


def test_play_frames_are_drawn_from_the_grid_worker_with_the_engine_weights(ready_page):
    page = ready_page
    page.evaluate("window.playground.setConfig({dataset: 'spiral', networkShape: [6, 4]})")
    page.evaluate("window.playground.play()")
    page.wait_for_function("window.playground.state().frames > 10 && window.playground.state().epoch > 20")
    state = page.evaluate("window.playground.pause()")
    model = page.evaluate("window.playground.saveModel()")
    assert model["epoch"] == state["epoch"]  # every frame in flight landed before pause answered
    # The weights the page keeps are exactly the engine's.
    reply = page.evaluate("window.playground.engine.request('grid', {include_model: true}).then((r) => r.fields)")
    engine = reply["model"]
    assert reply["stats"]["epoch"] == state["epoch"]  # no train request was left in flight
    assert [model["weights"], model["biases"], model["dead"]] == [engine["weights"], engine["biases"], engine["dead"]]


TANH_SWEEP = """async () => {
    const {tanh, sigmoid} = await import('/js/playground/grid/tanh-table.js');
    let tanhError = 0, sigmoidError = 0, odd = true;
    for (let x = -25; x < 25; x += 1.1e-5) {  // every interval of the table, many points in each
        tanhError = Math.max(tanhError, Math.abs(tanh(x) - Math.tanh(x)));
        sigmoidError = Math.max(sigmoidError, Math.abs(sigmoid(x) - 1 / (1 + Math.exp(-x))));
        odd = odd && tanh(-x) === -tanh(x) && Math.abs(tanh(x)) <= 1;
    }
    return {tanhError, sigmoidError, odd, negativeZero: Object.is(tanh(-0), -0),
            special: [tanh(NaN), tanh(Infinity), tanh(-Infinity), tanh(0), tanh(20), tanh(19.999)]};
}"""


def test_the_tanh_table_is_within_1e_9_of_math_tanh(page, site_url):
    page.goto(site_url)
    got = page.evaluate(TANH_SWEEP)
    assert got["tanhError"] < 1e-9 and got["sigmoidError"] < 1e-9
    assert got["odd"] and got["negativeZero"]
    nan, plus, minus, zero, at_limit, below = got["special"]
    assert np.isnan(nan) and plus == 1 and minus == -1 and zero == 0 and at_limit == 1
    assert 1 - 1e-15 < below <= 1

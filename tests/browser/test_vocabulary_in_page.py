"""The page's modules, read in the browser, hold the engine's vocabulary and limits
(pyplayground/vocabulary.py, generated into site/js/generated/vocabulary.js)."""
import json

from pyplayground import vocabulary
from sitebuild import vocabulary as generator

READ_MODULES = """async () => {
  const generated = await import('/js/generated/vocabulary.js');
  const state = await import('/js/playground/state.js');
  const custom = await import('/js/playground/tools/custom-data.js');
  const layout = await import('/js/webgpu/mlp-layout.js');
  const gpu = await import('/js/webgpu/gpu-mlp.js');
  const output = await import('/js/playground/views/output-view.js');
  const row = (name) => {
    const {values, min, max, maxLength} = state.property(name);
    return {values, min, max, maxLength};
  };
  return {
    generated: Object.assign({}, generated),
    frozen: Object.values(generated).every((v) => typeof v !== 'object' || Object.isFrozen(v)),
    features: state.FEATURES,
    datasets: {classification: state.CLASSIFICATION_DATASETS, regression: state.REGRESSION_DATASETS,
               multiclass: state.MULTICLASS_DATASET},
    samples: state.SAMPLES, learningRates: state.LEARNING_RATES, regularizationRates: state.REGULARIZATION_RATES,
    rows: Object.fromEntries(['activation', 'regularization', 'batchSize', 'learningRate', 'regularizationRate',
                              'noise', 'networkShape', 'percTrainData', 'problem', 'dataset', 'regDataset']
                             .map((name) => [name, row(name)])),
    maxPoints: custom.MAX_POINTS,
    kernel: {limits: layout.LIMITS, activations: layout.ACTIVATION_CODES, regularizations: layout.REGULARIZATION_CODES,
             sameLimits: gpu.LIMITS === layout.LIMITS},
    domain: output.DOMAIN,
  };
}"""


def datasets_of(problem):
    return [name for name, p in vocabulary.DATASET_PROBLEMS.items() if p == problem]


def test_the_pages_modules_hold_the_engines_vocabulary(page, site_url):
    page.goto(site_url + "__tests__/browser/blank.html")
    got = page.evaluate(READ_MODULES)
    limits = vocabulary.LIMITS

    assert got["generated"] == json.loads(json.dumps(generator.constants(vocabulary)))
    assert got["frozen"]

    assert got["features"] == [{"name": n, "label": label} for n, label in vocabulary.FEATURE_LABELS.items()]
    assert got["datasets"] == {"classification": datasets_of("classification") + [vocabulary.CUSTOM_DATASET],
                               "regression": datasets_of("regression"), "multiclass": datasets_of("multiclass")[0]}
    assert got["samples"] == vocabulary.SAMPLES
    assert got["learningRates"] == list(vocabulary.LEARNING_RATES)
    assert got["regularizationRates"] == list(vocabulary.REGULARIZATION_RATES)

    rows = got["rows"]
    assert rows["activation"]["values"] == list(vocabulary.ACTIVATION_CODES)
    assert rows["regularization"]["values"] == list(vocabulary.REGULARIZATION_CODES)
    assert rows["problem"]["values"] == list(vocabulary.PROBLEMS)
    assert rows["dataset"]["values"] == got["datasets"]["classification"]
    assert rows["regDataset"]["values"] == got["datasets"]["regression"]
    assert (rows["batchSize"]["min"], rows["batchSize"]["max"]) == (1, limits["batch_size"])
    assert (rows["learningRate"]["min"], rows["learningRate"]["max"]) == (min(vocabulary.LEARNING_RATES),
                                                                          limits["learning_rate"])
    assert rows["regularizationRate"]["max"] == limits["regularization_rate"]
    assert (rows["noise"]["min"], rows["noise"]["max"]) == tuple(vocabulary.NOISE_PERCENT)
    assert (rows["percTrainData"]["min"], rows["percTrainData"]["max"]) == tuple(vocabulary.TRAIN_PERCENT)
    assert (rows["networkShape"]["max"], rows["networkShape"]["maxLength"]) == (limits["units"],
                                                                                limits["hidden_layers"])
    assert got["maxPoints"] == limits["custom_points"]

    assert got["kernel"] == {
        "limits": {"input": limits["inputs"], "hiddenLayers": limits["hidden_layers"], "hiddenUnits": limits["units"],
                   "output": limits["classes"], "batch": limits["batch_size"]},
        "activations": vocabulary.ACTIVATION_CODES, "regularizations": vocabulary.REGULARIZATION_CODES,
        "sameLimits": True}
    assert got["domain"] == list(vocabulary.DOMAIN)


def test_the_network_controls_stop_at_the_limits(ready_page):
    """controls.js and the network view write their limits out: they must stop exactly there."""
    limits = vocabulary.LIMITS
    shape = [limits["units"]] + [1] * (limits["hidden_layers"] - 1)
    ready_page.evaluate("(shape) => window.playground.setConfig({networkShape: shape})", shape)
    plus = "document.querySelectorAll('.layer-buttons')[%d].querySelectorAll('button')[1].disabled"
    ready_page.wait_for_function("() => document.querySelector('#add-layer').disabled && %s" % (plus % 0))
    assert not ready_page.evaluate("() => " + plus % 1)


READ_PROTOCOL = """async () => {
  await import('/js/generated/engine-requests.js');   // what the worker loads before protocol.js
  await import('/js/protocol.js');
  return globalThis.PlaygroundProtocol.ENGINE_REQUESTS;
}"""


def test_the_protocols_request_names_are_the_engines_request_table(page, site_url):
    from pyplayground import bridge
    page.goto(site_url + "__tests__/browser/blank.html")
    assert page.evaluate(READ_PROTOCOL) == list(bridge.HANDLERS)


READ_DEFAULTS = """async () => {
  const state = await import('/js/playground/state.js');
  const renderer = await import('/js/playground/renderer.js');
  const client = await import('/js/engine-client.js');
  const rows = Object.fromEntries(['landscape', 'relevance'].map((name) => [name, state.property(name).values]));
  return {config: state.defaultConfig(), rows, grids: [renderer.GRID_RESOLUTION, renderer.NEURON_RESOLUTION],
          requestTimeout: client.DEFAULT_TIMEOUTS.request};
}"""


def test_the_pages_defaults_grids_and_timeouts_are_the_vocabularys(page, site_url):
    page.goto(site_url + "__tests__/browser/blank.html")
    got = page.evaluate(READ_DEFAULTS)
    d, config = vocabulary.PLAYGROUND_DEFAULTS, got["config"]
    assert (config["activation"], config["learningRate"], config["batchSize"], config["networkShape"],
            config["regularization"], config["regularizationRate"], config["dataset"], config["regDataset"],
            config["problem"], config["noise"], config["percTrainData"]) == \
        (d["activation"], d["learning_rate"], d["batch_size"], list(d["hidden"]), d["regularization"],
         d["regularization_rate"], d["dataset"], d["regression_dataset"], d["problem"], d["noise_percent"],
         d["train_percent"])
    assert [f for f in vocabulary.FEATURE_LABELS if config[f]] == list(d["features"])
    assert got["rows"] == {"landscape": ["off"] + list(vocabulary.LANDSCAPE_DIRECTIONS),
                           "relevance": ["off"] + list(vocabulary.PLAYGROUND_RELEVANCE_METHODS)}
    assert got["grids"] == [vocabulary.GRID_RESOLUTIONS["output"], vocabulary.GRID_RESOLUTIONS["neurons"]]
    # A train request always answers well before the page gives up on it.
    assert got["requestTimeout"] > 2 * vocabulary.REQUEST_LIMITS["train_ms"]


REFUSALS = """async (limits) => {
  const message = (promise) => promise.then(() => null, (err) => err.message);
  return {
    step: await message(window.playground.step(limits.epochs + 1)),
    grids: await message(window.playground.neuronGrids({resolution: limits.grid_resolution + 1})),
    gridsAtLimit: (await window.playground.neuronGrids({resolution: limits.grid_resolution})).length,
  };
}"""


def test_the_playground_refuses_one_past_its_limits(ready_page):
    """playground.js checks epochs and grid resolutions itself before asking the engine."""
    limits = vocabulary.LIMITS
    got = ready_page.evaluate(REFUSALS, limits)
    assert "[1, %d]" % limits["epochs"] in got["step"]
    assert "[2, %d]" % limits["grid_resolution"] in got["grids"]
    assert got["gridsAtLimit"] > 0

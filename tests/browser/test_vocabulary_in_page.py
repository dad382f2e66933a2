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

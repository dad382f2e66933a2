"""Every control of the full playground: it changes the config, the URL and the training."""
import pytest

from helpers import hash_params, state

pytestmark = pytest.mark.browser

# (how to operate the control, config key, expected value, URL spelling, effect on training)
CONTROLS = [
    (lambda p: p.select_option("[data-setting=learningRate]", "0.3"), "learningRate", 0.3, "0.3", "train"),
    (lambda p: p.select_option("[data-setting=activation]", "relu"), "activation", "relu", "relu", "reset"),
    (lambda p: p.select_option("[data-setting=regularization]", "L2"), "regularization", "L2", "L2", "train"),
    (lambda p: p.select_option("[data-setting=regularizationRate]", "0.3"), "regularizationRate", 0.3, "0.3", "train"),
    (lambda p: p.select_option("[data-setting=problem]", "regression"), "problem", "regression", "regression", "reset"),
    (lambda p: p.check("input[value=spiral]"), "dataset", "spiral", "spiral", "reset"),
    (lambda p: p.fill("[data-setting=percTrainData]", "70"), "percTrainData", 70, "70", "reset"),
    (lambda p: p.fill("[data-setting=noise]", "25"), "noise", 25, "25", "reset"),
    (lambda p: p.fill("[data-setting=batchSize]", "3"), "batchSize", 3, "3", "train"),
    (lambda p: p.check("[data-setting=showTestData]"), "showTestData", True, "true", "view"),
    (lambda p: p.check("[data-setting=discretize]"), "discretize", True, "true", "view"),
    (lambda p: p.click("#network .neuron[data-layer='0'][data-index='4']"), "xTimesY", True, "true", "reset"),
    (lambda p: p.click("#add-layer"), "networkShape", [4, 2, 2], "4,2,2", "reset"),
    (lambda p: p.click("#remove-layer"), "networkShape", [4], "4", "reset"),
    (lambda p: p.click(".layer-buttons >> nth=0 >> button >> nth=1"), "networkShape", [5, 2], "5,2", "reset"),
    (lambda p: p.click(".layer-buttons >> nth=1 >> button >> nth=0"), "networkShape", [4, 1], "4,1", "reset"),
    (lambda p: p.select_option("[data-setting=palette]", "colorblind"), "palette", "colorblind", "colorblind", "view"),
]


@pytest.mark.parametrize("operate, key, value, spelling, effect", CONTROLS, ids=[c[1] + "-" + c[3] for c in CONTROLS])
def test_control_changes_config_url_and_training(ready_page, operate, key, value, spelling, effect):
    page = ready_page
    # A regularizer and its rate only matter together.
    if key == "regularizationRate":
        page.evaluate("window.playground.setConfig({regularization: 'L1'})")
    if key == "regularization":
        page.evaluate("window.playground.setConfig({regularizationRate: 0.1})")
    page.evaluate("window.playground.rewind()")
    baseline = page.evaluate("window.playground.step(3)")
    operate(page)
    page.wait_for_function("([k, v]) => JSON.stringify(window.playground.state().config[k]) === JSON.stringify(v)",
                           arg=[key, value])
    # The URL follows once the change is drawn (its grids come from the grid worker).
    page.wait_for_function("([k, s]) => location.hash.slice(1).split('&').includes(k + '=' + s)", arg=[key, spelling])
    assert hash_params(page.url)[key] == spelling
    after = page.evaluate("window.playground.rewind().then(() => window.playground.step(3))")
    if effect == "view":
        assert after["trainLoss"] == baseline["trainLoss"]
    else:
        assert after["trainLoss"] != baseline["trainLoss"]


def test_regenerate_draws_a_new_seed_and_new_data(ready_page):
    before = state(ready_page)
    ready_page.click("#regenerate")
    ready_page.wait_for_function("s => window.playground.state().config.seed !== s", arg=before["config"]["seed"])
    assert state(ready_page)["testLoss"] != before["testLoss"]


def test_every_neuron_has_a_live_heatmap(ready_page):
    grids = ready_page.evaluate("""window.playground.neuronGrids({resolution: 32}).then(gs =>
        gs.map(g => ({layer: g.layer, index: g.index, n: g.values.length, spread: Math.max(...g.values) - Math.min(...g.values)})))""")
    assert [g["layer"] for g in grids] == [0, 0, 1, 1, 1, 1, 2, 2, 3]
    assert all(g["n"] == 32 * 32 for g in grids)
    assert all(g["spread"] > 0 for g in grids)
    painted = ready_page.evaluate("""() => Array.from(document.querySelectorAll('#network .neuron:not(.disabled) canvas'),
        c => c.width)""")
    assert painted and all(w == 32 for w in painted)


def test_neuron_heatmaps_change_while_training(ready_page):
    first = ready_page.evaluate("window.playground.neuronGrids().then(gs => Array.from(gs[2].values.slice(0, 50)))")
    ready_page.evaluate("window.playground.step(20)")
    second = ready_page.evaluate("window.playground.neuronGrids().then(gs => Array.from(gs[2].values.slice(0, 50)))")
    assert first != second


def test_hovering_a_link_shows_its_weight_and_clicking_edits_it(ready_page):
    page = ready_page
    link = page.locator("#network path.link").first
    link.dispatch_event("mouseenter")
    tip = page.locator(".net-tooltip")
    assert tip.is_visible() and "Weight" in tip.inner_text()
    link.dispatch_event("click")
    editor = page.locator(".param-editor")
    assert editor.is_visible()
    page.fill(".param-editor input", "1.25")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('.param-editor').hidden")
    model = page.evaluate("window.playground.saveModel()")
    assert model["weights"][0][0][0] == 1.25


def test_editing_a_bias_and_bad_values_are_refused(ready_page):
    page = ready_page
    page.click("#network .neuron[data-layer='1'][data-index='0']")
    assert "Hidden layer 1" in page.locator(".param-editor p").first.inner_text()
    page.fill(".param-editor input >> nth=0", "abc")
    page.keyboard.press("Enter")
    assert "finite number" in page.locator(".param-error").inner_text()
    page.fill(".param-editor input >> nth=0", "-0.5")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('.param-editor').hidden")
    assert page.evaluate("window.playground.saveModel()")["biases"][0][0] == -0.5
    error = page.evaluate("window.playground.setParam({kind: 'bias', layer: 9, i: null, j: 0, value: 1}).catch(e => e.message)")
    assert "layer" in error


def test_loss_chart_reads_out_values_on_hover(ready_page):
    for _ in range(3):
        ready_page.evaluate("window.playground.step(5)")
    box = ready_page.locator("#loss-chart").bounding_box()
    ready_page.mouse.move(box["x"] + box["width"] - 2, box["y"] + box["height"] / 2)
    readout = ready_page.locator("#loss-readout").inner_text()
    assert readout.startswith("Epoch 15: test loss")


def test_multiclass_softmax_learns_three_classes(ready_page):
    s = ready_page.evaluate("window.playground.setConfig({problem: 'multiclass', learningRate: 0.1})")
    assert s["config"]["problem"] == "multiclass"
    assert ready_page.locator("#network .neuron[data-layer='3']").count() == 3
    s = ready_page.evaluate("window.playground.step(60)")
    assert s["testAccuracy"] > 0.9


def test_explanations_on_hover_and_focus(ready_page):
    node = ready_page.locator("#network .neuron[data-layer='2'][data-index='1']")
    node.focus()
    tip = ready_page.locator(".net-tooltip")
    assert tip.is_visible() and "hidden layer 1" in tip.inner_text()
    bias = ready_page.evaluate("window.playground.saveModel()")["biases"][1][1]
    assert tip.inner_text().startswith("Bias %.3f." % bias)

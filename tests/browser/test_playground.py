"""The playground page in headless Chromium: start-up, training, the JS handle, bad input."""

import pytest

import helpers

pytestmark = pytest.mark.browser


def state(page):
    return page.evaluate("window.playground.state()")


# Every text the loading panel's label shows, with its progress bar's max at that moment, in order
# (recorded as it changes: a short first step must not slip between two polls).
RECORD_LABELS = """(() => {
  window.__labels = [];
  new MutationObserver(() => {
    const label = document.querySelector('#loading .loading-label');
    const text = label ? label.textContent : null, bar = document.querySelector('#loading progress');
    const last = window.__labels[window.__labels.length - 1];
    if (text && (!last || last.text !== text)) window.__labels.push({text, max: bar && bar.getAttribute('max')});
  }).observe(document, {subtree: true, childList: true, characterData: true, attributes: true});
})()"""


def test_page_renders_at_once_and_shows_loading_progress(page, site_url):
    page.add_init_script(RECORD_LABELS)
    page.goto(site_url)
    # Before the runtime is up: diagram, controls and a loading panel with a phase label.
    assert page.locator("#network .neuron").count() == 9 + 4 + 2 + 1  # all features, hidden, output
    assert page.locator("#loading").is_visible()
    page.wait_for_function("() => window.__labels.some((l) => l.text.startsWith('Step 1 of 6'))")
    page.evaluate("window.playground.ready")
    first = [l for l in page.evaluate("window.__labels") if l["text"].startswith("Step 1 of 6")]
    assert any(l["max"] not in (None, "1") for l in first), first  # sized in bytes
    assert page.locator("#loading").is_hidden()


def test_becomes_ready_on_the_real_runtime(ready_page):
    s = state(ready_page)
    assert s["phase"] == "ready" and s["backend"] == "numpy" and s["epoch"] == 0
    assert s["versions"]["python"].startswith("3.8") and s["versions"]["numpy"] == "1.17.5"
    assert s["testLoss"] > 0.1  # an untrained network


def test_training_the_default_config_lowers_the_test_loss(ready_page):
    before = state(ready_page)["testLoss"]
    after = ready_page.evaluate("window.playground.step(300)")
    assert after["epoch"] == 300
    assert after["testLoss"] < 0.05 and after["testLoss"] < before / 5
    assert ready_page.locator("#epoch").inner_text() == "000300"
    assert float(ready_page.locator("#test-loss").inner_text()) == pytest.approx(after["testLoss"], abs=1e-3)


def test_play_trains_until_paused(ready_page):
    ready_page.evaluate("window.playground.play()")
    ready_page.wait_for_function("window.playground.state().epoch >= 20")
    assert ready_page.locator("#play-pause").get_attribute("aria-pressed") == "true"
    stopped = ready_page.evaluate("window.playground.pause()")["epoch"]  # resolves once the last frame landed
    helpers.settle(ready_page)
    assert state(ready_page)["epoch"] == stopped and not state(ready_page)["playing"]


def test_step_and_reset_buttons_work_from_the_keyboard(ready_page):
    ready_page.focus("#step")
    ready_page.keyboard.press("Enter")
    ready_page.wait_for_function("window.playground.state().epoch === 1")
    ready_page.focus("#reset")
    ready_page.keyboard.press("Enter")
    ready_page.wait_for_function("window.playground.state().epoch === 0")


def test_reset_gives_new_weights_and_epoch_zero(ready_page):
    first = ready_page.evaluate("window.playground.step(1)")
    reset = ready_page.evaluate("window.playground.reset()")
    assert reset["epoch"] == 0 and reset["testLoss"] != first["testLoss"]


def test_set_config_changes_data_and_url(ready_page):
    s = ready_page.evaluate("window.playground.setConfig({dataset: 'xor', noise: 10})")
    assert s["config"]["dataset"] == "xor" and s["config"]["noise"] == 10 and s["epoch"] == 0
    assert "dataset=xor" in ready_page.url and "noise=10" in ready_page.url
    assert ready_page.locator("input[value=xor]").is_checked()


def test_set_config_keeps_training_position_for_hyperparameters(ready_page):
    ready_page.evaluate("window.playground.step(3)")
    s = ready_page.evaluate("window.playground.setConfig({learningRate: 0.1, batchSize: 5})")
    assert s["epoch"] == 3 and s["config"]["learningRate"] == 0.1


@pytest.mark.parametrize("partial, message", [
    ({"learningRate": -1}, "learningRate must be a number"),
    ({"dataset": "moons"}, "dataset must be one of circle, xor, gauss, spiral"),
    ({"networkShape": [4, 99]}, "networkShape"),
    ({"colour": "red"}, "unknown setting 'colour'"),
    ("xor", "expects an object"),
])
def test_set_config_rejects_invalid_values_and_keeps_the_state(ready_page, partial, message):
    ready_page.evaluate("window.playground.step(2)")
    before = state(ready_page)
    error = ready_page.evaluate("p => window.playground.setConfig(p).then(() => null, e => e.message)", partial)
    assert error and message in error
    assert state(ready_page) == before


def test_dataset_radio_buttons_switch_the_data(ready_page):
    ready_page.get_by_label("Spiral").check()
    ready_page.wait_for_function("window.playground.state().config.dataset === 'spiral'")
    ready_page.select_option("[data-setting=problem]", "regression")
    ready_page.wait_for_function("window.playground.state().config.problem === 'regression'")
    ready_page.get_by_label("Multi-Gaussian").check()
    ready_page.wait_for_function("window.playground.state().config.regDataset === 'reg-gauss'")
    assert not ready_page.get_by_label("Spiral").is_visible()  # only the problem's own datasets show


def test_url_settings_are_applied_and_bad_ones_reported(page, site_url):
    page.goto(site_url + "#dataset=spiral&noise=500&bogus=1&networkShape=3,x&learningRate=0.1")
    page.evaluate("window.playground.ready")
    s = state(page)
    assert s["config"]["dataset"] == "spiral" and s["config"]["learningRate"] == 0.1
    assert s["config"]["noise"] == 0 and s["config"]["networkShape"] == [4, 2]
    notices = " | ".join(page.evaluate("window.playground.notices()"))
    assert "noise" in notices and "bogus" in notices and "networkShape" in notices
    assert "noise=0" in page.url  # the URL now holds the good state


def test_a_malformed_hash_edit_keeps_the_last_good_state(ready_page):
    ready_page.evaluate("window.playground.setConfig({dataset: 'gauss'})")
    ready_page.evaluate("location.hash = '#dataset=%E0%A4%A&activation=nope'")
    ready_page.wait_for_function("window.playground.notices().some(n => n.includes('malformed') && n.includes('activation'))")
    assert state(ready_page)["config"]["dataset"] == "gauss"
    assert state(ready_page)["config"]["activation"] == "tanh"


@pytest.mark.parametrize("activation", ["linear", "relu"])  # relu: the loss overflows before the weights do
def test_divergence_pauses_with_a_notice_and_keeps_the_last_finite_network(ready_page, activation):
    ready_page.evaluate("""a => window.playground.setConfig({problem: 'regression', regDataset: 'reg-plane',
        activation: a, learningRate: 10, networkShape: [8, 8]})""", activation)
    s = ready_page.evaluate("window.playground.step(20)")
    notices = ready_page.evaluate("window.playground.notices()")
    assert any("diverged" in n for n in notices)
    assert s["trainLoss"] is not None and s["trainLoss"] == s["trainLoss"]  # finite, not NaN
    assert ready_page.locator(".notice-warning").is_visible()
    # Training is not wedged: a sane learning rate trains on from the kept network.
    ready_page.evaluate("window.playground.setConfig({learningRate: 0.001})")
    assert ready_page.evaluate("window.playground.step(2)")["epoch"] == s["epoch"] + 2


def test_a_missing_build_manifest_gives_a_clear_message(page, page_errors, site_url):
    page_errors.allow("404")
    page.route("**/build-manifest.json", lambda route: route.fulfill(status=404, body="missing"))
    page.goto(site_url)
    error = page.evaluate("window.playground.ready.then(() => null, e => e.message)")
    assert "python3 build.py" in error
    assert "python3 build.py" in page.locator("#loading").inner_text()


def test_a_corrupt_build_manifest_gives_a_clear_message(page, site_url):
    page.route("**/build-manifest.json", lambda route: route.fulfill(status=200, body="{not json"))
    page.goto(site_url)
    error = page.evaluate("window.playground.ready.then(() => null, e => e.message)")
    assert "corrupt" in error


def test_the_worker_answers_malformed_requests_with_typed_errors(ready_page):
    replies = ready_page.evaluate("""() => new Promise((resolve) => {
        const worker = new Worker('js/worker/engine-worker.js');
        const seen = [];
        worker.onmessage = (e) => { seen.push(e.data); if (seen.length === 3) { worker.terminate(); resolve(seen); } };
        worker.postMessage('garbage');
        worker.postMessage({id: 1, type: 'explode', payload: {}});
        worker.postMessage({id: 2, type: 'train', payload: {epochs: 1}});
    })""")
    assert [r["type"] for r in replies] == ["error", "error", "error"]
    assert "malformed request" in replies[0]["message"]
    assert "unknown request type 'explode'" in replies[1]["message"]
    assert "send 'init' first" in replies[2]["message"]


def test_the_url_is_rewritten_only_when_the_config_changes(page, site_url):
    page.add_init_script("""
        window.__hashWrites = 0;
        const original = History.prototype.replaceState;
        History.prototype.replaceState = function (...args) { window.__hashWrites++; return original.apply(this, args); };""")
    page.goto(site_url)
    page.evaluate("window.playground.ready")
    writes = page.evaluate("window.__hashWrites")
    page.evaluate("window.playground.play()")
    page.wait_for_function("window.playground.state().frames >= 10")
    page.evaluate("window.playground.pause()")
    assert page.evaluate("window.__hashWrites") == writes  # frames do not touch history
    page.evaluate("window.playground.setConfig({noise: 5})")
    assert page.evaluate("window.__hashWrites") == writes + 1

"""Autosave: a reload brings back the config, the custom points (kept per dataset) and the trained
model, with a notice and a one-click "Start fresh"; a link to another config starts from the link."""
import pytest

from helpers import notices, state

pytestmark = pytest.mark.browser

POINTS = "{x: [[1, 1], [2, 2.5], [-1, -1], [-2, -1.5], [3, -3], [-3, 3]], y: [1, 1, -1, -1, 1, -1]}"
SAVED_EPOCH = "() => { const r = JSON.parse(localStorage.getItem('pyplayground:autosave:v1') || 'null');" \
              " return r && r.epoch === %d; }"


def train_custom(page):
    page.evaluate("window.playground.setConfig({learningRate: 0.1, networkShape: [5, 3]})")
    page.evaluate("window.playground.setCustomPoints(%s)" % POINTS)
    page.evaluate("window.playground.step(25)")
    page.wait_for_function(SAVED_EPOCH % 25)
    return page.evaluate("window.playground.saveModel()")


def test_reload_restores_config_custom_points_and_model(ready_page):
    page = ready_page
    model = train_custom(page)
    page.reload()
    page.evaluate("window.playground.ready")
    s = state(page)
    assert s["epoch"] == 25 and s["customPoints"] == 6
    assert s["config"]["dataset"] == "custom" and s["config"]["networkShape"] == [5, 3]
    assert s["config"]["learningRate"] == 0.1
    assert page.evaluate("window.playground.saveModel()") == model
    assert "Restored your last session (epoch 25" in notices(page)
    assert "custom points are not stored in links" not in notices(page)
    # Training goes on from there, as it would have without the reload.
    assert page.evaluate("window.playground.step(5)")["epoch"] == 30


def test_start_fresh_forgets_the_saved_session(ready_page):
    page = ready_page
    train_custom(page)
    page.reload()
    page.evaluate("window.playground.ready")
    with page.expect_navigation():
        page.click(".notice-action")
    page.evaluate("window.playground.ready")
    s = state(page)
    assert s["epoch"] == 0 and s["customPoints"] is None and "Restored" not in notices(page)
    assert page.evaluate("localStorage.getItem('pyplayground:autosave:v1')") in (None, )  or \
        page.evaluate("JSON.parse(localStorage.getItem('pyplayground:autosave:v1')).epoch") == 0


def test_a_link_to_another_config_is_not_overridden(ready_page, site_url):
    page = ready_page
    train_custom(page)
    page.goto(site_url + "__tests__/browser/blank.html")  # leave, then open a lesson link
    page.goto(site_url + "#dataset=xor&networkShape=3")
    page.evaluate("window.playground.ready")
    s = state(page)
    assert s["epoch"] == 0 and s["config"]["dataset"] == "xor" and s["config"]["networkShape"] == [3]


def test_custom_points_are_kept_while_another_dataset_shows(ready_page):
    page = ready_page
    page.evaluate("window.playground.setCustomPoints(%s)" % POINTS)
    page.evaluate("window.playground.setConfig({dataset: 'circle'})")
    assert state(page)["customPoints"] is None
    s = page.evaluate("window.playground.setConfig({dataset: 'custom'})")
    assert s["customPoints"] == 6  # the hand-placed points, not the circle's


def test_a_corrupt_saved_session_starts_fresh_with_a_notice(page, site_url):
    page.goto(site_url + "__tests__/browser/blank.html")
    page.evaluate("""localStorage.setItem('pyplayground:autosave:v1', JSON.stringify({version: 1, hash: '',
        savedAt: Date.now(), config: {dataset: 'custom'}, customPoints: {x: [[0, 0]], y: [7]}, epoch: 3,
        model: {weights: 'nonsense'}}))""")
    page.goto(site_url)
    page.evaluate("window.playground.ready")
    assert state(page)["epoch"] == 0 and state(page)["phase"] == "ready"
    assert "could not be restored" in notices(page)

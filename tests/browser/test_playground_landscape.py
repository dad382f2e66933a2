"""The playground's live loss landscape in headless Chromium: computed in the worker on the real
runtime, equal to the host's Python on the same weights, refreshed as training runs."""
import numpy as np
import pytest

from helpers import engine_config
from pyplayground.playground.session import Session

pytestmark = pytest.mark.browser


def landscape(page, epochs=None):
    """The landscape once it shows the given number of path epochs (any, when None)."""
    page.wait_for_function("n => { const l = window.playground.landscape(); "
                           "return l && (n === null || l.info.path_epochs.length === n); }", arg=epochs)
    return page.evaluate("window.playground.landscape()")


def test_the_view_is_off_by_default_and_turns_on_from_its_menu(ready_page):
    assert ready_page.evaluate("window.playground.landscape()") is None
    assert ready_page.locator("#landscape-canvas").is_hidden()
    ready_page.select_option("[data-setting=landscape]", "random")
    l = landscape(ready_page)
    assert ready_page.locator("#landscape-canvas").is_visible()
    assert "landscape=random" in ready_page.evaluate("location.hash")
    info = l["info"]
    assert info["resolution"] >= 21 and len(l["loss"]) == info["resolution"] ** 2
    assert info["path_epochs"] == [0] and len(l["path"]) == 2
    centre = l["loss"][len(l["loss"]) // 2]
    assert centre == pytest.approx(ready_page.evaluate("window.playground.state().trainLoss"), rel=1e-5)
    assert "at the current weights" in ready_page.locator("#landscape-readout").inner_text()
    ready_page.select_option("[data-setting=landscape]", "off")
    ready_page.wait_for_function("window.playground.landscape() === null")
    assert ready_page.locator("#landscape-canvas").is_hidden()


def test_the_live_slice_equals_the_python_function_on_the_same_weights(ready_page):
    ready_page.evaluate("window.playground.setConfig({landscape: 'random', dataset: 'xor'})")
    ready_page.evaluate("window.playground.step(25)")
    l = landscape(ready_page, 26)
    model = ready_page.evaluate("window.playground.saveModel()")
    session = Session(engine_config(ready_page))
    session.load_model(model)
    expected = session.landscape(resolution=l["info"]["resolution"])
    np.testing.assert_allclose(np.array(l["loss"]), expected["loss"].ravel(), rtol=2e-5)
    assert l["info"]["center_loss"] == pytest.approx(expected["center_loss"], rel=1e-9)


def test_the_path_plane_follows_training_and_play_refreshes_it(ready_page):
    ready_page.evaluate("window.playground.setConfig({landscape: 'pca', dataset: 'spiral', learningRate: 0.1})")
    ready_page.evaluate("window.playground.step(12)")
    l = landscape(ready_page, 13)
    info = l["info"]
    assert info["directions"] == "pca"
    assert 0 <= info["explained"][1] <= info["explained"][0] <= 1
    path = np.array(l["path"]).reshape(-1, 2)
    np.testing.assert_allclose(path[-1], [0, 0], atol=1e-6)  # the last recorded point is the current weights
    assert np.max(np.abs(path)) <= info["span"] + 1e-6
    before = ready_page.evaluate("window.playground.state().frames")
    ready_page.evaluate("window.playground.play()")
    ready_page.wait_for_function("window.playground.landscape().info.path_epochs.length > 40")
    s = ready_page.evaluate("window.playground.pause()")
    assert s["frames"] > before + 3
    l = landscape(ready_page)  # paused: one last refresh shows the weights where they stopped
    ready_page.wait_for_function("n => window.playground.landscape().info.path_epochs.slice(-1)[0] === n",
                                 arg=s["epoch"])


def test_a_landscape_link_opens_with_the_view_on(page, site_url):
    page.goto(site_url + "#landscape=pca&dataset=gauss")
    page.evaluate("window.playground.ready")
    l = landscape(page)
    assert l["info"]["directions"] == "random"  # a path of one point has no PCA plane yet
    assert page.locator("#landscape-canvas").is_visible()
    page.goto(site_url + "#landscape=sideways")
    page.evaluate("window.playground.ready")
    assert any("landscape" in m for m in page.evaluate("window.playground.notices()"))

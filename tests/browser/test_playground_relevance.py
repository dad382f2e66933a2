"""The playground's relevance view in headless Chromium: every node's LRP relevance over the plane
on the diagram, and at a clicked point, equal to the host's Python on the same weights."""
import numpy as np
import pytest

from helpers import engine_config
from pyplayground.playground.session import Session

pytestmark = pytest.mark.browser


def test_the_diagram_shows_relevance_and_a_clicked_point_is_explained(ready_page):
    page = ready_page
    page.evaluate("window.playground.setConfig({dataset: 'xor', xTimesY: true})")
    page.evaluate("window.playground.step(30)")
    assert page.evaluate("window.playground.relevance()") is None
    page.select_option("[data-setting=relevance]", "lrp-epsilon")
    page.wait_for_function("window.playground.relevance() !== null")
    r = page.evaluate("window.playground.relevance()")
    nodes = sum(n for _, n in r["info"]["layout"])
    assert nodes == 3 + 4 + 2 + 1 and len(r["grids"]) == nodes * 32 * 32 and r["atPoint"] is None
    assert "relevance=lrp-epsilon" in page.evaluate("location.hash")
    assert "Click a point" in page.locator("#relevance-readout").inner_text()
    box = page.locator("#output-canvas").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.75, box["y"] + box["height"] * 0.25)  # (3, 3)
    page.wait_for_function("(window.playground.relevance() || {}).atPoint")
    r = page.evaluate("window.playground.relevance()")
    x1, x2 = r["info"]["point"]
    assert x1 == pytest.approx(3, abs=0.1) and x2 == pytest.approx(3, abs=0.1)
    assert page.locator(".neuron-badge").count() == nodes
    assert "logit" in page.locator("#relevance-readout").inner_text()
    # The same numbers from the host's engine on the page's weights.
    session = Session(engine_config(page))
    session.load_model(page.evaluate("window.playground.saveModel()"))
    grids, at_point, layout = session.relevance("lrp-epsilon", resolution=32, point=[x1, x2])
    assert layout == r["info"]["layout"]
    np.testing.assert_allclose(r["atPoint"], at_point, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(r["grids"], grids.ravel(), rtol=1e-5, atol=1e-7)
    # The custom-data click is not taken over: no points were added.
    assert page.evaluate("window.playground.state().config.dataset") == "xor"


def test_the_rule_switch_play_and_bad_calls(ready_page):
    page = ready_page
    with pytest.raises(Exception, match="turn the relevance view on"):
        page.evaluate("window.playground.explainPoint([0, 0])")
    page.evaluate("window.playground.setConfig({relevance: 'lrp-zplus'})")
    r = page.evaluate("window.playground.explainPoint([1, -2])")
    assert r["info"]["method"] == "lrp-zplus" and r["info"]["point"] == [1, -2]
    with pytest.raises(Exception, match="two finite numbers"):
        page.evaluate("window.playground.explainPoint([1, 'x'])")
    page.evaluate("window.playground.play()")
    page.wait_for_function("window.playground.state().epoch > 20")
    s = page.evaluate("window.playground.pause()")
    page.wait_for_function("window.playground.relevance().atPoint !== null")
    page.evaluate("window.playground.setConfig({relevance: 'off'})")
    assert page.evaluate("window.playground.relevance()") is None
    assert page.locator(".neuron-badge").count() == 0
    assert s["epoch"] > 20

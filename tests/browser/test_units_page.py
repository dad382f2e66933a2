"""The Units page in headless Chromium: every layer's live activations, a unit's top-9 digits,
deconvolution, backprop and activation maximization (precomputed, and live with progress and
cancel), the facets of each class; the live outputs equal the Python engine's; clear messages
for missing or corrupt artifacts; no errors and no off-origin requests (the ``page`` fixture).

Artifacts: PYPLAYGROUND_TEST_ARTIFACTS=DIR if set; else the committed site/artifacts when they
hold units; else the quick pipeline's units and facets jobs (and their inputs) built into
.build/artifacts-quick (skipped when up to date), served at /artifacts/ for these tests only.
"""
import base64
import json
import os

import numpy as np
import pytest

import artifact_site
from sitebuild import paths

pytestmark = pytest.mark.browser

units_artifacts, units_url, units_page = artifact_site.page_fixtures("units", "units_artifacts", "units_url", "units_page")


@pytest.fixture(scope="session")
def entries(units_artifacts):
    with open(os.path.join(units_artifacts, "manifest.json")) as f:
        return {a["id"]: a for a in json.load(f)["artifacts"]}


@pytest.fixture(scope="session")
def model(units_artifacts):
    from pyplayground import nn
    return nn.load(os.path.join(units_artifacts, "models", "cnn-small", "model.npz")).eval()


@pytest.fixture(scope="session")
def digits(units_artifacts):
    with open(os.path.join(units_artifacts, "data", "mnist-test-sample.json")) as f:
        sample = json.load(f)
    return np.frombuffer(base64.b64decode(sample["pixels_u8_b64"]), dtype=np.uint8).reshape(-1, 784) / 255.0


def test_the_page_shows_every_layer_a_unit_and_the_facets(units_page, model):
    from pyplayground import units
    page = units_page
    layers = units.unit_layers(model)
    assert page.evaluate("window.units.state().layers.map(l => l.name)") == [l["name"] for l in layers]
    assert page.locator(".unit-tile").count() == sum(l["shape"][0] for l in layers)
    state = page.evaluate("window.units.state()")
    assert state["selected"]["layer"] == layers[-1]["index"]  # the predicted class's logit
    assert page.locator("#top-images .top-image").count() == 9
    assert page.locator("#am-images .am-figure").count() == 4  # one per Table 1 preset
    page.wait_for_function("window.units.state().facets.loaded")
    assert page.locator("#facet-list .facet-button").count() >= 1
    assert page.locator("#facet-members .member-image").count() == 15
    assert page.locator(".artifact-error").count() == 0
    assert "looks like a" in page.locator("#live-status").inner_text()


def test_live_activations_and_projections_equal_the_python_engine(units_page, model, digits):
    from pyplayground import units
    page = units_page
    rng = np.random.default_rng(0)
    for pixels in (digits[3], rng.random(784)):
        got = page.evaluate("([p]) => window.units.activations('cnn-small', p)", [pixels.tolist()])
        outputs = model.activations(pixels.reshape(1, 1, 28, 28))
        for layer in got["layers"]:
            np.testing.assert_allclose(layer["values"], outputs[str(layer["index"])].ravel(), atol=1e-5, rtol=1e-5)
        for layer, channel in ((1, 5), (3, 7), (5, 2)):
            for method in ("backprop", "deconv"):
                signal = page.evaluate("([p, l, c, m]) => window.units.backprop('cnn-small', p, l, c, m)",
                                       [pixels.tolist(), layer, channel, method])
                want, _ = units.unit_backprop(model, pixels.reshape(1, 1, 28, 28), layer, channel, method)
                np.testing.assert_allclose(signal, want.ravel(), atol=1e-5 * max(1.0, np.abs(want).max()))
    error = page.evaluate("window.units.activations('cnn-small', [1, 2]).then(() => null, e => e.message)")
    assert "784 numbers in [0, 1]" in error


def test_drawing_updates_every_layer(units_page):
    page = units_page
    before = page.evaluate("window.units.state().last.pixels")
    pad = page.locator("#pad").bounding_box()
    page.mouse.move(pad["x"] + 110, pad["y"] + 40)
    page.mouse.down()
    for x, y in ((110, 120), (112, 190)):
        page.mouse.move(pad["x"] + x, pad["y"] + y, steps=5)
    page.mouse.up()
    page.wait_for_function("window.units.state().last.source === 'drawing' && JSON.stringify("
                           "window.units.state().last.pixels) === JSON.stringify(window.units.drawnPixels())")
    last = page.evaluate("window.units.state().last")
    assert last["pixels"] != before and last["pixels"] == page.evaluate("window.units.drawnPixels()")
    assert abs(sum(last["probabilities"]) - 1) < 1e-5


def test_selecting_units_by_mouse_and_keyboard(units_page):
    page = units_page
    page.click(".unit-tile[data-layer='1'][data-channel='2']")
    page.wait_for_function("window.units.state().selected.layer === 1 && window.units.state().selected.channel === 2")
    assert page.locator("#detail-heading").text_content() == "conv1 \u00b7 channel 2"
    assert page.locator(".unit-tile[data-layer='1'][data-channel='2']").get_attribute("aria-pressed") == "true"
    assert page.locator("#top-images .top-image").count() == 9
    page.focus(".unit-tile[data-layer='3'][data-channel='0']")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.dataset.channel") == "1"
    page.keyboard.press("Enter")
    page.wait_for_function("window.units.state().selected.layer === 3 && window.units.state().selected.channel === 1")
    page.click("#top-images .top-image >> nth=0")  # a top digit goes onto the pad
    page.wait_for_function("window.units.state().last.source === 'test digit'")


def test_live_maximization_equals_python_and_cancels(units_page, model):
    from pyplayground import units
    page = units_page
    start = np.full(784, 0.2)
    options = {"layer": 5, "channel": 4, "preset": "yosinski-3", "steps": 40, "start": start.tolist(), "noise": 0.05,
               "seed": 3, "center_bias": True}
    got = page.evaluate("o => window.units.maximize(o)", options)
    begin = units.start_image(start.reshape(1, 28, 28), 0.05, seed=3)
    image, trace = units.maximize(model, 5, 4, begin, steps=40, preset="yosinski-3", center_bias=True)
    assert not got["cancelled"] and got["step"] == 40 and len(got["trace"]) == 41
    np.testing.assert_allclose(got["image"], image.ravel(), atol=1e-4)
    np.testing.assert_allclose(got["trace"], trace, rtol=1e-4, atol=1e-4)
    assert got["trace"][-1] > got["trace"][0]
    # The page's own controls: run a long one and cancel it after the first chunks.
    page.fill("#am-steps", "1000")
    page.click("#am-run")
    page.wait_for_function("document.querySelector('#am-progress').value >= 10")
    page.click("#am-cancel")
    page.wait_for_function("!window.units.state().maximize.running")
    last = page.evaluate("window.units.state().maximize.last")
    assert last["cancelled"] and 10 <= last["step"] < 1000
    assert "Cancelled after" in page.locator("#am-status").inner_text()


def test_facets_per_class(units_page, units_artifacts, entries):
    page = units_page
    page.wait_for_function("window.units.state().facets.loaded")
    with open(os.path.join(units_artifacts, entries["facets-cnn-small"]["files"][0]["path"])) as f:
        facets = json.load(f)
    page.click("#facet-classes label:has-text('7')")
    page.wait_for_function("window.units.state().facets.label === 7")
    k = facets["classes"][7]["k"]
    assert page.locator("#facet-list .facet-button").count() == k == entries["facets-cnn-small"]["metrics"]["facets_per_class"]["7"]
    page.click("#facet-list .facet-button >> nth=%d" % (k - 1))
    assert page.evaluate("window.units.state().facets.selected") == k - 1
    assert page.locator("#facet-members .member-image").count() == 15
    assert "facet" in page.locator("#facet-note").inner_text()


def test_nav_csp_credits_and_fit(units_page):
    page = units_page
    assert page.locator(".site-nav a[aria-current=page]").inner_text() == "Units"
    csp = page.locator("meta[http-equiv=Content-Security-Policy]").get_attribute("content")
    with open(os.path.join(paths.SITE, "index.html")) as f:
        assert csp in f.read().replace("\n        content=", " content=")
    credit = page.locator(".credits").inner_text()
    assert "Yosinski" in credit and "Nguyen" in credit and "LeCun" in credit and "CC BY-SA 3.0" in credit
    page.set_viewport_size({"width": 1280, "height": 720})
    unnamed = page.evaluate("""() => Array.from(document.querySelectorAll('button, select, input, canvas[tabindex]'))
        .filter(el => !((el.getAttribute('aria-label') || (el.labels && el.labels[0] && el.labels[0].textContent)
                        || el.textContent || '').trim())).map(el => el.outerHTML.slice(0, 80))""")
    assert not unnamed
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    box = page.locator("#pad").bounding_box()
    assert box["y"] + box["height"] <= 720
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_function("document.documentElement.scrollWidth <= 390")


@pytest.mark.parametrize("which, status, body, message", [
    ("units-cnn-small", 404, b"gone", "units.json is missing (HTTP 404)"),
    ("units-cnn-small", 200, None, "units.json is corrupt (its SHA-256 does not match the manifest)"),
    ("facets-cnn-small", 200, b"{}", "facets.json is corrupt"),
])
def test_a_missing_or_corrupt_units_artifact_is_explained_in_place(page, units_url, entries, page_errors,
                                                                   which, status, body, message):
    page_errors.allow("404")
    file = entries[which]["files"][0]
    body = b" " * file["bytes"] if body is None else body
    page.route("**/artifacts/" + file["path"], lambda route: route.fulfill(status=status, body=body))
    page.goto(units_url)
    page.evaluate("window.units.ready")  # the live view works without it
    page.wait_for_function("window.units.notices().length > 0")
    assert message in " | ".join(page.evaluate("window.units.notices()"))
    area = "#top-images" if which.startswith("units") else "#facet-list"
    page.wait_for_selector(area + " .artifact-error")
    assert message in page.locator(area + " .artifact-error").inner_text()
    assert page.locator(".unit-tile").count() > 0

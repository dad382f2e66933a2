"""The Relevance page in headless Chromium: the gallery, the AOPC table and curves, the live
explainer (heatmaps equal to the Python engine's, from a drawn or a picked digit, within
200 ms), the explained-class switch, and clear messages for missing or corrupt artifacts.

Artifacts: the committed site/artifacts when they hold relevance entries; otherwise the quick
pipeline build (``build.py artifacts --quick``) in .build/artifacts-quick, served at
/artifacts/ for this file's tests only. PYPLAYGROUND_TEST_ARTIFACTS=DIR serves DIR instead.
"""
import base64
import json
import os

import numpy as np
import pytest

import artifact_site
import helpers
from sitebuild import paths

pytestmark = pytest.mark.browser

artifacts, relevance_url, rel_page = artifact_site.page_fixtures("relevance", "artifacts", "relevance_url", "rel_page")


@pytest.fixture(scope="module")
def manifest(artifacts):
    with open(os.path.join(artifacts, "manifest.json")) as f:
        return json.load(f)


def python_heatmaps(artifacts, model_id, pixels, target=None):
    """Every method's heatmap and the explained class, computed here in CPython."""
    from pyplayground import explain, nn
    model = nn.load(os.path.join(artifacts, "models", model_id, "model.npz"))
    ex = explain.Explainer(model)
    x = np.asarray(pixels, dtype=np.float64).reshape(1, 1, 28, 28)
    t = int(ex.logits(x)[0].argmax()) if target is None else target
    return {m: ex.relevance(x, m, t).ravel() for m in explain.METHODS}, t


def assert_heatmaps_equal(got, want):
    assert sorted(got) == sorted(want)
    for m, w in want.items():
        np.testing.assert_allclose(got[m], w, rtol=1e-4, atol=1e-5 * max(np.abs(w).max(), 1e-12), err_msg=m)


def sample_images(artifacts):
    with open(os.path.join(artifacts, "data", "mnist-test-sample.json")) as f:
        sample = json.load(f)
    return np.frombuffer(base64.b64decode(sample["pixels_u8_b64"]), dtype=np.uint8).reshape(-1, 784) / 255.0


def test_gallery_table_and_curves_are_shown(rel_page, manifest):
    page = rel_page
    entries = [a for a in manifest["artifacts"] if a["kind"] == "relevance"]
    state = page.evaluate("window.relevance.state()")
    assert state["galleryModel"] == "cnn-small" and state["galleryRows"] == 20
    methods = entries[0]["metrics"]["aopc"]
    assert {r["method"] for r in state["rows"]} == set(methods)
    aopc = [r["aopc"] for r in state["rows"]]
    assert aopc == sorted(aopc, reverse=True)  # best first
    assert page.locator("#gallery tbody canvas.heatmap").count() == 20 * (1 + len(methods) - 1)  # digit + methods
    assert page.locator("#aopc-table tbody tr").count() == len(methods)
    assert page.locator("#curves svg.curve-chart path.series").count() >= 4
    page.uncheck("#aopc-table tr[data-method='random'] input")
    assert page.evaluate("Array.from(document.querySelectorAll('#curves path.series'), p => p.dataset.label)"
                         ".every(l => !l.startsWith('Random'))")
    page.check("#perturbation input[value='erase']")
    assert page.evaluate("window.relevance.state().perturbation") == "erase"
    assert "erase" in page.locator("#aopc-table caption").inner_text()
    if len(entries) > 1:
        other = next(e["model"] for e in entries if e["model"] != "cnn-small")
        page.select_option("#gallery-model", other)
        page.wait_for_function("id => window.relevance.state().galleryModel === id", arg=other)
    assert page.locator(".artifact-error").count() == 0


def test_the_gallery_switches_to_the_runner_up_class(rel_page, artifacts):
    page = rel_page
    with open(os.path.join(artifacts, "relevance", "cnn-small", "gallery.json")) as f:
        digits = json.load(f)["digits"]
    first = page.locator("#gallery tbody tr").first.locator(".gallery-label").inner_text()
    assert first.endswith(": %d" % digits[0]["targets"][0])
    page.check("#gallery-slot input[value='1']")
    page.wait_for_function("window.relevance.state().gallerySlot === 1")
    assert page.locator("#gallery tbody tr").first.locator(".gallery-label").inner_text().endswith(
        ": %d" % digits[0]["targets"][1])
    page.locator("#gallery tbody tr").first.locator("button.gallery-digit").click()  # opens it live
    page.wait_for_function("t => { const s = window.relevance.state();"
                           " return s.lastLive && s.lastLive.target === t && s.lastLive.source === 'test digit' }",
                           arg=digits[0]["targets"][1])


def test_live_heatmaps_equal_the_python_engine(rel_page, artifacts, manifest):
    page = rel_page
    images = sample_images(artifacts)
    page.focus("#test-digit")
    page.keyboard.press("ArrowDown")  # the first test digit, from the keyboard
    page.wait_for_function("(() => { const s = window.relevance.state();"
                           " return s.lastLive && s.lastLive.source === 'test digit' })()")
    state = page.evaluate("window.relevance.state()")
    want, target = python_heatmaps(artifacts, "cnn-small", images[0])
    assert state["lastLive"]["target"] == target == state["lastLive"]["predicted"]
    assert_heatmaps_equal(state["lastHeatmaps"], want)
    assert page.locator("#live-heatmaps canvas.heatmap").count() == len(want)
    # Any class, any image, every model with relevance, through window.relevance.explain(All).
    models = [a["model"] for a in manifest["artifacts"] if a["kind"] == "relevance"]
    rng = np.random.default_rng(0)
    for model_id in models:
        for pixels, target in ((images[37], 4), (rng.random(784), None)):
            got = page.evaluate("([id, p, t]) => window.relevance.explainAll(id, p, t)",
                                [model_id, pixels.tolist(), target])
            want, t = python_heatmaps(artifacts, model_id, pixels, target)
            assert got["target"] == t
            assert_heatmaps_equal(got["heatmaps"], want)
    one = page.evaluate("([p]) => window.relevance.explain('cnn-small', p, 'lrp-epsilon', 7)", [images[5].tolist()])
    want, _ = python_heatmaps(artifacts, "cnn-small", images[5], 7)
    assert_heatmaps_equal({"lrp-epsilon": one}, {"lrp-epsilon": want["lrp-epsilon"]})
    error = page.evaluate("window.relevance.explain('cnn-small', [1, 2], 'lrp-0').then(() => null, e => e.message)")
    assert "784 numbers in [0, 1]" in error
    error = page.evaluate("window.relevance.explain('cnn-small', new Array(784).fill(0), 'lrp-bogus')"
                          ".then(() => null, e => e.message)")
    assert "unknown method 'lrp-bogus'" in error


def test_drawing_explains_every_method_within_200_ms(rel_page, artifacts):
    page = rel_page
    pad = page.locator("#pad").bounding_box()
    # A "7": a bar across the top, then a stroke down to the lower left (the pad is 220 px wide).
    page.mouse.move(pad["x"] + 60, pad["y"] + 55)
    page.mouse.down()
    for x, y in ((160, 55), (150, 95), (120, 145), (95, 185)):
        page.mouse.move(pad["x"] + x, pad["y"] + y, steps=6)
    page.mouse.up()
    # Strokes made while a request is in flight are explained when it lands: wait for the last one.
    page.wait_for_function("(() => { const s = window.relevance.state(); return s.lastLive && s.lastLive.source === 'drawing'"
                           " && JSON.stringify(s.lastLive.pixels) === JSON.stringify(window.relevance.drawnPixels()) })()")
    state = page.evaluate("window.relevance.state()")
    pixels = np.asarray(state["lastLive"]["pixels"])
    assert (pixels > 0.1).sum() > 20
    want, target = python_heatmaps(artifacts, "cnn-small", pixels)
    assert state["lastLive"]["target"] == target
    assert_heatmaps_equal(state["lastHeatmaps"], want)
    # The class switch: explain 4 instead of the prediction.
    page.check("#live-target input[value='4']")
    page.wait_for_function("window.relevance.state().lastLive.target === 4")
    want4, _ = python_heatmaps(artifacts, "cnn-small", pixels, 4)
    assert_heatmaps_equal(page.evaluate("window.relevance.state().lastHeatmaps"), want4)
    # Every method's heatmap and the class scores, worker round trip included: within 200 ms.
    ms = page.evaluate("""async () => {
        const p = window.relevance.drawnPixels(), out = [];
        for (let i = 0; i < 11; i++) { const t = performance.now();
          await window.relevance.explainAll('cnn-small', p, null); out.push(performance.now() - t); }
        return out.slice(2).sort((a, b) => a - b)[4];  // the median, after two warm-up runs
    }""")
    assert ms < 200, "median time for every heatmap: %.0f ms" % ms
    assert "heatmaps in" in page.locator("#live-status").inner_text()


def test_page_credits_mnist_shares_the_nav_and_fits_1280x720(rel_page, relevance_url):
    page = rel_page
    credit = page.locator(".credits").inner_text()
    assert all(name in credit for name in ("LeCun", "Cortes", "Burges", "CC BY-SA 3.0", "Samek"))
    assert page.locator(".site-nav a[aria-current=page]").inner_text() == "Relevance"
    for href in page.evaluate("Array.from(document.querySelectorAll('.site-nav a'), a => a.href)"):
        assert page.request.get(href).status == 200, href
    csp = page.locator("meta[http-equiv=Content-Security-Policy]").get_attribute("content")
    with open(os.path.join(paths.SITE, "index.html")) as f:
        assert csp in f.read().replace("\n        content=", " content=")
    page.set_viewport_size({"width": 1280, "height": 720})
    unnamed = page.evaluate("""() => Array.from(document.querySelectorAll('button, select, input, canvas[tabindex]'))
        .filter(el => !((el.getAttribute('aria-label') || (el.labels && el.labels[0] && el.labels[0].textContent)
                        || el.textContent || '').trim())).map(el => el.outerHTML.slice(0, 80))""")
    assert not unnamed
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    for selector in ("#pad", "#live-heatmaps"):
        box = page.locator(selector).bounding_box()
        assert box["y"] + box["height"] <= 720, selector  # the live explainer is on the first screen


def test_usable_on_a_phone(browser, relevance_url, page_errors):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  service_workers="block")
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and page_errors.console.append(m.text))
    try:
        page.goto(relevance_url)
        page.evaluate("window.relevance.ready")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.tap("#digit-next")
        helpers.wait_for(page, "(() => { const s = window.relevance.state();"
                         " return s.lastLive && s.lastLive.source === 'test digit' })()")
    finally:
        context.close()
    assert not page_errors.unexpected()


@pytest.mark.parametrize("file, status, body, where, message", [
    ("heatmaps.bin", 404, b"gone", "#gallery", "heatmaps.bin is missing (HTTP 404)"),
    ("heatmaps.bin", 200, b"\0" * 10, "#gallery", "heatmaps.bin is corrupt (10 bytes where the manifest records"),
    ("gallery.json", 200, None, "#gallery", "gallery.json is corrupt (its SHA-256 does not match the manifest)"),
    ("evaluation.json", 404, b"gone", "#aopc-table", "evaluation.json is missing (HTTP 404)"),
])
def test_a_missing_or_corrupt_relevance_file_is_explained_in_place(page, relevance_url, artifacts, page_errors,
                                                                   file, status, body, where, message):
    page_errors.allow("404")
    path = os.path.join(artifacts, "relevance", "cnn-small", file)
    body = b"\0" * os.path.getsize(path) if body is None else body
    page.route("**/artifacts/relevance/cnn-small/" + file, lambda route: route.fulfill(status=status, body=body))
    page.goto(relevance_url)
    page.wait_for_selector(where + " .artifact-error")
    assert message in page.locator(where + " .artifact-error").inner_text()
    assert message in " | ".join(page.evaluate("window.relevance.notices()"))
    page.evaluate("window.relevance.ready")  # the live half still works
    page.evaluate("window.relevance.pickTestDigit(3)")
    page.wait_for_function("(() => { const s = window.relevance.state();"
                           " return s.lastLive && s.lastLive.source === 'test digit' })()")


def test_no_relevance_artifacts_leaves_the_live_explainer(page, relevance_url, manifest):
    models_only = dict(manifest, artifacts=[a for a in manifest["artifacts"] if a["kind"] != "relevance"])
    page.route("**/artifacts/manifest.json", lambda route: route.fulfill(status=200, body=json.dumps(models_only)))
    page.goto(relevance_url)
    page.evaluate("window.relevance.ready")
    assert "no relevance heatmaps in artifacts/manifest.json" in page.locator("#gallery .artifact-error").inner_text()
    page.evaluate("window.relevance.pickTestDigit(0)")
    page.wait_for_function("(() => { const s = window.relevance.state(); return s.lastLive !== null })()")

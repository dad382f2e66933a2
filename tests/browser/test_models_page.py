"""The Models page in headless Chromium: every model's graph, curves, dynamics and confusion
matrix; residual blocks that open and close; the live digit; window.models.predict against
the Python engine; and clear messages for a missing or corrupt artifact.

Artifacts: the committed site/artifacts when they hold models; otherwise a quick pipeline
build (``build.py artifacts --quick``) into a temporary folder, served at /artifacts/ for
this file's tests only. PYPLAYGROUND_TEST_ARTIFACTS=DIR serves DIR instead.
"""
import base64
import hashlib
import json
import os

import numpy as np
import pytest

import artifact_site
from sitebuild import paths

pytestmark = pytest.mark.browser

zoo_artifacts, models_url, models_page = artifact_site.page_fixtures("models", "zoo_artifacts", "models_url", "models_page")


@pytest.fixture(scope="session")
def manifest(zoo_artifacts):
    with open(os.path.join(zoo_artifacts, "manifest.json")) as f:
        return json.load(f)


@pytest.fixture(scope="session")
def model_entries(manifest):
    return [a for a in manifest["artifacts"] if a["kind"] == "model"]


def python_probabilities(zoo_artifacts, entry, pixels):
    """The engine's answer, computed here in CPython: softmax(forward(x)) in eval mode."""
    from pyplayground import nn
    model = nn.load(os.path.join(zoo_artifacts, entry["files"][0]["path"])).eval()
    x = np.asarray(pixels, dtype=np.float64).reshape((1,) + tuple(model.input_shape))
    logits = np.asarray(model.forward(x), dtype=np.float64)[0]
    e = np.exp(logits - logits.max())
    return e / e.sum()


def test_every_model_draws_its_graph_curves_dynamics_and_confusion(models_page, model_entries, zoo_artifacts):
    page = models_page
    listed = page.evaluate("window.models.list().map(m => m.id)")
    assert listed == [e["id"] for e in model_entries]
    for entry in model_entries:
        page.click("button.model-button[data-model='%s']" % entry["id"])
        page.wait_for_function("id => window.models.state().selected === id && "
                               "document.querySelector('#detail-heading').textContent === %s" % json.dumps(entry["title"]),
                               arg=entry["id"])
        page.wait_for_selector("#graph svg.arch-graph")
        with open(os.path.join(zoo_artifacts, "models", entry["id"], "summary.json")) as f:
            summary = json.load(f)
        top_level = [n for n in summary["graph"]["nodes"] if n.get("parent") is None]
        assert page.locator("#graph .node").count() == len(top_level)  # every group starts collapsed
        assert page.locator("#graph .edge-label").count() >= 1  # tensor shapes on the edges
        assert page.locator("#curves svg.line-chart").count() == 2
        assert page.locator("#dynamics tbody tr").count() == len(summary["history"]["layers"])
        cells = page.locator("#confusion tbody td")
        assert cells.count() == 100
        counts = [int(t) for t in cells.all_inner_texts()]
        assert counts == [c for row in summary["confusion"] for c in row]
        assert page.locator(".artifact-error").count() == 0


def test_a_residual_block_expands_and_collapses(models_page, model_entries, zoo_artifacts):
    page = models_page
    residual = None
    for entry in model_entries:
        with open(os.path.join(zoo_artifacts, "models", entry["id"], "summary.json")) as f:
            nodes = json.load(f)["graph"]["nodes"]
        groups = [n for n in nodes if n["type"] == "Residual"]
        if groups:
            residual = (entry, groups[0], [n for n in nodes if n.get("parent") == groups[0]["id"]])
            break
    if residual is None:
        pytest.skip("no model with a residual block in these artifacts")
    entry, group, children = residual
    page.evaluate("id => window.models.select(id)", entry["id"])
    block = page.locator("#graph [data-group='%s']" % group["id"])
    assert block.get_attribute("aria-expanded") == "false"
    before = page.locator("#graph .node").count()
    block.click()  # by mouse
    page.wait_for_function("id => window.models.state().expanded.includes(id)", arg=group["id"])
    cluster = page.locator("#graph [data-group='%s']" % group["id"])
    assert cluster.get_attribute("aria-expanded") == "true"
    assert page.locator("#graph .node").count() == before + len(children)  # the block's layers, plus its box
    for child in children:
        assert page.locator("#graph [data-node='%s']" % child["id"]).count() == 1
    assert page.locator("#graph .edge-skip").count() >= 1
    assert page.evaluate("document.activeElement.dataset.group") == group["id"]  # focus stays on the block
    page.keyboard.press("Enter")  # and by keyboard
    page.wait_for_function("id => !window.models.state().expanded.includes(id)", arg=group["id"])
    assert page.locator("#graph .node").count() == before


def test_predict_equals_the_python_engine(models_page, model_entries, zoo_artifacts):
    page = models_page
    with open(os.path.join(zoo_artifacts, "data", "mnist-test-sample.json")) as f:
        sample = json.load(f)
    images = np.frombuffer(base64.b64decode(sample["pixels_u8_b64"]), dtype=np.uint8).reshape(-1, 784) / 255.0
    rng = np.random.default_rng(0)
    for entry in model_entries:
        for pixels in (images[0], images[7], rng.random(784)):
            got = page.evaluate("([id, p]) => window.models.predict(id, p)", [entry["id"], pixels.tolist()])
            want = python_probabilities(zoo_artifacts, entry, pixels)
            assert len(got) == 10 and abs(sum(got) - 1) < 1e-5
            np.testing.assert_allclose(got, want, atol=1e-5)
    error = page.evaluate("window.models.predict('cnn-small', [1, 2, 3]).then(() => null, e => e.message)")
    assert "784 numbers in [0, 1]" in error


def test_drawing_on_the_pad_gives_probabilities_fast(models_page, model_entries, zoo_artifacts):
    page = models_page
    pad = page.locator("#pad").bounding_box()
    # A "7": a bar across the top, then a stroke down to the lower left.
    page.mouse.move(pad["x"] + 80, pad["y"] + 70)
    page.mouse.down()
    for x, y in ((200, 70), (190, 120), (150, 180), (120, 230)):
        page.mouse.move(pad["x"] + x, pad["y"] + y, steps=6)
    page.mouse.up()
    page.wait_for_function("(() => { const p = window.models.state().lastPrediction;"
                           " return p && p.source === 'drawing' })()")
    # the last stroke's prediction has landed when it describes the pixels drawn
    page.wait_for_function("JSON.stringify(window.models.state().lastPrediction.pixels)"
                           " === JSON.stringify(window.models.drawnPixels())")
    last = page.evaluate("window.models.state().lastPrediction")
    assert len(last["probabilities"]) == 10 and abs(sum(last["probabilities"]) - 1) < 1e-5
    assert last["pixels"] == page.evaluate("window.models.drawnPixels()")
    pixels = np.asarray(last["pixels"])
    assert 0 <= pixels.min() and pixels.max() == pytest.approx(1.0) and (pixels > 0.1).sum() > 20
    # Centred by centre of mass, as MNIST is.
    grid = pixels.reshape(28, 28)
    com = [(grid.sum(axis=1 - a) * (np.arange(28) + 0.5)).sum() / grid.sum() for a in (0, 1)]
    assert all(abs(c - 14) <= 1.0 for c in com)
    entry = next(e for e in model_entries if e["id"] == last["modelId"])
    np.testing.assert_allclose(last["probabilities"], python_probabilities(zoo_artifacts, entry, pixels), atol=1e-5)
    # Each prediction takes well under 50 ms (measured in the page, worker round trip included).
    ms = page.evaluate("""async (id) => {
        const p = window.models.drawnPixels(), out = [];
        for (let i = 0; i < 10; i++) { const t = performance.now(); await window.models.predict(id, p); out.push(performance.now() - t); }
        return out.sort((a, b) => a - b)[5];
    }""", entry["id"])
    assert ms < 50, "median prediction took %.1f ms" % ms
    assert "looks like a" in page.locator("#live-status").inner_text()


def test_test_digits_from_the_keyboard(models_page):
    page = models_page
    page.focus("#test-digit")
    page.keyboard.press("ArrowDown")  # the first test digit
    page.wait_for_function("(() => { const p = window.models.state().lastPrediction;"
                           " return p && p.source === 'test digit' })()")
    first = page.evaluate("window.models.state().lastPrediction")
    label = page.locator("#test-digit option:checked").inner_text()
    page.focus("#digit-next")
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('#test-digit').value === '1'")
    page.wait_for_function("p => JSON.stringify(window.models.state().lastPrediction.pixels) !== p",
                           arg=json.dumps(first["pixels"]))
    assert page.locator(".prob-row.best").count() == 1
    assert "a " in label and page.locator("#probabilities li").count() == 10


def test_page_credits_mnist_and_has_the_shared_nav(models_page):
    page = models_page
    credit = page.locator(".credits").inner_text()
    assert "LeCun" in credit and "Cortes" in credit and "Burges" in credit and "CC BY-SA 3.0" in credit
    links = page.evaluate("Array.from(document.querySelectorAll('.site-nav a'), a => [a.textContent, a.getAttribute('href')])")
    assert ["Playground", "index.html"] in links and ["Models", "models.html"] in links
    assert page.locator(".site-nav a[aria-current=page]").inner_text() == "Models"
    csp = page.locator("meta[http-equiv=Content-Security-Policy]").get_attribute("content")
    with open(os.path.join(paths.SITE, "index.html")) as f:
        assert csp in f.read().replace("\n        content=", " content=")  # the same policy as the playground


def test_every_nav_link_resolves(models_page, models_url):
    page = models_page
    for href in page.evaluate("Array.from(document.querySelectorAll('.site-nav a'), a => a.href)"):
        assert page.request.get(href).status == 200, href


def test_every_control_is_named_and_the_page_fits_1280x720(models_page):
    page = models_page
    page.set_viewport_size({"width": 1280, "height": 720})
    unnamed = page.evaluate("""() => Array.from(document.querySelectorAll('button, select, canvas[tabindex], [role=button]'))
        .filter(el => !((el.getAttribute('aria-label') || (el.labels && el.labels[0] && el.labels[0].textContent)
                        || el.textContent || '').trim())).map(el => el.outerHTML.slice(0, 80))""")
    assert not unnamed
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    box = page.locator("#pad").bounding_box()
    assert box["y"] + box["height"] <= 720  # the live digit is on the first screen


def test_usable_on_a_phone(browser, models_url, page_errors):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  service_workers="block")
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and page_errors.console.append(m.text))
    try:
        page.goto(models_url)
        page.evaluate("window.models.ready")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        box = page.locator("#pad").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["width"] >= 250
        page.tap("#digit-next")
        page.wait_for_function("(() => { const p = window.models.state().lastPrediction;"
                               " return p && p.source === 'test digit' })()")
    finally:
        context.close()
    assert not page_errors.unexpected()


@pytest.mark.parametrize("status, body, message", [
    (404, b"gone", "model.npz is missing (HTTP 404)"),
    (200, b"PK\x03\x04 junk", "model.npz is corrupt (9 bytes where the manifest records"),
    (200, None, "model.npz is corrupt (its SHA-256 does not match the manifest)"),  # same size, other bytes
])
def test_a_missing_or_corrupt_model_file_is_explained(page, models_url, model_entries, page_errors, status, body, message):
    page_errors.allow("404")
    entry = next((e for e in model_entries if e["id"] == "cnn-small"), model_entries[0])
    body = b"\0" * entry["files"][0]["bytes"] if body is None else body
    page.route("**/artifacts/%s" % entry["files"][0]["path"], lambda route: route.fulfill(status=status, body=body))
    page.goto(models_url)
    page.wait_for_function("window.models.notices().length > 0")
    assert message in " | ".join(page.evaluate("window.models.notices()"))
    error = page.evaluate("window.models.predict(%s, new Array(784).fill(0)).then(() => null, e => e.message)"
                          % json.dumps(entry["id"]))
    assert message in error
    page.wait_for_selector("#graph svg.arch-graph")  # the rest of the page still works


def test_a_corrupt_summary_is_explained_in_place(page, models_url, model_entries):
    entry = model_entries[0]
    summary = next(f["path"] for f in entry["files"] if f["path"].endswith("summary.json"))
    page.route("**/artifacts/" + summary, lambda route: route.fulfill(status=200, body="{}" + " " * 10))
    page.goto(models_url + "#model=" + entry["id"])
    page.wait_for_selector("#graph .artifact-error")
    assert "corrupt" in page.locator("#graph .artifact-error").inner_text()
    assert page.locator("#pad").is_visible()


def test_an_exploding_and_a_dead_layer_stand_out(page, models_url, model_entries, zoo_artifacts):
    entry = max(model_entries, key=lambda e: len(json.load(open(os.path.join(
        zoo_artifacts, "models", e["id"], "summary.json")))["history"]["layers"]))
    path = next(f["path"] for f in entry["files"] if f["path"].endswith("summary.json"))
    with open(os.path.join(zoo_artifacts, path)) as f:
        summary = json.load(f)
    layers = list(summary["history"]["layers"])
    assert len(layers) >= 3
    exploding, dead = layers[0], layers[-1]
    stats = summary["history"]["layers"]
    stats[exploding]["grad_norm"] = [v * 1000 for v in stats[exploding]["grad_norm"]]
    stats[dead]["act_std"] = [0.0] * len(stats[dead]["act_std"])
    body = json.dumps(summary).encode()
    # The page checks sizes and hashes against the manifest, so serve a manifest that matches.
    with open(os.path.join(zoo_artifacts, "manifest.json")) as f:
        manifest = json.load(f)
    for a in manifest["artifacts"]:
        for record in a["files"]:
            if record["path"] == path:
                record.update(bytes=len(body), sha256=hashlib.sha256(body).hexdigest())
    page.route("**/artifacts/manifest.json", lambda route: route.fulfill(status=200, body=json.dumps(manifest)))
    page.route("**/artifacts/" + path, lambda route: route.fulfill(status=200, body=body))
    page.goto(models_url + "#model=" + entry["id"])
    page.evaluate("window.models.ready")
    flags = page.evaluate("window.models.state().flags")
    assert {"layer": exploding, "metric": "grad_norm", "kind": "high"} in [
        {k: f[k] for k in ("layer", "metric", "kind")} for f in flags]
    assert any(f["layer"] == dead and f["kind"] == "dead" for f in flags)
    assert page.locator("#dynamics td.outlier").count() == len(flags)
    assert page.locator("#dynamics th.flagged").count() == 2

"""The Landscapes page in headless Chromium: every landscape artifact drawn (each group of models
in turn, and the batch-size comparison) with no console error and no off-origin request, the
3-D surface turned from the keyboard, the shared nav and CSP, the layout at 1280x720 and on a
phone, and clear messages for a missing or corrupt manifest or artifact.

Artifacts: PYPLAYGROUND_TEST_ARTIFACTS=DIR if set; else the committed site/artifacts when they
hold landscapes; else a quick build (``build.py artifacts --quick --only landscape``) into
.build/artifacts-quick, served at /artifacts/ for this file's tests only.
"""
import json
import os

import pytest

import artifact_site
from sitebuild import paths, server

pytestmark = pytest.mark.browser

landscape_artifacts, landscapes_url, landscapes_page = artifact_site.page_fixtures("landscapes", "landscape_artifacts", "landscapes_url", "landscapes_page")


@pytest.fixture(scope="session")
def entries(landscape_artifacts):
    with open(os.path.join(landscape_artifacts, "manifest.json")) as f:
        return [a for a in json.load(f)["artifacts"] if a["kind"] == "landscape"]


def _shown(entries):
    return {e["id"] for e in entries if "part" not in e["parameters"]}


def test_every_landscape_artifact_is_drawn(landscapes_page, entries):
    page = landscapes_page
    assert set(page.evaluate("window.landscapes.artifacts()")) == _shown(entries)
    groups = page.evaluate("window.landscapes.groups()")
    pairs = [g for g in groups if len(g["models"]) == 2]
    assert len(pairs) >= 3  # skip and no skip at three depths
    for group in groups:
        page.evaluate("key => window.landscapes.show(key)", group["key"])
        assert page.evaluate("window.landscapes.state().group") == group["key"]
        panels = page.locator("#comparison .model-panel")
        assert panels.count() == len(group["models"])
        for i, model_id in enumerate(group["models"]):
            panel = panels.nth(i)
            assert panel.locator(".model-id").inner_text() == model_id
            assert panel.locator(".js-plotly-plot").count() == 5  # 3-D, contour, PCA path, curvature, curves
            assert panel.locator(".plot-surface3d .gl-container canvas, .plot-surface3d canvas").count() >= 1
            assert "Contour plot of the loss" in panel.locator(".plot-contour .plot").get_attribute("aria-label")
            assert panel.locator(".plot-pca .scatterlayer .trace").count() >= 1  # the path over the contour
        if len(group["models"]) == 2:
            skips = panels.locator(".skip-badge").all_inner_texts()
            assert skips == ["with skip connections", "without skip connections"]
    state = page.evaluate("window.landscapes.state()")
    assert not state["errors"] and set(state["rendered"]) == _shown(entries)
    assert page.locator(".artifact-error").count() == 0
    assert page.locator("#batch .js-plotly-plot").count() == 5  # interpolation loss and accuracy, three normalizations
    rows = page.locator(".summary-table tbody tr")
    assert rows.count() == sum(len(g["models"]) for g in groups)


def test_the_3d_surface_turns_from_the_keyboard(landscapes_page):
    page = landscapes_page
    plot = "#comparison .model-panel:first-child .plot-surface3d .plot"
    before = page.evaluate("s => document.querySelector(s)._fullLayout.scene.camera.eye", plot)
    button = page.locator("#comparison .model-panel:first-child .turn-buttons button").nth(1)
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("([s, x]) => document.querySelector(s)._fullLayout.scene.camera.eye.x !== x",
                           arg=[plot, before["x"]])
    after = page.evaluate("s => document.querySelector(s)._fullLayout.scene.camera.eye", plot)
    assert abs((after["x"] ** 2 + after["y"] ** 2) - (before["x"] ** 2 + before["y"] ** 2)) < 1e-6  # turned, not moved


def test_group_buttons_and_hash(landscapes_page, landscapes_url):
    page = landscapes_page
    groups = page.evaluate("window.landscapes.groups()")
    last = groups[-1]["key"]
    page.click(".group-button[data-group='%s']" % last)
    page.wait_for_function("k => window.landscapes.state().group === k", arg=last)
    assert page.locator(".group-button[aria-pressed=true]").get_attribute("data-group") == last
    page.goto(landscapes_url + "#group=" + last)
    page.evaluate("window.landscapes.ready")
    assert page.evaluate("window.landscapes.state().group") == last


def test_nav_csp_credits_and_explanation(landscapes_page):
    page = landscapes_page
    assert page.locator(".site-nav a[aria-current=page]").inner_text() == "Landscapes"
    assert page.locator(".site-nav a[aria-current=page]").get_attribute("href") == "landscapes.html"
    csp = page.locator("meta[http-equiv=Content-Security-Policy]").get_attribute("content")
    # The playground's policy but for inline styles, which plotly needs: what the server sends for this page.
    assert csp == server.content_security_policy(style_src=server.INLINE_STYLE_SRC)
    with open(os.path.join(paths.SITE, "index.html")) as f:
        playground = f.read().replace("\n        content=", " content=")
    assert csp.replace("style-src 'self' 'unsafe-inline'", "style-src 'self'") in playground
    assert "/landscapes.html" in server.INLINE_STYLE_PAGES
    intro = page.locator(".intro").text_content()
    assert "Filter normalization" in intro or "filter normalization" in intro
    assert "evaluation mode" in intro and "running statistics" in intro
    credit = page.locator(".credits").inner_text()
    assert "Li" in credit and "LeCun" in credit and "CC BY-SA 3.0" in credit
    for href in page.evaluate("Array.from(document.querySelectorAll('.site-nav a'), a => a.href)"):
        assert page.request.get(href).status == 200, href


def test_named_controls_and_the_layout_fits_1280x720(landscapes_page):
    page = landscapes_page
    page.set_viewport_size({"width": 1280, "height": 720})
    unnamed = page.evaluate("""() => Array.from(document.querySelectorAll('button, select, [role=button]'))
        .filter(el => el.offsetParent !== null && !el.closest('.modebar'))
        .filter(el => !((el.getAttribute('aria-label') || el.textContent || '').trim())).map(el => el.outerHTML.slice(0, 80))""")
    assert not unnamed
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert page.locator(".group-button").first.bounding_box()["y"] < 2000


def test_usable_on_a_phone(browser, landscapes_url, page_errors):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  service_workers="block")
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and page_errors.console.append(m.text))
    try:
        page.goto(landscapes_url)
        page.evaluate("window.landscapes.ready")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        box = page.locator("#comparison .model-panel").first.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    finally:
        context.close()
    assert not page_errors.unexpected()


def _surface(entries, groups_first):
    return next(e for e in entries if e["model"] == groups_first and e["parameters"].get("method") == "surface"
                and "part" not in e["parameters"])


@pytest.mark.parametrize("which, status, body, message", [
    ("grid", 404, b"gone", "surface.npy is missing (HTTP 404)"),
    ("grid", 200, None, "surface.npy is corrupt (its SHA-256 does not match the manifest)"),
    ("meta", 200, b"{not json", "surface.json is corrupt"),
])
def test_a_missing_or_corrupt_artifact_is_explained_in_place(page, landscapes_url, entries, page_errors,
                                                             which, status, body, message):
    page_errors.allow("404")
    page.goto(landscapes_url)
    page.evaluate("window.landscapes.ready")
    first = page.evaluate("window.landscapes.groups()[0]")
    entry = _surface(entries, first["models"][0])
    record = entry["files"][1 if which == "grid" else 0]
    body = b"\0" * record["bytes"] if body is None else body
    page.route("**/artifacts/" + record["path"], lambda route: route.fulfill(status=status, body=body))
    page.goto("about:blank")  # a new document, not just a new hash
    page.goto(landscapes_url + "#group=" + first["key"])
    page.evaluate("window.landscapes.ready")
    state = page.evaluate("window.landscapes.state()")
    assert message in state["errors"][entry["id"]]
    panel = page.locator("#comparison .model-panel").first
    for part in (".plot-surface3d", ".plot-contour"):
        assert message in panel.locator(part + " .artifact-error").inner_text()
    assert panel.locator(".js-plotly-plot").count() == 3  # the rest of its column still draws
    assert any(message in n for n in page.evaluate("window.landscapes.notices()"))
    if len(first["models"]) > 1:
        assert page.locator("#comparison .model-panel").nth(1).locator(".js-plotly-plot").count() == 5

"""Every artifact page explains a missing, corrupt or empty artifacts manifest in its status panel
(and its ``ready`` promise rejects with the same message), and still offers the site's navigation."""
import json

import pytest

import artifact_site

pytestmark = pytest.mark.browser

MISSING = (404, "not here", "artifacts/manifest.json is missing (HTTP 404)")
CORRUPT = (200, "{this is not json", "artifacts/manifest.json is corrupt")
EMPTY = json.dumps({"schema": 1, "artifacts": []})

# page -> the manifests it is given and the message each must produce
CASES = {
    "models": [MISSING, CORRUPT, (200, json.dumps({"schema": 99, "artifacts": []}), "has schema 99"),
               (200, EMPTY, "no models in artifacts/manifest.json")],
    "relevance": [MISSING, CORRUPT, (200, EMPTY, "no models in artifacts/manifest.json")],
    "units": [MISSING, (200, EMPTY, "no unit artifacts in artifacts/manifest.json")],
    "landscapes": [MISSING, CORRUPT, (200, EMPTY, "no landscapes in artifacts/manifest.json")],
}


@pytest.mark.parametrize("name, status, body, message",
                         [(name,) + case for name, cases in CASES.items() for case in cases])
def test_a_missing_or_corrupt_manifest_is_explained(page, built_site, page_errors, name, status, body, message):
    page_errors.allow("404")
    page.route("**/artifacts/manifest.json", lambda route: route.fulfill(status=status, body=body,
                                                                          content_type="application/json"))
    page.goto(artifact_site.url(built_site, name))
    assert message in page.evaluate("window.%s.ready.then(() => null, e => e.message)" % name)
    status_panel = page.locator("#page-status")
    assert status_panel.is_visible() and message in status_panel.inner_text()
    assert page.locator(".site-nav a").count() >= 2  # the page still offers its way out

"""The Clusters page in headless Chromium: every convolution layer's clusters drawn with their
neurons' top patches, bundled and unbundled edges, a picked digit lighting up the clusters it
activates; a clear message when the artifact is missing; no errors and no off-origin requests.

Artifacts: PYPLAYGROUND_TEST_ARTIFACTS=DIR if set; else the committed site/artifacts when they
hold clusters; else the quick pipeline's clusters jobs built into .build/artifacts-quick.
"""
import json
import os

import pytest

import artifact_site

pytestmark = pytest.mark.browser

clusters_artifacts, clusters_url, clusters_page = artifact_site.page_fixtures("clusters", "clusters_artifacts", "clusters_url", "clusters_page")


def result(clusters_artifacts):
    with open(os.path.join(clusters_artifacts, "clusters", "cnn-wide", "clusters.json")) as f:
        return json.load(f)


def pixel_sum(page):
    return page.evaluate("""() => { const c = document.getElementById('cluster-canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let s = 0; for (let i = 0; i < d.length; i += 4) s += d[i] + d[i + 1] + d[i + 2]; return s; }""")


def test_the_clusters_and_edge_counts_are_drawn(clusters_page, clusters_artifacts):
    data = result(clusters_artifacts)
    s = clusters_page.evaluate("window.clusters.state()")
    assert s["model"] == "cnn-wide" and len(s["layers"]) >= 3
    assert [l["k"] for l in s["layers"]] == [l["k"] for l in data["layers"]]
    assert all(l["units"] >= 32 for l in s["layers"])
    assert clusters_page.locator(".digit-button").count() == 100
    text = clusters_page.inner_text("#edge-stats")
    assert "%d strokes for %d strong edges" % (data["edges_after"], data["edges_before"]) in text
    bundled = pixel_sum(clusters_page)
    clusters_page.check("#edges-all")
    assert clusters_page.evaluate("window.clusters.state().edges") == "all"
    assert pixel_sum(clusters_page) != bundled


def test_a_digit_lights_up_its_clusters(clusters_page, clusters_artifacts):
    before = pixel_sum(clusters_page)
    clusters_page.click(".digit-button[data-digit='37']")
    s = clusters_page.evaluate("window.clusters.state()")
    assert s["digit"] == 37 and clusters_page.get_attribute(".digit-button[data-digit='37']", "aria-pressed") == "true"
    assert pixel_sum(clusters_page) != before
    label = result(clusters_artifacts)["labels"][37]
    assert "(a %d)" % label in clusters_page.inner_text("#digit-note")
    clusters_page.click(".digit-button[data-digit='37']")
    assert clusters_page.evaluate("window.clusters.state().digit") is None


def test_hovering_a_cluster_names_its_neurons(clusters_page):
    box = clusters_page.locator("#cluster-canvas").bounding_box()
    scale = box["width"] / clusters_page.evaluate("document.getElementById('cluster-canvas').width")
    clusters_page.mouse.move(box["x"] + 8 * scale, box["y"] + 26 * scale)   # inside the first layer's first cluster
    assert "cluster" in clusters_page.inner_text("#hover-note")


def test_missing_artifacts_say_so(page, built_site, tmp_path, page_errors):
    empty = tmp_path / "artifacts"
    empty.mkdir()
    (empty / "manifest.json").write_text(json.dumps({"schema": 1, "artifacts": []}))
    page_errors.allow("clusters")
    with artifact_site.serve(built_site, str(empty)) as base:
        page.goto(base + "clusters.html")
        page.wait_for_function("!document.getElementById('page-status').hidden")
        assert "--only clusters" in page.inner_text("#page-status-text")

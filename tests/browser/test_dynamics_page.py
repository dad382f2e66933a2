"""The Training page in headless Chromium: every layer's metrics, the sampled neuron lines
(blue-noise beside random, outliers marked), the credit map with its time slider, drawn from
the "dynamics" artifacts; a clear message when they are missing; no errors and no off-origin
requests (the ``page`` fixture).

Artifacts: PYPLAYGROUND_TEST_ARTIFACTS=DIR if set; else the committed site/artifacts when they
hold dynamics; else the quick pipeline's dynamics jobs built into .build/artifacts-quick.
"""
import json
import os

import pytest

import artifact_site

pytestmark = pytest.mark.browser

dynamics_artifacts, dynamics_url, dynamics_page = artifact_site.page_fixtures("dynamics", "dynamics_artifacts", "dynamics_url", "dynamics_page")


def artifact(dynamics_artifacts, model):
    with open(os.path.join(dynamics_artifacts, "dynamics", model, "dynamics.json")) as f:
        return json.load(f)


def test_every_view_is_drawn_from_the_artifact(dynamics_page, dynamics_artifacts):
    s = dynamics_page.evaluate("window.dynamics.state()")
    assert set(s["models"]) == {"mlp", "cnn-small"} and s["model"] == "cnn-small"
    data = artifact(dynamics_artifacts, "cnn-small")
    assert s["steps"] == data["steps"] and s["snapshot"] == len(data["steps"]) - 1
    assert s["drawn"] == sum(l["units"] for l in data["layers"])
    assert dynamics_page.locator("#layer-charts svg").count() == len(data["metrics"])
    layer = data["layers"][0]["samples"]["act_mean"]
    assert ("keeps %d of %d outlying" % (layer["kept"]["blue_noise"], len(layer["outliers"]))
            in dynamics_page.inner_text("#caption-blue"))
    assert "%d%%" % round(100 * data["outliers_kept"]["blue_noise"]) in dynamics_page.inner_text("#outliers-total")


def test_the_credit_map_follows_the_slider(dynamics_page, dynamics_artifacts):
    data = artifact(dynamics_artifacts, "cnn-small")
    fill = "(i) => document.querySelectorAll('#credit-map circle.neuron')[i].getAttribute('fill')"
    last = [dynamics_page.evaluate(fill, i) for i in range(4)]
    dynamics_page.fill("#snapshot", "0")
    dynamics_page.dispatch_event("#snapshot", "input")
    assert dynamics_page.evaluate("window.dynamics.state().snapshot") == 0
    assert "step %d" % data["steps"][0] in dynamics_page.inner_text("#snapshot-label")
    first = [dynamics_page.evaluate(fill, i) for i in range(4)]
    assert first != last
    title = dynamics_page.evaluate("document.querySelector('#credit-map circle.neuron title').textContent")
    assert "credit" in title and "cluster" in title


def test_model_layer_and_metric_can_be_switched(dynamics_page):
    dynamics_page.select_option("#model", "mlp")
    dynamics_page.wait_for_function("window.dynamics.state().model === 'mlp'")
    dynamics_page.select_option("#layer", "1")
    dynamics_page.select_option("#metric", "grad_norm")
    s = dynamics_page.evaluate("window.dynamics.state()")
    assert (s["layer"], s["metric"]) == (1, "grad_norm")
    assert "of 10 lines" in dynamics_page.inner_text("#caption-random")


def test_missing_artifacts_say_so(page, built_site, tmp_path, page_errors):
    empty = tmp_path / "artifacts"
    empty.mkdir()
    (empty / "manifest.json").write_text(json.dumps({"schema": 1, "artifacts": []}))
    page_errors.allow("dynamics")
    with artifact_site.serve(built_site, str(empty)) as base:
        page.goto(base + "dynamics.html")
        page.wait_for_function("!document.getElementById('page-status').hidden")
        assert "--only dynamics" in page.inner_text("#page-status-text")


def test_the_playgrounds_own_run_opens_in_its_panel(page, site_url):
    page.goto(site_url + "#seed=0")
    page.evaluate("window.playground.ready")
    page.evaluate("window.playground.step(40)")
    page.click("#run-dynamics summary")
    page.wait_for_function("document.querySelectorAll('#run-credit-map circle.neuron').length > 0")
    data = page.evaluate("window.playground.dynamics()")
    assert data["epoch"] == 40 and data["steps"][-1] == 40 and data["steps"][0] == 0
    assert [l["units"] for l in data["layers"]] == [4, 2, 1]
    assert page.locator("#run-credit-map circle.neuron").count() == 7
    assert "up to epoch 40" in page.inner_text("#run-dynamics-status")
    assert "epoch 40" in page.inner_text("#run-snapshot-label")
    page.fill("#run-snapshot", "0")
    page.dispatch_event("#run-snapshot", "input")
    assert "epoch 0 " in page.inner_text("#run-snapshot-label")

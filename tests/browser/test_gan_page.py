"""The GAN page in headless Chromium: trains live in the worker and agrees with the Python
engine, steps D only / G only, draws its own data with the pointer and the keyboard, keeps the
settings in the URL, scrubs the timeline and trains on from a snapshot, and answers a malformed
URL and a diverging run with a message while the last good GAN stays. No errors and no
off-origin requests (the ``page`` fixture).
"""
import numpy as np
import pytest

from helpers import hash_params, wait_for
from pyplayground.gan import GAN, vocabulary

pytestmark = pytest.mark.browser


def gan_state(page):
    return page.evaluate("window.gan.state()")


@pytest.fixture
def gan_page(page, site_url):
    page.goto(site_url + "gan.html#seed=3&snapshot_every=10")
    page.evaluate("window.gan.ready")
    return page


def test_steps_train_as_the_python_engine_does(gan_page):
    s = gan_state(gan_page)
    assert s["epoch"] == 0 and s["modes"] == 8 and s["config"]["seed"] == 3 and s["config"]["dataset"] == "ring"
    gan_page.evaluate("window.gan.step(40)")
    s = gan_state(gan_page)
    reference = GAN({"seed": 3, "snapshot_every": 10}).train(40)
    assert s["epoch"] == 40 and s["snapshots"] == [0, 10, 20, 30, 40]
    last = reference.history[-1]
    assert np.isclose(s["js"], last["js"], atol=1e-5) and np.isclose(s["kl"], last["kl"], atol=1e-4)
    assert s["modesCovered"] == last["modes_covered"]
    assert [h["epoch"] for h in s["history"]] == [h["epoch"] for h in reference.history]
    # every view was drawn: the heatmap's colours, points and charts
    assert gan_page.locator("#charts svg").count() == 3 and "JS divergence" in gan_page.inner_text("#charts")
    assert "of 8" in gan_page.inner_text("#stat-modes")


def test_the_menus_are_the_engines_vocabulary(gan_page):
    for key, choices in vocabulary.CHOICES.items():
        options = gan_page.evaluate("(id) => Array.from(document.getElementById(id).options, (o) => o.value)",
                                    "gan-" + key.replace("_", "-"))
        assert options == choices, key
    for key, (low, high) in vocabulary.RANGES.items():
        box = gan_page.locator("#gan-" + key.replace("_", "-"))
        assert float(box.get_attribute("min")) == low and float(box.get_attribute("max")) == high, key


def test_play_pause_and_single_network_steps(gan_page):
    gan_page.evaluate("window.gan.play()")
    wait_for(gan_page, "window.gan.state().epoch >= 30")
    gan_page.evaluate("window.gan.pause()")
    epoch = gan_state(gan_page)["epoch"]
    gan_page.evaluate("window.gan.step(1, 'd')")
    gan_page.evaluate("window.gan.step(1, 'g')")
    assert gan_state(gan_page)["epoch"] >= epoch + 2 and not gan_state(gan_page)["playing"]


def test_the_ring_js_falls_well_below_its_start(gan_page):
    gan_page.evaluate("window.gan.setConfig({seed: 0})")
    gan_page.evaluate("window.gan.step(1000)")
    history = gan_state(gan_page)["history"]
    assert history[-1]["js"] < 0.6 * history[0]["js"], (history[0], history[-1])


def test_settings_go_to_the_url_and_come_back(gan_page, site_url):
    gan_page.select_option("#gan-loss", "least-squares")
    wait_for(gan_page, "window.gan.state().config.loss === 'least-squares'")
    gan_page.fill("#gan-d-lr", "0.005")
    gan_page.dispatch_event("#gan-d-lr", "change")
    wait_for(gan_page, "window.gan.state().config.d_lr === 0.005")
    params = hash_params(gan_page.url)
    assert params["loss"] == "least-squares" and params["d_lr"] == "0.005" and params["seed"] == "3"
    url = gan_page.url
    gan_page.goto("about:blank")
    gan_page.goto(url)
    gan_page.evaluate("window.gan.ready")
    config = gan_state(gan_page)["config"]
    assert config["loss"] == "least-squares" and config["d_lr"] == 0.005


def test_a_malformed_url_gives_messages_and_the_rest_applies(page, site_url, page_errors):
    page.goto(site_url + "gan.html#dataset=moons&g_lr=-1&seed=5&points=1,2,3&batch_size=abc&zzz=1")
    page.evaluate("window.gan.ready")
    s = gan_state(page)
    assert s["config"]["seed"] == 5 and s["config"]["dataset"] == "ring" and s["epoch"] == 0
    text = " | ".join(s["messages"])
    for key in ("dataset", "g_lr", "points", "batch_size", "zzz"):
        assert key in text


def test_drawing_with_the_pointer_and_the_keyboard(gan_page):
    gan_page.evaluate("window.gan.setConfig({dataset: 'drawing'})")
    s = gan_state(gan_page)
    assert s["config"]["dataset"] == "drawing" and "Draw the real data" in " ".join(s["messages"])
    box = gan_page.locator("#plane").bounding_box()
    gan_page.mouse.click(box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.25)
    gan_page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.6)
    gan_page.mouse.down()
    gan_page.mouse.move(box["x"] + box["width"] * 0.8, box["y"] + box["height"] * 0.6, steps=10)
    gan_page.mouse.up()
    wait_for(gan_page, "window.gan.state().config.points.length >= 5 && window.gan.state().epoch === 0")
    points = gan_state(gan_page)["config"]["points"]
    assert abs(points[0][0] - 0.25) < 0.02 and abs(points[0][1] - 0.75) < 0.02
    n = len(points)
    gan_page.focus("#plane")
    for key in ("ArrowRight", "ArrowRight", "Enter", "Enter", "Delete"):
        gan_page.keyboard.press(key)
    wait_for(gan_page, "window.gan.state().config.points.length === %d" % (n + 1))
    assert abs(gan_state(gan_page)["config"]["points"][-1][0] - 0.54) < 1e-6
    gan_page.evaluate("window.gan.step(20)")
    assert gan_state(gan_page)["epoch"] == 20
    assert "points=" in gan_page.url


def test_the_timeline_shows_a_snapshot_and_trains_on_from_it(gan_page):
    gan_page.evaluate("window.gan.step(50)")
    gan_page.evaluate("window.gan.showSnapshot(2)")
    s = gan_state(gan_page)
    reference = GAN({"seed": 3, "snapshot_every": 10}).train(20)
    assert s["viewing"] == 2 and s["epoch"] == 20 and np.isclose(s["js"], reference.measure()["js"], atol=1e-5)
    assert "epoch 20" in gan_page.inner_text("#timeline-label")
    gan_page.click("#resume")
    wait_for(gan_page, "window.gan.state().viewing === null && window.gan.state().snapshots.length === 3")
    assert gan_state(gan_page)["epoch"] == 20


def test_a_diverging_run_says_so_and_keeps_the_last_good_gan(gan_page, page_errors):
    gan_page.evaluate("window.gan.setConfig({optimizer: 'sgd', g_lr: 10, d_lr: 10, loss: 'least-squares'})")
    gan_page.evaluate("window.gan.step(2)")
    with pytest.raises(Exception):
        gan_page.evaluate("window.gan.step(300)")
    s = gan_state(gan_page)
    assert any("diverged" in m for m in s["messages"])
    assert s["epoch"] >= 2 and np.isfinite(s["js"])
    gan_page.evaluate("window.gan.setConfig({optimizer: 'adam', g_lr: 0.01, d_lr: 0.01})")
    gan_page.evaluate("window.gan.step(5)")
    assert gan_state(gan_page)["epoch"] == 5


def test_a_refused_setting_keeps_the_gan(gan_page):
    gan_page.evaluate("window.gan.step(5)")
    with pytest.raises(Exception):
        gan_page.evaluate("window.gan.setConfig({d_steps: 0, g_steps: 0})")
    s = gan_state(gan_page)
    assert s["epoch"] == 5 and s["config"]["d_steps"] == 2
    assert any("cannot both be 0" in m for m in s["messages"])


def test_buttons_reset_and_slow_motion(gan_page):
    gan_page.click("#step-d")
    wait_for(gan_page, "window.gan.state().epoch === 1")
    gan_page.click("#step-g")
    gan_page.click("#step")
    wait_for(gan_page, "window.gan.state().epoch === 3")
    gan_page.check("#slow")
    gan_page.click("#play")
    wait_for(gan_page, "window.gan.state().epoch >= 5")
    gan_page.click("#play")
    s = gan_state(gan_page)
    assert not s["playing"] and s["epoch"] < 60   # one epoch per ~150 ms
    gan_page.click("#reset")
    wait_for(gan_page, "window.gan.state().epoch === 0 && window.gan.state().history.length === 1")
    fresh = GAN({"seed": 3, "snapshot_every": 10}).measure()
    assert np.isclose(gan_state(gan_page)["js"], fresh["js"], atol=1e-6)

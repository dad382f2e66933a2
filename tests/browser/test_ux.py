"""What a student meets in the playground (issue 15): every click kept and visible, the editor never
stale, a hovered neuron shown large in the output plot, legends that name the colours shown."""
import pytest

import helpers

pytestmark = pytest.mark.browser

PIXEL = """([x, y]) => {
    const canvas = document.querySelector('#output-canvas');
    const rect = canvas.getBoundingClientRect();
    const px = Math.round((x - rect.left) * canvas.width / rect.width);
    const py = Math.round((y - rect.top) * canvas.height / rect.height);
    return Array.from(canvas.getContext('2d').getImageData(px, py, 1, 1).data.slice(0, 3));
}"""
CANVAS_SUM = """() => {
    const c = document.querySelector('#output-canvas');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let s = 0;
    for (let i = 0; i < d.length; i += 7) s = (s * 31 + d[i]) % 1000000007;
    return s;
}"""


def test_twelve_quick_clicks_give_twelve_visible_points(ready_page):
    page = ready_page
    page.evaluate("window.playground.setConfig({dataset: 'custom'})")  # an empty plane
    page.click("#custom-clear")
    page.wait_for_function("window.playground.state().customPoints === 0")
    box = page.locator("#output-canvas").bounding_box()
    spots = [(box["x"] + box["width"] * (0.2 + 0.05 * k), box["y"] + box["height"] * (0.15 + 0.06 * k)) for k in range(12)]
    for x, y in spots:  # no waiting between clicks
        page.mouse.click(x, y)
    page.wait_for_function("window.playground.state().customPoints === 12")
    page.evaluate("window.playground.pause()")
    for x, y in spots:
        assert page.evaluate(PIXEL, [x, y]) == [8, 119, 189], (x, y)  # a +1 point's fill, on top


def test_editing_pauses_training_and_shows_the_weight_as_it_is(ready_page):
    page = ready_page
    page.evaluate("window.playground.play()")
    page.wait_for_function("window.playground.state().epoch > 10")
    page.locator("#network .neuron[data-layer='1'][data-index='0']").click()
    page.wait_for_selector(".param-editor input")
    s = page.evaluate("window.playground.state()")
    assert not s["playing"]
    model = page.evaluate("window.playground.saveModel()")
    shown = float(page.locator(".param-editor input").first.input_value())
    assert shown == pytest.approx(model["biases"][0][0], abs=1e-4)
    helpers.settle(page)
    assert page.evaluate("window.playground.state().epoch") == s["epoch"]


def test_hovering_a_neuron_shows_its_heatmap_in_the_output_plot(ready_page):
    page = ready_page
    page.evaluate("window.playground.step(50)")
    page.mouse.move(0, 0)
    output = page.evaluate(CANVAS_SUM)
    page.hover("#network .neuron[data-layer='1'][data-index='1']")
    hovered = page.evaluate(CANVAS_SUM)
    assert hovered != output
    page.mouse.move(0, 0)
    assert page.evaluate(CANVAS_SUM) == output


def test_legends_name_the_colours_of_the_palette_shown(ready_page):
    page = ready_page
    assert "orange is negative, blue positive" in page.locator("#colour-legend").inner_text()
    page.evaluate("window.playground.setConfig({palette: 'colorblind'})")
    assert "purple is negative, green positive" in page.locator("#colour-legend").inner_text()
    page.hover("#network .neuron[data-layer='1'][data-index='0']")
    assert "Green is positive, purple negative" in page.locator(".net-tooltip").inner_text()
    page.evaluate("window.playground.setConfig({problem: 'multiclass'})")
    assert "class 1 orange, class 2 sky blue, class 3 pink" in page.locator("#colour-legend").inner_text()


FITS = """() => {
    const area = document.querySelector('#network').getBoundingClientRect();
    const nodes = Array.from(document.querySelectorAll('#network .neuron'), (n) => n.getBoundingClientRect());
    return nodes.every((r) => r.left >= area.left - 1 && r.right <= area.right + 1)
        && getComputedStyle(document.querySelector('#network')).overflowX !== 'scroll';
}"""


@pytest.mark.parametrize("width, height, shape", [(1280, 720, "8,8,8,8,8,8"), (1440, 900, "4,4,4,4,4,4"),
                                                  (390, 844, "4,4,4"), (640, 480, "8,8,8,8,8,8")])
def test_the_whole_network_fits_its_panel(browser, site_url, width, height, shape):
    context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
    try:
        page = context.new_page()
        page.goto(site_url + "#networkShape=" + shape)
        page.evaluate("window.playground.ready")
        assert page.evaluate(FITS)
    finally:
        context.close()


def test_a_saved_model_loads_at_the_epoch_it_was_trained_to(ready_page):
    from pyplayground import nn
    page = ready_page
    page.evaluate("window.playground.step(40)")
    saved = page.evaluate("window.playground.saveModel()")
    assert saved["epoch"] == 40
    nn.MLP.from_dict(saved)  # Python reads the file as it is
    page.evaluate("window.playground.reset()")
    s = page.evaluate("m => window.playground.loadModel(m)", saved)
    assert s["epoch"] == 40
    assert page.evaluate("window.playground.saveModel()") == saved
    assert page.evaluate("window.playground.rewind()")["epoch"] == 0  # the loaded weights, as trained to 40


def test_while_loading_shaping_works_and_training_waits(page, site_url):
    page.goto(site_url)
    page.wait_for_function("document.querySelector('#network button[aria-label^=\"Add a neuron\"]')")
    during = page.evaluate("""() => ({phase: window.playground.state().phase,
        waiting: ['#play-pause', '#step', '#reset', '#model-save', '#model-load'].map((s) => document.querySelector(s).disabled),
        shaping: Array.from(document.querySelectorAll('#network [data-explorable]')).map((b) => b.disabled)})""")
    assert during["phase"] != "ready" and all(during["waiting"])
    assert during["shaping"] and not any(b for b in during["shaping"][1::2])  # every "+" usable (minus at 1 neuron aside)
    page.evaluate("window.playground.ready")
    assert not page.locator("#play-pause").is_disabled()

"""Keyboard-only operation, labels for screen readers, visible focus, palettes, phone viewports."""
import pytest


pytestmark = pytest.mark.browser

ACCESSIBLE_NAMES = """() => Array.from(document.querySelectorAll('button, input, select'))
    .filter(el => el.offsetParent !== null || el.type === 'file')
    .map(el => {
        const label = el.getAttribute('aria-label') || (el.labels && el.labels[0] && el.labels[0].textContent) ||
                      el.textContent || el.title;
        return {id: el.id || el.outerHTML.slice(0, 80), name: (label || '').trim()};
    })"""


def test_every_control_has_an_accessible_name(ready_page):
    unnamed = [c["id"] for c in ready_page.evaluate(ACCESSIBLE_NAMES) if not c["name"]]
    assert not unnamed


def test_main_controls_work_from_the_keyboard_alone(ready_page):
    page = ready_page
    # Play and pause with the keyboard.
    page.focus("#play-pause")
    page.keyboard.press("Space")
    page.wait_for_function("window.playground.state().playing")
    page.keyboard.press("Enter")
    page.wait_for_function("!window.playground.state().playing")
    # Choose a learning rate and a dataset with arrow keys.
    page.focus("[data-setting=learningRate]")
    page.keyboard.press("ArrowDown")
    page.wait_for_function("window.playground.state().config.learningRate === 0.1")
    page.focus("input[value=circle]")
    page.keyboard.press("ArrowDown")
    page.wait_for_function("window.playground.state().config.dataset === 'xor'")
    # Toggle a feature, add a neuron, edit a bias: Tab to each, press Enter.
    page.focus("#network .neuron[data-layer='0'][data-index='2']")
    page.keyboard.press("Enter")
    page.wait_for_function("window.playground.state().config.xSquared")
    page.focus(".layer-buttons >> nth=0 >> button >> nth=1")
    page.keyboard.press("Enter")
    page.wait_for_function("window.playground.state().config.networkShape[0] === 5")
    assert page.evaluate("document.activeElement.dataset.focusKey") == "plus-0"  # focus survives the rebuild
    page.focus("#network .neuron[data-layer='1'][data-index='0']")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.closest('.param-editor') !== null")
    page.keyboard.press("Control+A")
    page.keyboard.type("0.75")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('.param-editor').hidden")
    assert page.evaluate("window.playground.saveModel()")["biases"][0][0] == 0.75
    assert page.evaluate("document.activeElement.dataset.layer") == "1"  # focus came back


def test_focus_is_visible(ready_page):
    ready_page.focus("#step")
    ready_page.keyboard.press("Tab")
    outline = ready_page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")


def test_colour_blind_palette_changes_the_colours(ready_page):
    sample = "() => Array.from(document.querySelector('#output-canvas').getContext('2d').getImageData(5, 5, 1, 1).data)"
    link = "() => Array.from(document.querySelectorAll('#network path.link'), p => p.getAttribute('stroke')).join()"
    before, links = ready_page.evaluate(sample), ready_page.evaluate(link)
    ready_page.evaluate("window.playground.setConfig({palette: 'colorblind'})")  # while paused: repainted at once
    assert ready_page.evaluate(sample) != before and ready_page.evaluate(link) != links
    assert "palette=colorblind" in ready_page.url


def test_usable_on_a_phone_sized_viewport(browser, site_url, page_errors):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  service_workers="block")
    page = context.new_page()
    try:
        page.goto(site_url)
        page.evaluate("window.playground.ready")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.tap("#step")
        page.wait_for_function("window.playground.state().epoch === 1")
        box = page.locator("#output-canvas").bounding_box()
        assert box["width"] > 250 and box["x"] >= 0 and box["x"] + box["width"] <= 390
    finally:
        context.close()


def test_custom_points_can_be_placed_from_the_keyboard(ready_page):
    page = ready_page
    page.evaluate("window.playground.setCustomPoints({x: [[1, 1], [-1, -1]], y: [1, -1]})")
    page.focus("#output-canvas")
    for key in ("ArrowRight", "ArrowRight", "ArrowUp"):
        page.keyboard.press(key)
    page.keyboard.press("Enter")
    page.wait_for_function("window.playground.state().customPoints === 3")
    page.keyboard.press("Shift+Enter")
    page.wait_for_function("window.playground.state().customPoints === 4")
    with page.expect_download() as info:
        page.click("#csv-download")
    rows = open(info.value.path()).read().strip().split("\n")[1:]
    assert "1.0000,0.5000,1" in rows and "1.0000,0.5000,-1" in rows


def test_a_hovered_link_reads_out_live_while_training(ready_page):
    link = ready_page.locator("#network path.link").first
    link.dispatch_event("mouseenter")
    before = ready_page.locator(".net-tooltip").inner_text()
    ready_page.evaluate("window.playground.step(10)")
    after = ready_page.locator(".net-tooltip").inner_text()
    weight = ready_page.evaluate("window.playground.saveModel()")["weights"][0][0][0]
    assert after != before and after.startswith("Weight %.3f" % weight)

"""Every size fits (issue 15): the whole network and the output plot in view with no sideways scrolling
at desktop and phone sizes and inside course-page iframes (embed=true, where the URL's `*_hide` keys
decide which settings stay, below the plot); the control bar on one row at 1440 and 1280."""
import pytest

pytestmark = pytest.mark.browser

DEEP = "networkShape=8,8,8,8,8,8"
IN_VIEW = """(vertical) => {
    const w = document.documentElement.clientWidth, h = window.innerHeight;
    const parts = [...document.querySelectorAll('#network .neuron'), document.querySelector('#output-canvas')];
    const out = parts.filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width === 0 || r.left < -1 || r.right > w + 1 || (vertical && (r.top < -1 || r.bottom > h + 1));
    });
    return {outside: out.length, sideways: document.documentElement.scrollWidth > w + 1};
}"""


@pytest.mark.parametrize("width, height", [(1920, 1080), (1440, 900), (1280, 720), (1024, 768), (390, 844)])
def test_the_network_and_the_output_fit_the_width_at_every_size(page, site_url, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(site_url + "#" + DEEP)
    page.evaluate("window.playground.ready")
    assert page.evaluate(IN_VIEW, False) == {"outside": 0, "sideways": False}


@pytest.mark.parametrize("width", [1440, 1280])
def test_the_control_bar_is_one_row(page, site_url, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site_url)
    page.evaluate("window.playground.ready")
    tops = page.evaluate("""() => Array.from(document.querySelectorAll('.control-bar button, .control-bar select, #epoch'),
        (el) => el.getBoundingClientRect().top + el.getBoundingClientRect().height / 2)""")
    assert max(tops) - min(tops) < 20, tops
    assert page.evaluate("document.querySelector('.top-bar').getBoundingClientRect().height") < 60


def embed(page, site_url, width, height, hash_):
    """A course page with the playground in a width x height iframe; returns the frame, ready."""
    page.set_viewport_size({"width": width + 40, "height": height + 40})
    page.goto(site_url + "__tests__/browser/blank.html")
    page.evaluate("""([src, w, h]) => { const f = document.createElement('iframe');
        f.width = w; f.height = h; f.src = src; document.body.append(f); }""",
                  [site_url + "#embed=true&" + hash_, width, height])
    page.wait_for_function("document.querySelector('iframe').contentWindow.playground !== undefined")
    frame = page.frames[1]
    frame.evaluate("window.playground.ready")
    frame.evaluate("window.playground.step(2)")
    return frame


@pytest.mark.parametrize("width, height", [(640, 480), (900, 600), (390, 520)])
def test_an_embed_shows_the_whole_network_and_the_output_in_its_frame(page, site_url, width, height):
    frame = embed(page, site_url, width, height, DEEP)
    assert frame.evaluate(IN_VIEW, True) == {"outside": 0, "sideways": False}


def test_hide_keys_decide_which_settings_an_embed_keeps(page, site_url):
    shown = """() => Object.fromEntries(['.ui-noise', '.ui-dataset', '.ui-learningRate', '.column.data'].map(
        (s) => [s, document.querySelector(s).getClientRects().length > 0]))"""
    frame = embed(page, site_url, 900, 600, "dataset_hide=true&percTrainData_hide=true&batchSize_hide=true")
    assert frame.evaluate(shown) == {".ui-noise": True, ".ui-dataset": False, ".ui-learningRate": True,
                                     ".column.data": True}
    # the settings follow the plot on screen and for the keyboard
    assert frame.evaluate("""() => document.querySelector('#output-canvas').compareDocumentPosition(
        document.querySelector('#noise')) & Node.DOCUMENT_POSITION_FOLLOWING""")
    hidden = "&".join(k + "_hide=true" for k in ("dataset", "percTrainData", "batchSize", "noise", "learningRate",
                                                 "activation", "regularization", "regularizationRate", "problem"))
    frame = embed(page, site_url, 900, 600, hidden)
    assert frame.evaluate(shown)[".column.data"] is False  # nothing left to show: no empty panel


@pytest.mark.parametrize("width", [1280, 390])
def test_every_menu_shows_its_whole_choice(page, site_url, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site_url)
    page.evaluate("window.playground.ready")
    cut = page.evaluate("""() => {
        const ctx = document.createElement('canvas').getContext('2d');
        return Array.from(document.querySelectorAll('select'), (s) => {
            if (!s.checkVisibility() || s.selectedIndex < 0) return null;   // not shown (e.g. a closed panel)
            ctx.font = getComputedStyle(s).font;
            const text = s.options[s.selectedIndex].text;
            return ctx.measureText(text).width + 24 > s.getBoundingClientRect().width ? text : null;  // 24: arrow, padding
        }).filter(Boolean);
    }""")
    assert cut == []

"""What TF Playground shows, shown here too (issue 15): boundaries at the canvas's resolution, axis ticks,
a colour-gradient legend in the palette shown, dataset thumbnails, previews of switched-off features,
"N neurons" labels, links highlighted on hover, and the keyboard meeting a layer's +/- before its neurons."""
import numpy as np
import pytest

from helpers import engine_config
from pyplayground import nn
from pyplayground.playground import features

pytestmark = pytest.mark.browser

CANVAS = """() => {
    const c = document.querySelector('#output-canvas');
    return {size: c.width, data: Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data)};
}"""
RGB = """([selector, v]) => import('/js/charts/colormaps.js').then((m) => m.valueToRGB(v))"""


def canvas_rgb(page):
    got = page.evaluate(CANVAS)
    return np.array(got["data"], dtype=float).reshape(got["size"], got["size"], 4)[:, :, :3]


def away_from_points(page, size, radius=7):
    """A mask of the canvas's pixels farther than `radius` px from every data point."""
    pts = np.array(page.evaluate("window.playground.currentPoints().x"), dtype=float).reshape(-1, 2)
    cols = (pts[:, 0] + 6) / 12 * size
    rows = size - (pts[:, 1] + 6) / 12 * size
    yy, xx = np.mgrid[0:size, 0:size] + 0.5
    mask = np.ones((size, size), bool)
    for c, r in zip(cols, rows):
        mask &= (xx - c) ** 2 + (yy - r) ** 2 > radius ** 2
    return mask


def grids(page, resolution):
    """Every node's grid from the engine, [(layer, values (res, res))] in diagram order."""
    got = page.evaluate("r => window.playground.neuronGrids({resolution: r})"
                        ".then(g => g.map(n => [n.layer, Array.from(n.values)]))", resolution)
    return [(layer, np.array(v, dtype=float).reshape(resolution, resolution)) for layer, v in got]


def output_rows(page, resolution):
    """The output layer's values over a resolution^2 grid, from the engine: (n_outputs, res, res)."""
    nodes = grids(page, resolution)
    last = max(layer for layer, _ in nodes)
    return np.stack([v for layer, v in nodes if layer == last])


def at_pixel_centres(page, size):
    """The network's outputs at the centre of every canvas pixel, from host Python on the page's weights."""
    net = nn.MLP.from_dict(page.evaluate("window.playground.saveModel()"))
    centres = -6 + (np.arange(size) + 0.5) / size * 12
    x1, x2 = np.meshgrid(centres, centres[::-1])
    inputs = features.expand(np.stack([x1.ravel(), x2.ravel()], axis=1), engine_config(page)["features"])
    return net.forward(inputs).T.reshape(-1, size, size)


def band(truth, width=3):
    """Pixels within `width` of a change of label in `truth` (the boundary's neighbourhood)."""
    edge = np.zeros(truth.shape, bool)
    edge[:, 1:] |= truth[:, 1:] != truth[:, :-1]
    edge[1:, :] |= truth[1:, :] != truth[:-1, :]
    out = edge.copy()
    for _ in range(width):
        grown = out.copy()
        grown[1:, :] |= out[:-1, :]
        grown[:-1, :] |= out[1:, :]
        grown[:, 1:] |= out[:, :-1]
        grown[:, :-1] |= out[:, 1:]
        out = grown
    return out


def nearest_label(rgb, colours):
    distances = np.stack([((rgb - np.array(c, float)) ** 2).sum(axis=2) for c in colours])
    return distances.argmin(axis=0)


@pytest.mark.parametrize("problem", ["classification", "multiclass"])
def test_hard_boundaries_are_drawn_at_the_canvas_resolution(ready_page, problem):
    page = ready_page
    page.evaluate("p => window.playground.setConfig({problem: p, discretize: true, dataset: 'xor'})", problem)
    page.evaluate("window.playground.step(40)")
    page.evaluate("window.playground.pause()")
    rgb = canvas_rgb(page)
    size = rgb.shape[0]
    fine, coarse = at_pixel_centres(page, size), output_rows(page, 100)
    if problem == "multiclass":
        truth, cells = fine.argmax(axis=0), coarse.argmax(axis=0)
        # what the plot shows where no point is drawn: the class colours blended over the background
        colours = [page.evaluate("k => import('/js/charts/colormaps.js').then(m => m.classToRGB(k))", k) for k in range(3)]
    else:
        truth, cells = (fine[0] >= 0).astype(int), (coarse[0] >= 0).astype(int)
        colours = [page.evaluate("v => import('/js/charts/colormaps.js').then(m => m.valueToRGB(v))", v) for v in (-1, 1)]
    alpha = 160 / 255  # the heatmap's opacity over #e8eaeb
    shown = nearest_label(rgb, [alpha * np.array(c) + (1 - alpha) * np.array([232, 234, 235]) for c in colours])
    blocky = np.kron(cells, np.ones((size // 100, size // 100), int))  # the stretched 100 x 100 cells
    where = band(truth) & away_from_points(page, size)
    assert where.sum() > 500  # there is a boundary to look at
    sharp = (shown == truth)[where].mean()
    stretched = (blocky == truth)[where].mean()
    assert sharp > 0.97 and sharp > stretched + 0.03, (sharp, stretched)


def test_axis_ticks_and_a_gradient_legend_in_the_palette_shown(ready_page):
    page = ready_page
    ticks = page.locator(".output-frame .axis-x span").all_inner_texts()
    assert ticks == ["−6", "−4", "−2", "0", "2", "4", "6"]
    assert page.locator(".output-frame .axis-y span").count() == 7
    ends = """() => { const c = document.querySelector('#colour-legend canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, 1).data;
        return [Array.from(d.slice(0, 3)), Array.from(d.slice(d.length - 4, d.length - 1))]; }"""
    for palette in ("default", "colorblind"):
        page.evaluate("p => window.playground.setConfig({palette: p})", palette)
        low, high = page.evaluate(ends)
        assert low == page.evaluate(RGB, [None, -1]) and high == page.evaluate(RGB, [None, 1])
    page.evaluate("window.playground.setConfig({problem: 'multiclass'})")
    swatches = page.evaluate("Array.from(document.querySelectorAll('#colour-legend .legend-swatch'), "
                             "s => getComputedStyle(s).backgroundColor)")
    classes = [page.evaluate("k => import('/js/charts/colormaps.js').then(m => m.classToCSS(k))", k) for k in range(3)]
    assert len(swatches) == 3 and len(set(swatches)) == 3
    assert all(s.replace(" ", "") == c.replace(" ", "") or c.startswith("#") for s, c in zip(swatches, classes))


def test_dataset_thumbnails_show_each_dataset_in_the_palette(ready_page):
    page = ready_page
    paint = """() => Array.from(document.querySelectorAll('.datasets input[type=radio]'), (input) => {
        const c = input.closest('label').querySelector('canvas.dataset-thumbnail');
        if (!c) return null;
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let coloured = 0, sum = 0;
        for (let i = 0; i < d.length; i += 4) {
            if (d[i] !== 244 || d[i + 1] !== 245 || d[i + 2] !== 246) coloured++;
            sum = (sum * 31 + d[i] + 7 * d[i + 2]) % 1000003;
        }
        return [input.value, coloured, sum];
    })"""
    page.wait_for_function("document.querySelectorAll('canvas.dataset-thumbnail').length >= 7")
    before = page.evaluate(paint)
    assert [b[0] for b in before] == ["circle", "xor", "gauss", "spiral", "custom", "reg-plane", "reg-gauss"]
    assert all(b[1] > 200 for b in before if b[0] != "custom")  # points drawn
    page.evaluate("window.playground.setConfig({palette: 'colorblind'})")
    after = page.evaluate(paint)
    assert all(a[2] != b[2] for a, b in zip(after, before) if a[0] != "custom")  # redrawn in the new palette


def test_switched_off_features_show_previews_equal_to_the_engine_inputs(ready_page):
    page = ready_page
    names = ["x", "y", "xSquared", "ySquared", "xTimesY", "sinX", "sinY", "cosX", "cosY"]
    page.evaluate("n => window.playground.setConfig(Object.fromEntries(n.map(k => [k, true])))", names)
    engine = np.stack([v.ravel() for layer, v in grids(page, 32) if layer == 0])
    mine = np.array(page.evaluate("""n => import('/js/playground/grid/feature-grid.js')
        .then(m => n.map(k => Array.from(m.featureGrid(k, 32))))""", names))
    np.testing.assert_allclose(mine, engine, atol=1e-5)
    page.evaluate("window.playground.setConfig({xSquared: false, sinY: false})")
    blank = """() => Array.from(document.querySelectorAll('#network .neuron.disabled canvas'), (c) => {
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        return d.some((v, i) => i % 4 === 3 && v > 0); })"""
    assert page.evaluate(blank) == [True, True]  # both off, both with a picture


def test_layer_labels_link_highlight_and_keyboard_order(ready_page):
    page = ready_page
    page.evaluate("window.playground.setConfig({networkShape: [4, 3]})")
    assert page.locator("#network .layer-size").all_inner_texts() == ["4 neurons", "3 neurons"]
    order = page.evaluate("""() => Array.from(document.querySelectorAll('#network button'),
        (b) => b.dataset.focusKey || ('n' + b.dataset.layer))""")
    first_neuron = {layer: order.index("n%d" % layer) for layer in (1, 2)}
    assert order.index("minus-0") < first_neuron[1] < order.index("minus-1") < first_neuron[2]
    page.hover('#network .neuron[data-layer="2"][data-index="0"]')
    lit = page.evaluate("""() => ({dim: document.querySelector('#network svg').classList.contains('dim'),
        lit: document.querySelectorAll('#network .link.highlight').length})""")
    assert lit == {"dim": True, "lit": 4 + 1}  # 4 links in from layer 1, one out to the output
    page.mouse.move(5, 5)
    assert page.evaluate("document.querySelectorAll('#network .link.highlight').length") == 0


def test_links_that_l1_switched_off_are_drawn_dead(ready_page):
    page = ready_page
    page.evaluate("window.playground.setConfig({dataset: 'xor', networkShape: [6, 3], regularization: 'L1',"
                  " regularizationRate: 0.03, learningRate: 0.03})")
    page.evaluate("window.playground.step(30)")
    model = page.evaluate("window.playground.saveModel()")
    dead = sum(v for layer in model["dead"] for row in layer for v in row)
    assert dead > 0  # TF's rule switched some off
    assert all(w == 0 for layer, mask in zip(model["weights"], model["dead"])
               for row, mrow in zip(layer, mask) for w, m in zip(row, mrow) if m)
    assert page.evaluate("document.querySelectorAll('#network .link.dead').length") == dead

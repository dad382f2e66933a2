"""Custom data (clicks, CSV with errors), save / load / rewind of models, embed mode messaging."""
import json

import pytest

from helpers import notices, state

pytestmark = pytest.mark.browser


def test_clicks_place_points_of_either_class(ready_page):
    page = ready_page
    page.check("input[value=custom]")
    page.wait_for_function("window.playground.state().config.dataset === 'custom'")
    assert state(page)["customPoints"] == 0  # an empty plane: every point shown is one placed by hand
    page.click("#output-canvas", position={"x": 20, "y": 20})
    page.click("#output-canvas", position={"x": 30, "y": 260}, modifiers=["Shift"])
    page.wait_for_function("window.playground.state().customPoints === 2")
    assert page.evaluate("window.playground.currentPoints().y") in ([1, -1], [-1, 1])
    assert "dataset=custom" in page.url
    page.click("#custom-clear")
    page.wait_for_function("window.playground.state().customPoints === 0")
    page.evaluate("window.playground.step(2)")  # nothing to learn from: epochs pass, no error
    assert state(page)["epoch"] == 2


def test_csv_upload_reports_bad_rows_by_line_and_keeps_the_rest(ready_page, tmp_path):
    page = ready_page
    page.check("input[value=custom]")
    page.wait_for_function("window.playground.state().config.dataset === 'custom'")
    csv = "x1,x2,label\n1.5,2,1\n-1,-2,-1\n\nfoo,1,1\n7,0,1\n0,0,3\n1,2\n2.5,-1,-1\n"
    page.set_input_files("#csv-upload", files=[{"name": "lesson.csv", "mimeType": "text/csv", "buffer": csv.encode()}])
    page.wait_for_function("window.playground.notices().some(n => n.includes('loaded 3 points'))")
    assert state(page)["customPoints"] == 3
    text = notices(page)
    for expected in ("line 5: x1 and x2 must be numbers", "line 6: point (7, 0) lies outside",
                     "line 7: label must be 1 or -1", "line 8: expected 3 values", "loaded 3 points"):
        assert expected in text
    with page.expect_download() as info:
        page.click("#csv-download")
    rows = open(info.value.path()).read().strip().split("\n")
    assert rows[0] == "x1,x2,label" and len(rows) == 4 and "1.5000,2.0000,1" in rows


def test_a_csv_with_no_usable_rows_keeps_the_current_data(ready_page):
    page = ready_page
    page.check("input[value=custom]")
    page.wait_for_function("window.playground.state().config.dataset === 'custom'")
    before = state(page)["customPoints"]
    page.set_input_files("#csv-upload", files=[{"name": "junk.csv", "mimeType": "text/csv", "buffer": b"\x00\xff,,\nhello"}])
    page.wait_for_function("window.playground.notices().some(n => n.includes('no usable points'))")
    assert state(page)["customPoints"] == before


def test_save_load_and_rewind(ready_page, tmp_path):
    page = ready_page
    initial = page.evaluate("window.playground.saveModel()")
    page.evaluate("window.playground.step(30)")
    with page.expect_download() as info:
        page.click("#model-save")
    saved = json.load(open(info.value.path()))
    assert saved["format"] == "pyplayground.mlp" and saved["sizes"] == [2, 4, 2, 1]
    # Rewind: back to the very same initial weights, epoch 0.
    rewound = page.evaluate("window.playground.rewind()")
    assert rewound["epoch"] == 0
    assert page.evaluate("window.playground.saveModel()")["weights"] == initial["weights"]
    # Load the trained model back through the file input.
    path = tmp_path / "model.json"
    path.write_text(json.dumps(saved))
    page.set_input_files("#model-load", str(path))
    page.wait_for_function("window.playground.notices().some(n => n.startsWith('Loaded model.json'))")
    assert page.evaluate("window.playground.saveModel()")["weights"] == saved["weights"]


def test_loading_a_model_of_another_shape_updates_the_network(ready_page):
    model = ready_page.evaluate("""window.playground.setConfig({networkShape: [3]})
        .then(() => window.playground.saveModel())""")
    ready_page.evaluate("window.playground.setConfig({networkShape: [5, 5]})")
    s = ready_page.evaluate("m => window.playground.loadModel(m)", model)
    assert s["config"]["networkShape"] == [3]
    assert ready_page.locator("#network .neuron[data-layer='1']").count() == 3


@pytest.mark.parametrize("content, message", [
    ("{not json", "is not JSON"),
    (json.dumps({"format": "something-else"}), "not a saved pyplayground network"),
    (json.dumps({"format": "pyplayground.mlp", "version": 1, "sizes": [5, 1], "activation": "tanh",
                 "output_activation": "tanh", "weights": [[[0]] * 5], "biases": [[0]]}), "input"),
])
def test_a_bad_model_file_is_reported_and_the_network_kept(ready_page, tmp_path, content, message):
    page = ready_page
    page.evaluate("window.playground.step(4)")
    before = page.evaluate("window.playground.saveModel()")
    path = tmp_path / "bad.json"
    path.write_text(content)
    page.set_input_files("#model-load", str(path))
    page.wait_for_function("window.playground.notices().some(n => n.startsWith('bad.json'))")
    assert message in notices(page)
    assert page.evaluate("window.playground.saveModel()") == before
    assert state(page)["epoch"] == 4


def test_embed_mode_talks_to_its_parent(page, site_url):
    page.goto(site_url + "__tests__/browser/embed_host.html")
    frame = page.frame_locator("#playground")
    page.wait_for_function("window.received.some(m => m.type === 'pyplayground:state' && m.state.phase === 'ready')")
    inner = page.frames[1]
    assert inner.locator(".model-tools").is_hidden() and inner.locator("#output-canvas").is_visible()
    assert frame.locator("h1").is_hidden()
    page.evaluate("window.send({type: 'pyplayground:setConfig', id: 7, config: {learningRate: 0.1, dataset: 'gauss'}})")
    page.wait_for_function("window.received.some(m => m.id === 7)")
    reply = page.evaluate("window.received.find(m => m.id === 7)")
    assert reply["ok"] and reply["state"]["config"]["dataset"] == "gauss"
    page.evaluate("window.send({type: 'pyplayground:setConfig', id: 8, config: {learningRate: -5}})")
    page.wait_for_function("window.received.some(m => m.id === 8)")
    bad = page.evaluate("window.received.find(m => m.id === 8)")
    assert not bad["ok"] and "learningRate" in bad["error"]
    page.evaluate("window.send({type: 'pyplayground:step', id: 9, epochs: 5})")
    page.wait_for_function("window.received.some(m => m.id === 9)")
    assert page.evaluate("window.received.find(m => m.id === 9)")["state"]["epoch"] == 5
    page.wait_for_function("window.received.some(m => m.type === 'pyplayground:state' && m.state.epoch === 5)")


def test_custom_data_survives_a_trip_through_regression(ready_page):
    page = ready_page
    page.evaluate("window.playground.setCustomPoints({x: [[1, 1], [2, 2], [-1, -1], [-2, -1]], y: [1, 1, -1, -1]})")
    assert state(page)["customPoints"] == 4
    page.evaluate("window.playground.setConfig({problem: 'regression'})")
    s = page.evaluate("window.playground.setConfig({problem: 'classification'})")
    assert s["config"]["dataset"] == "custom" and s["customPoints"] == 4  # the points survived the trip
    assert page.evaluate("window.playground.step(2)")["epoch"] == 2


def test_engine_errors_read_as_sentences(ready_page):
    error = ready_page.evaluate("window.playground.setParam({kind: 'weight', layer: 0, i: 0, j: 0, value: 'x'})"
                                ".then(() => null, e => e.message)")
    assert error and not error.startswith("ValueError")


def test_custom_data_survives_a_trip_through_multiclass(ready_page):
    page = ready_page
    page.evaluate("window.playground.setCustomPoints({x: [[1, 1], [-1, -1], [2, 0]], y: [1, -1, -1]})")
    page.evaluate("window.playground.setConfig({problem: 'multiclass'})")
    s = page.evaluate("window.playground.setConfig({problem: 'classification'})")
    assert s["customPoints"] == 3


@pytest.mark.parametrize("selector, name, kept", [("#csv-upload", "huge.csv", "current data was kept"),
                                                 ("#model-load", "huge.json", "current network was kept")])
def test_oversized_uploads_are_refused_by_size_before_reading(ready_page, selector, name, kept):
    page = ready_page
    if selector == "#csv-upload":
        page.evaluate("window.playground.setConfig({dataset: 'custom'})")
    page.evaluate("window.playground.step(3)")
    before = page.evaluate("window.playground.saveModel()")
    page.set_input_files(selector, {"name": name, "mimeType": "text/plain", "buffer": b"1,1,1\n" * 250000})
    page.wait_for_function("(n) => window.playground.notices().some(m => m.startsWith(n))", arg=name)
    message = [m for m in page.evaluate("window.playground.notices()") if m.startswith(name)][0]
    assert message == name + " is 1.4 MB; " + ("CSV files (5000 points)" if "csv" in name else "model files") + \
        " of up to 1 MB are read; the " + kept
    assert page.evaluate("window.playground.saveModel()") == before and state(page)["epoch"] == 3

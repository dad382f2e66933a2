"""While the runtime loads (issue 15): the panel says what is loading and about how long is left, the
data, features and network can be changed and show at once (the engine then starts with them), and
the runtime travels gzip-compressed from our server."""
import os
import re

import pytest

from sitebuild import paths

from helpers import engine_config, state

pytestmark = pytest.mark.browser


def test_the_page_can_be_explored_while_the_runtime_loads(page, site_url):
    page.goto(site_url)  # the runtime takes seconds to arrive and start; the page is usable at once
    page.wait_for_function("document.querySelector('#network button[aria-label^=\"Add a neuron to hidden layer 1\"]')")
    during = page.evaluate("""() => {
        const phase = window.playground.state().phase;  // clicks are synchronous: all of this happens before ready
        document.querySelector('#network button[aria-label^="Add a neuron to hidden layer 1"]').click();
        document.querySelector('input[value=xor]').click();
        document.querySelector('#network .neuron[aria-label^="Input feature X₁²"]').click();
        return {phase, sizes: Array.from(document.querySelectorAll('#network .layer-size'), (e) => e.textContent),
                config: window.playground.state().config, play: document.querySelector('#play-pause').disabled};
    }""")
    assert during["phase"] != "ready"
    assert during["sizes"] == ["5 neurons", "2 neurons"]  # shown at once
    assert during["config"]["dataset"] == "xor" and during["config"]["xSquared"] is True
    assert during["play"] is True  # training itself waits for the engine
    page.evaluate("window.playground.ready")
    engine = engine_config(page)
    assert engine["hidden"] == [5, 2] and engine["dataset"] == "xor" and "xSquared" in engine["features"]
    assert state(page)["config"]["networkShape"] == [5, 2]


def _in_a_loading_view(page, site_url, body):
    """Run the JS ``body`` in a blank page with a LoadingView ``view`` on a detached panel ``root``."""
    page.goto(site_url + "__tests__/browser/blank.html")
    return page.evaluate("""async () => {
        const {LoadingView} = await import('/js/shell/loading-view.js');
        const root = document.createElement('div');
        root.innerHTML = '<div class="loading-label"></div><progress></progress><div class="loading-detail"></div>';
        const view = new LoadingView(root);
""" + body + "}")


def test_the_loading_panel_estimates_the_time_left(page, site_url):
    detail = _in_a_loading_view(page, site_url, """
        view.progress({phase: 'download', loaded: 1e6, total: 11e6, message: 'vendor/pyodide/numpy.data'});
        await new Promise((r) => setTimeout(r, 1000));
        view.progress({phase: 'download', loaded: 3e6, total: 11e6, message: 'vendor/pyodide/numpy.data'});
        return root.querySelector('.loading-detail').textContent;
    """)
    # 2 MB in 1 s: 8 MB left is about 4 s (a loaded machine may stretch the second)
    assert re.search(r"Downloading NumPy: 3\.0 of 11\.0 MB, about [2-4] s left", detail), detail


def test_the_panel_shows_the_download_going_on_while_python_starts(page, site_url):
    shown = _in_a_loading_view(page, site_url, """
        view.progress({phase: 'runtime'});
        const starting = [root.querySelector('progress').hasAttribute('value'), root.querySelector('.loading-detail').textContent];
        view.progress({phase: 'runtime', loaded: 9e6, total: 11e6, message: 'vendor/pyodide/numpy.data'});
        const bar = root.querySelector('progress');
        const shown = {starting, label: root.querySelector('.loading-label').textContent, value: bar.value, max: bar.max,
                       detail: root.querySelector('.loading-detail').textContent};
        view.progress({phase: 'runtime', loaded: 11e6, total: 11e6, message: 'vendor/pyodide/numpy.data'});
        shown.done = [bar.hasAttribute('value'), root.querySelector('.loading-detail').textContent];
        return shown;
    """)
    assert shown["starting"] == [False, ""]  # indeterminate: nothing is counted while only Python starts
    assert shown["label"].endswith("Starting Python") and (shown["value"], shown["max"]) == (9e6, 11e6)
    assert shown["detail"] == "NumPy is still downloading: 9.0 of 11.0 MB."
    assert shown["done"] == [False, ""]  # all in: the phase alone, no "still downloading" at 100%


RECORD_PROGRESS = """(() => {
    window.__progress = [];
    window.__workers = [];
    const Original = window.Worker;  // every worker made, and the engine's progress messages as the page receives them
    window.Worker = class extends Original {
        constructor(...args) {
            super(...args);
            window.__workers.push({url: String(args[0]), worker: this, sent: []});
            this.addEventListener('message', (e) => e.data && e.data.type === 'progress' && window.__progress.push(e.data));
        }
        postMessage(message, transfer) {
            window.__workers.find((w) => w.worker === this).sent.push([message.id, message.type, Boolean(window.playground)]);
            super.postMessage(message, transfer);
        }
    };
})()"""


def test_the_engine_worker_starts_before_the_page_modules_and_is_taken_over(page, site_url):
    page.add_init_script(RECORD_PROGRESS)
    page.goto(site_url)
    page.evaluate("window.playground.ready")
    engines = page.evaluate("""window.__workers.filter((w) => w.url.endsWith('/worker/engine-worker.js'))
        .map((w) => ({same: w.worker === window.playground.engine.worker, sent: w.sent}))""")
    assert len(engines) == 1 and engines[0]["same"]  # one worker: the early one, now the client's
    # start-engine.js asked it to start (id 0) before main.js had run; the client's own "init" (id 1) joined that start
    assert engines[0]["sent"][:2] == [[0, "init", False], [1, "init", False]]
    phases = [p["phase"] for p in page.evaluate("window.__progress")]
    assert phases[0] == "download" and phases[-1] == "ready"
    label = page.evaluate("document.querySelector('#loading .loading-label').textContent")
    assert label.endswith("Ready")  # the messages sent before the page's client existed were shown too
    assert page.evaluate("window.playground.step(2)")["epoch"] == 2


def test_the_download_that_outlasts_the_runtime_is_still_counted(page, site_url):
    held = []  # the first request for NumPy's package (the worker's download), answered once Python is starting

    def hold(route):
        if held:
            route.fallback()  # Pyodide's own load of the package, after ours
        else:
            held.append(route)

    page.route("**/numpy.data", hold)
    page.add_init_script(RECORD_PROGRESS)
    page.goto(site_url)
    page.wait_for_function("document.querySelector('#loading .loading-label').textContent.endsWith('Starting Python')")
    held[0].fulfill(status=200, path=os.path.join(paths.VENDOR_PYODIDE, "numpy.data"),
                    headers={"Content-Type": "application/octet-stream"})
    page.evaluate("window.playground.ready")
    progress = page.evaluate("window.__progress")
    phases = [p["phase"] for p in progress]
    assert phases.index("runtime") < phases.index("packages")
    tail = [p for p in progress if p["phase"] in ("runtime", "packages") and p.get("total")]
    assert tail and tail[-1]["loaded"] == tail[-1]["total"], progress  # counted to the last byte
    assert tail[0]["loaded"] > progress[phases.index("runtime") - 1]["loaded"]  # after what was shown in step 1
    assert all(p["message"].endswith("numpy.data") for p in tail)
    assert phases[phases.index("install"):] == ["install", "import", "ready"]  # never back to an earlier step


def test_the_runtime_travels_compressed(page, site_url):
    page.goto(site_url + "__tests__/browser/blank.html")
    got = page.evaluate("""async () => {
        const r = await fetch('/vendor/pyodide/pyodide.asm.wasm', {cache: 'no-store'});
        return [r.headers.get('content-encoding'), Number(r.headers.get('content-length')), (await r.arrayBuffer()).byteLength];
    }""")
    size = os.path.getsize(os.path.join(paths.VENDOR_PYODIDE, "pyodide.asm.wasm"))
    assert got[0] == "gzip" and got[2] == size and got[1] < size / 2  # 11.4 MB of WebAssembly as about 3.4 MB

"""Training and drawing speed of the playground in headless Chromium (prints figures; not a test).

For each backend (NumPy in Pyodide; WebGPU, here on SwiftShader, the CPU implementation headless
Chromium offers) and each configuration it reports:
- step epochs/s: window.playground.step(N), training only, one draw at the end;
- play epochs/s and frames/s: the play loop for a few seconds with every heatmap live
  (each neuron at 32x32, the output at 100x100, redrawn every frame);
- the longest main-thread task seen while playing (PerformanceObserver "longtask"; 0 = none over 50 ms);
- grid ms: evaluating every neuron over a 100x100 grid (neuronGrids, median of 5);
- with ``--landscape off,random,pca``: each configuration again with the live loss landscape view
  in that mode (21x21, refreshed every 0.5 s while playing), and the worker's ms per landscape.
Run with ``python3 build.py bench`` (sets up .venv, Chromium and the site first).
"""
import argparse
import functools
import http.server
import os
import statistics
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from sitebuild import devenv, paths, server  # noqa: E402

CONFIGS = {
    "TF default (circle, 4-2 tanh, batch 10)": {},
    "spiral, 6x8 tanh, batch 10, lr 0.03": {"dataset": "spiral", "networkShape": [8] * 6, "batchSize": 10,
                                           "learningRate": 0.03, "activation": "tanh"},
}

LONG_TASKS = """() => {
    window.__longest = 0;
    new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
    }).observe({entryTypes: ['longtask']});
}"""


def measure(page, config, step_epochs, play_seconds):
    page.evaluate("c => window.playground.setConfig(c)", config)
    page.evaluate("window.playground.step(1)")  # warm up (shader compilation, first frame)
    t = time.perf_counter()
    page.evaluate("n => window.playground.step(n)", step_epochs)
    step_rate = step_epochs / (time.perf_counter() - t)
    grid_ms = []
    for _ in range(5):
        t = time.perf_counter()
        page.evaluate("window.playground.neuronGrids({resolution: 100}).then(() => null)")
        grid_ms.append(1000 * (time.perf_counter() - t))
    page.evaluate("window.playground.reset()")
    page.evaluate(LONG_TASKS)
    before = page.evaluate("window.playground.state()")
    t = time.perf_counter()
    page.evaluate("window.playground.play()")
    page.wait_for_timeout(play_seconds * 1000)
    after = page.evaluate("window.playground.state()")
    elapsed = time.perf_counter() - t
    page.evaluate("window.playground.pause()")
    return {
        "step": step_rate,
        "play": (after["epoch"] - before["epoch"]) / elapsed,
        "fps": (after["frames"] - before["frames"]) / elapsed,
        "longest": page.evaluate("window.__longest"),
        "grid": statistics.median(grid_ms),
        "backend": after["backend"],
        "landscape_ms": (page.evaluate("(window.playground.landscape() || {info: {ms: 0}}).info.ms")),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--step-epochs", type=int, default=200)
    parser.add_argument("--play-seconds", type=int, default=5)
    parser.add_argument("--backends", default="numpy,webgpu")
    parser.add_argument("--landscape", default="off", help="landscape view modes to measure, e.g. off,random,pca")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright
    handler = functools.partial(server.SiteHandler, directory=paths.SITE)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = "http://127.0.0.1:%d/" % httpd.server_address[1]
    with sync_playwright() as pw:
        options = {"args": ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                            "--disable-sync", "--no-first-run", "--enable-unsafe-webgpu"]}
        if devenv.find_chromium():
            options["executable_path"] = devenv.find_chromium()
        browser = pw.chromium.launch(**options)
        for backend in args.backends.split(","):
            page = browser.new_page()
            page.set_default_timeout(600000)
            t = time.perf_counter()
            page.goto(url + "#backend=" + backend)
            page.evaluate("window.playground.ready")
            s = page.evaluate("window.playground.state()")
            print("%s: ready in %.1f s on %s (%s)" % (backend, time.perf_counter() - t, s["backend"],
                                                    s["adapter"] or "Pyodide %s" % s["versions"]["pyodide"]))
            for name, config in CONFIGS.items():
                for view in args.landscape.split(","):
                    r = measure(page, dict(config, landscape=view), args.step_epochs, args.play_seconds)
                    print("  %-40s landscape %-6s step %6.1f epochs/s | play %6.1f epochs/s, %5.1f frames/s | "
                          "longest task %3.0f ms | all neurons on 100x100: %6.1f ms | landscape %5.1f ms"
                          % (name, view, r["step"], r["play"], r["fps"], r["longest"], r["grid"], r["landscape_ms"]))
            page.close()
        browser.close()
    httpd.shutdown()


if __name__ == "__main__":
    main()

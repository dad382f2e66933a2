"""Training speed of the playground in headless Chromium (a benchmark that prints figures, not a test).

For each configuration it reports:
- step epochs/s: window.playground.step(N), training only, one draw at the end;
- play epochs/s and frames/s: the play loop for a few seconds, drawing every frame;
- the longest main-thread task seen while playing (PerformanceObserver "longtask").
Run with ``python3 build.py bench`` (sets up .venv, Chromium and the site first).
"""
import argparse
import functools
import http.server
import os
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from sitebuild import devenv, paths, server  # noqa: E402

CONFIGS = {
    "default (circle, 4-2 tanh, batch 10)": {},
    "spiral 6x8 tanh, batch 10, lr 0.03": {"dataset": "spiral", "networkShape": [8] * 6, "batchSize": 10,
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
    t = time.perf_counter()
    page.evaluate("n => window.playground.step(n)", step_epochs)
    step_rate = step_epochs / (time.perf_counter() - t)
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
        "step_epochs_per_s": step_rate,
        "play_epochs_per_s": (after["epoch"] - before["epoch"]) / elapsed,
        "play_frames_per_s": (after["frames"] - before["frames"]) / elapsed,
        "longest_task_ms": page.evaluate("window.__longest"),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--step-epochs", type=int, default=200)
    parser.add_argument("--play-seconds", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright
    handler = functools.partial(server.SiteHandler, directory=paths.SITE)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = "http://127.0.0.1:%d/" % httpd.server_address[1]
    with sync_playwright() as pw:
        options = {"args": ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                            "--disable-sync", "--no-first-run"]}
        if devenv.find_chromium():
            options["executable_path"] = devenv.find_chromium()
        browser = pw.chromium.launch(**options)
        page = browser.new_page()
        page.set_default_timeout(300000)
        t = time.perf_counter()
        page.goto(url)
        page.evaluate("window.playground.ready")
        print("cold start to ready: %.1f s (%s)" % (time.perf_counter() - t, page.evaluate(
            "JSON.stringify(window.playground.state().versions)")))
        for name, config in CONFIGS.items():
            r = measure(page, config, args.step_epochs, args.play_seconds)
            print("%-40s step %6.1f epochs/s | play %6.1f epochs/s, %5.1f frames/s | longest task %3.0f ms"
                  % (name, r["step_epochs_per_s"], r["play_epochs_per_s"], r["play_frames_per_s"], r["longest_task_ms"]))
        browser.close()
    httpd.shutdown()


if __name__ == "__main__":
    main()

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
- with ``--cold N``: instead, the time to the first trained frame on a cold and on a repeat visit,
  median of N each (see cold_start.py);
- with ``--tf PATH_OR_URL``: instead, TF Playground side by side (see tf_playground.py for how to build
  it): per configuration, median of ``--rounds`` rounds of ``--play-seconds`` of play on each site, in turn,
  as a table of epochs/s and frames/s with our ratio to TF's, and the longest task on each.
Run with ``python3 build.py bench [options]`` (sets up .venv, Chromium and the site first). Every request
off 127.0.0.1 is aborted (TF Playground asks for Google Fonts and Analytics; the bench lists what it blocked).
"""
import argparse
import functools
import http.server
import os
import statistics
import sys
import threading
import time
from urllib.parse import urlparse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from benchmarks import cold_start, tf_playground  # noqa: E402
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


def play_rate(page, config, seconds):
    """One round of play on our page from fresh weights: epochs/s, frames/s, longest task (ms)."""
    page.bring_to_front()  # several pages are open: the measured one animates in front
    page.evaluate("c => window.playground.setConfig(c)", config)
    page.evaluate("window.playground.reset()")
    page.evaluate(LONG_TASKS)
    page.evaluate("window.playground.play()")
    read = "() => ({t: performance.now(), s: window.playground.state()})"  # page clock, no round trips
    before = page.evaluate(read)
    page.wait_for_timeout(seconds * 1000)
    after = page.evaluate(read)
    page.evaluate("window.playground.pause()")
    ms = after["t"] - before["t"]
    return {"play": 1000.0 * (after["s"]["epoch"] - before["s"]["epoch"]) / ms,
            "fps": 1000.0 * (after["s"]["frames"] - before["s"]["frames"]) / ms,
            "longest": page.evaluate("window.__longest")}


def side_by_side(context, pages, tf_url, args):
    """Per config: TF Playground, then each of our backends, ``args.rounds`` times; print the medians."""
    print("median of %d rounds of %d s; TF Playground trains one epoch and redraws every heatmap per animation "
          "frame, so its frames/s = its epochs/s; ours counts full redraws (every heatmap and the output)"
          % (args.rounds, args.play_seconds))
    print("load average (1 min) at the start: %.2f on %d cores" % (os.getloadavg()[0], os.cpu_count()))
    for name, config in CONFIGS.items():
        runs = {"TF Playground": []}
        runs.update((backend, []) for backend in pages)
        for _ in range(args.rounds):
            runs["TF Playground"].append(tf_playground.measure(context, tf_url, config, args.play_seconds, LONG_TASKS))
            for backend, page in pages.items():
                runs[backend].append(play_rate(page, dict(config, landscape="off"), args.play_seconds))
        med = {site: {k: statistics.median(r[k] for r in rs) for k in ("play", "fps", "longest")}
               for site, rs in runs.items()}
        tf = med.pop("TF Playground")
        print("\n%s\n  %-16s %16s %16s %14s" % (name, "site", "epochs/s", "frames/s", "longest task"))
        print("  %-16s %16.1f %16.1f %11.0f ms" % ("TF Playground", tf["play"], tf["fps"], tf["longest"]))
        for backend, m in med.items():
            print("  %-16s %16s %16s %11.0f ms" % ("ours, " + backend, _vs(m["play"], tf["play"]),
                                                    _vs(m["fps"], tf["fps"]), m["longest"]))
    print("\nload average (1 min) at the end: %.2f" % os.getloadavg()[0])


def _vs(ours, theirs):
    return "%.1f (%.2fx)" % (ours, ours / theirs if theirs else float("nan"))


def open_ours(context, url, backend):
    """Our page on ``backend``, once its engine is ready (prints how long that took)."""
    page = context.new_page()
    page.set_default_timeout(600000)
    t = time.perf_counter()
    page.goto(url + "#backend=" + backend)
    page.evaluate("window.playground.ready")
    s = page.evaluate("window.playground.state()")
    print("%s: ready in %.1f s on %s (%s)" % (backend, time.perf_counter() - t, s["backend"],
                                            s["adapter"] or "Pyodide %s" % s["versions"]["pyodide"]))
    return page


def offline_context(browser, blocked, **options):
    """A browser context that aborts every request off 127.0.0.1 and appends its URL to ``blocked``."""
    def guard(route):
        if urlparse(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()
    context = browser.new_context(**options)
    context.route("**/*", guard)
    return context


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--step-epochs", type=int, default=200)
    parser.add_argument("--play-seconds", type=int, default=5)
    parser.add_argument("--backends", default="numpy,webgpu")
    parser.add_argument("--landscape", default="off", help="landscape view modes to measure, e.g. off,random,pca")
    parser.add_argument("--tf", metavar="PATH_OR_URL", help="TF Playground side by side: its built dist/ folder, "
                        "or the URL of a build served on 127.0.0.1")
    parser.add_argument("--rounds", type=int, default=3, help="with --tf: rounds per site and config (median)")
    parser.add_argument("--cold", type=int, metavar="N", help="time N cold and N repeat visits to the first "
                        "trained frame instead")
    args = parser.parse_args()
    if args.rounds < 1 or args.play_seconds < 1:
        parser.error("--rounds and --play-seconds take a positive integer")
    from playwright.sync_api import sync_playwright
    tf_url, stop_tf = tf_playground.serve(args.tf) if args.tf else (None, None)
    handler = functools.partial(server.SiteHandler, directory=paths.SITE)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = "http://127.0.0.1:%d/" % httpd.server_address[1]
    blocked = []
    with sync_playwright() as pw:
        options = {"args": ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                            "--disable-sync", "--no-first-run", "--enable-unsafe-webgpu"]}
        if devenv.find_chromium():
            options["executable_path"] = devenv.find_chromium()
        browser = pw.chromium.launch(**options)
        if args.cold:
            cold_start.report(lambda **options: offline_context(browser, blocked, **options), url, args.cold)
        elif tf_url:
            context = offline_context(browser, blocked)
            pages = {backend: open_ours(context, url, backend) for backend in args.backends.split(",")}
            side_by_side(context, pages, tf_url, args)
        else:
            for backend in args.backends.split(","):
                page = open_ours(offline_context(browser, blocked), url, backend)  # a fresh cache each
                for name, config in CONFIGS.items():
                    for view in args.landscape.split(","):
                        r = measure(page, dict(config, landscape=view), args.step_epochs, args.play_seconds)
                        print("  %-40s landscape %-6s step %6.1f epochs/s | play %6.1f epochs/s, %5.1f frames/s | "
                              "longest task %3.0f ms | all neurons on 100x100: %6.1f ms | landscape %5.1f ms"
                              % (name, view, r["step"], r["play"], r["fps"], r["longest"], r["grid"],
                                 r["landscape_ms"]))
                page.context.close()
        browser.close()
    httpd.shutdown()
    if stop_tf:
        stop_tf()
    if blocked:
        print("aborted %d requests off 127.0.0.1, to: %s" % (len(blocked), ", ".join(
            sorted({urlparse(u).hostname or u for u in blocked}))))


if __name__ == "__main__":
    main()

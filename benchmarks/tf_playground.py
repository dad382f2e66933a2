"""Drive a build of TensorFlow Playground in headless Chromium, for the side-by-side bench.

TF Playground (github.com/tensorflow/playground) is not part of this repository; build it outside:

    git clone https://github.com/tensorflow/playground /tmp/tfp && cd /tmp/tfp
    npm install && npm run build     # its own scripts (fine on Node 20): dist/index.html, bundle.js, ...

and pass ``--tf /tmp/tfp/dist`` (served here from 127.0.0.1) or ``--tf http://127.0.0.1:PORT/`` (a build
already served). Its ``Player`` runs ``oneStep()`` from a d3 timer, i.e. once per animation frame, and
``oneStep`` trains one epoch and then redraws every heatmap (``updateUI``): its epochs/s *are* its
frames/s. We read the epoch from the ``#iter-number`` text ("000,123").
"""
import functools
import http.server
import os
import threading
from urllib.parse import urlparse

# Our config (window.playground.setConfig) -> TF Playground's URL-hash keys (its state.ts PROPS).
# Both default to circle, x and y, 4-2 tanh, batch 10, lr 0.03, no noise, no regularization, 50% train.
HASH_KEYS = {"dataset": str, "activation": str, "batchSize": str, "learningRate": str,
             "networkShape": lambda shape: ",".join(str(n) for n in shape)}

# The page's clock and epoch in one call, so the rate does not include Playwright's round trips.
READ_ITER = """() => ({t: performance.now(),
                      iter: parseInt(document.querySelector('#iter-number').textContent.replace(/,/g, ''), 10)})"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, fmt, *args):
        pass


def serve(target):
    """Return ``(url, stop)``: a URL is used as is, a folder with TF's built index.html is served on 127.0.0.1."""
    if target.startswith(("http://", "https://")):
        if urlparse(target).hostname != "127.0.0.1":
            raise SystemExit("--tf: serve TF Playground on 127.0.0.1 (the bench aborts every other request)")
        return target.rstrip("/") + "/", lambda: None
    if not os.path.isfile(os.path.join(target, "index.html")):
        raise SystemExit("--tf: %s has no index.html (build TF Playground first: npm run build -> dist/)" % target)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=target))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return "http://127.0.0.1:%d/" % httpd.server_address[1], httpd.shutdown


def url_hash(config):
    """TF Playground's URL hash for one of our bench configs (unknown keys raise ValueError)."""
    unknown = sorted(set(config) - set(HASH_KEYS))
    if unknown:
        raise ValueError("no TF Playground hash key for %s; known: %s" % (unknown, sorted(HASH_KEYS)))
    return "#" + "&".join("%s=%s" % (k, HASH_KEYS[k](v)) for k, v in sorted(config.items()))


def measure(context, base_url, config, seconds, long_tasks_js):
    """One round on a fresh page: press play, wait ``seconds``, return epochs/s and the longest task (ms)."""
    page = context.new_page()
    try:
        page.goto(base_url + url_hash(config))
        page.wait_for_selector("#iter-number")
        page.evaluate(long_tasks_js)
        page.click("#play-pause-button")
        before = page.evaluate(READ_ITER)  # counted from here: the click's round trip is not training time
        page.wait_for_timeout(seconds * 1000)
        after = page.evaluate(READ_ITER)
        page.click("#play-pause-button")
        rate = 1000.0 * (after["iter"] - before["iter"]) / (after["t"] - before["t"])
        return {"play": rate, "fps": rate, "longest": page.evaluate("window.__longest")}
    finally:
        page.close()

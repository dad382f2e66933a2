"""Take the overview's pictures: a small screenshot of every page (site/img/pages/<id>.webp).

Run by hand after ``python3 build.py``, with the test environment's Python (it needs Playwright
and Chromium, as the browser tests do): ``.venv/bin/python -m sitebuild.pictures [ID ...]``. Not
part of the build: the pictures are committed. Each page is shown 960 CSS pixels wide, once it
says it is ready (``window.<api>.ready``) and has done what PREPARE asks; the 960x600 below its
header (the same on every page) is captured at half scale (480x300), as WebP encoded by Chromium;
each file must stay under LIMIT bytes.
"""
import base64
import os
import sys
import threading

from . import devenv, pages, server
from .paths import SITE

LIMIT = 60_000
SIZE = {"width": 960, "height": 600}
READY = {"overview": None}  # the page's test API, when not named as its id
PREPARE = {"playground": "window.playground.step(150)"}  # so that the picture shows something learnt
ENCODE = """async (png) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + png;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    canvas.getContext('2d').drawImage(img, 0, 0);
    for (const quality of [0.8, 0.7, 0.6, 0.5]) {
        const url = canvas.toDataURL('image/webp', quality);
        if (url.length * 3 / 4 < %d) return url.split(',')[1];
    }
    return canvas.toDataURL('image/webp', 0.4).split(',')[1];
}""" % LIMIT


def take(ids=None, site=SITE):
    """Write the pictures of the pages ``ids`` (default: every built page but the overview)."""
    from playwright.sync_api import sync_playwright
    httpd = server.make_server(site, port=0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = "http://127.0.0.1:%d/" % httpd.server_address[1]
    chosen = [p for p in pages.built_pages(site) if p["id"] != "overview" and (not ids or p["id"] in ids)]
    os.makedirs(os.path.join(site, "img", "pages"), exist_ok=True)
    try:
        with sync_playwright() as pw:
            options = {"executable_path": devenv.find_chromium()} if devenv.find_chromium() else {}
            browser = pw.chromium.launch(**options)
            context = browser.new_context(viewport=dict(SIZE, height=SIZE["height"] + 120), device_scale_factor=0.5,
                                          service_workers="block")
            page = context.new_page()
            for row in chosen:
                page.goto(base + row["file"])
                api = READY.get(row["id"], row["id"])
                if api:
                    page.wait_for_function("window.%s && window.%s.ready" % (api, api), timeout=180_000)
                    page.evaluate("window.%s.ready" % api)
                if row["id"] in PREPARE:
                    page.evaluate(PREPARE[row["id"]])
                page.wait_for_timeout(1500)  # let the first frame's charts and heatmaps draw
                top = page.evaluate("document.querySelector('.top-bar').getBoundingClientRect().bottom")
                png = base64.b64encode(page.screenshot(clip=dict(SIZE, x=0, y=top))).decode()
                blank = context.new_page()
                webp = base64.b64decode(blank.evaluate(ENCODE, png))
                blank.close()
                path = os.path.join(site, pages.picture(row))
                with open(path, "wb") as f:
                    f.write(webp)
                print("%s: %d bytes" % (path, len(webp)), flush=True)
                assert len(webp) < LIMIT, path
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()


if __name__ == "__main__":
    take(sys.argv[1:] or None)

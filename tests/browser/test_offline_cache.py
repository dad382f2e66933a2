"""The offline cache (site/sw.js) in headless Chromium against a real server on a copy of the built
site: everything loads and trains after the server stops, an altered file is refused by name, and a
new build replaces the old cache."""
import functools
import http.server
import os
import shutil
import threading

import pytest

from sitebuild import paths, precache, server

pytestmark = pytest.mark.browser


class Site:
    """A copy of the built site served on 127.0.0.1 until stop()."""

    def __init__(self, root):
        self.root = root
        shutil.copytree(paths.SITE, root, ignore=shutil.ignore_patterns("*.tmp", "__pycache__"))
        precache.write_precache(root)
        handler = functools.partial(server.SiteHandler, directory=root)
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = "http://127.0.0.1:%d/" % self.httpd.server_address[1]

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def site(tmp_path):
    s = Site(str(tmp_path / "site"))
    yield s
    s.stop()


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="allow")
    yield ctx
    ctx.close()


def offline_ready(page):
    page.wait_for_function("window.pyplaygroundOffline && ['ready', 'failed'].includes(window.pyplaygroundOffline.status)"
                           " && navigator.serviceWorker.controller !== null", timeout=180000)
    state = page.evaluate("({...window.pyplaygroundOffline})")
    assert state["status"] == "ready", state
    return state


def cache_names(page):
    """The offline caches (the engine's bytecode cache, "python-bytecode", is not one)."""
    return page.evaluate("caches.keys().then((names) => names.filter((n) => n.startsWith('pyplayground-')))")


def test_the_site_works_offline_after_one_visit_and_refuses_an_altered_file(site, context):
    page = context.new_page()
    page.set_default_timeout(120000)
    page.goto(site.url)
    page.evaluate("window.playground.ready")
    state = offline_ready(page)
    build = precache_build(site.root)
    assert state["build"] == build and cache_names(page) == ["pyplayground-" + build]
    files = len(precache.site_files(site.root))
    assert page.evaluate("caches.open('pyplayground-%s').then((c) => c.keys()).then((k) => k.length)" % build) == files + 1
    site.stop()
    page.reload()
    page.evaluate("window.playground.ready")  # the runtime, the engine and the page, all from the cache
    assert page.evaluate("window.playground.step(20)")["epoch"] == 20
    page.goto(site.url + "models.html")
    page.evaluate("window.models.ready")  # the artifacts too
    altered = page.evaluate("""async () => {
        const cache = await caches.open('pyplayground-%s');
        await cache.put(new URL('js/units/draw.js', location.href).href, new Response('alert(1)'));
        const r = await fetch('js/units/draw.js');
        return {status: r.status, text: await r.text()};
    }""" % build)
    assert altered["status"] == 503 and "js/units/draw.js is damaged" in altered["text"]


def test_a_new_build_replaces_the_old_cache(site, context):
    page = context.new_page()
    page.set_default_timeout(120000)
    page.goto(site.url)
    offline_ready(page)
    old = precache_build(site.root)
    with open(os.path.join(site.root, "js", "playground", "state.js"), "a") as f:
        f.write("\n// a later build\n")
    new = precache.write_precache(site.root)["build"]
    assert new != old
    page.reload()
    page.wait_for_function("b => caches.keys().then((names) => names.filter((n) => n.startsWith('pyplayground-')))"
                           ".then((k) => k.length === 1 && k[0] === 'pyplayground-' + b)", arg=new, timeout=180000)
    page.reload()
    page.evaluate("window.playground.ready")
    assert "a later build" in page.evaluate("fetch('js/playground/state.js').then((r) => r.text())")


def test_an_install_that_meets_an_altered_file_names_it_and_caches_nothing(site, context):
    with open(os.path.join(site.root, "js", "playground", "tools", "controls.js"), "a") as f:
        f.write("\n// changed after the build listed it\n")
    page = context.new_page()
    page.set_default_timeout(120000)
    page.goto(site.url)
    page.evaluate("window.playground.ready")  # the page itself never waits for the cache
    page.wait_for_function("window.pyplaygroundOffline.status === 'failed'", timeout=180000)
    assert "js/playground/tools/controls.js" in page.evaluate("window.pyplaygroundOffline.message")
    assert cache_names(page) == []


def precache_build(root):
    import json
    with open(os.path.join(root, precache.LIST)) as f:
        return json.load(f)["build"]

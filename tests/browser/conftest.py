"""Browser-test fixtures: the built site served on 127.0.0.1, headless Chromium, an offline page.

Every request that is not to 127.0.0.1 is aborted and fails the test; so does any console
error or uncaught page error, unless a test expects it (``page_errors.allow(...)``).
"""
import os
import threading
from urllib.parse import unquote, urlparse

import pytest

from sitebuild import devenv, paths, server

import helpers

TESTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Test-only mounts beside the site: the full Pyodide distribution (which has pytest) and tests/.
MOUNTS = {"/__pyodide_full__/": paths.PYODIDE_DIST, "/__tests__/": TESTS}

CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-gpu"]


def _install_wait_for():
    """The site's CSP has no 'unsafe-eval', which Playwright's own wait_for_function needs (it builds
    the predicate with new Function inside the page): on every Page and Frame, poll with evaluate
    instead (helpers.wait_for, same arguments)."""
    from playwright.sync_api import Frame, Page

    def wait_for_function(self, expression, arg=None, timeout=None, polling=None):
        return helpers.wait_for(self, expression, arg, timeout, polling)
    Page.wait_for_function = Frame.wait_for_function = wait_for_function


_install_wait_for()

REQUESTS = []  # (Host header, path) of every request the test servers answered, oldest first


class TestSiteHandler(server.SiteHandler):
    def parse_request(self):
        ok = super().parse_request()
        if hasattr(self, "headers"):
            REQUESTS.append((self.headers.get("Host"), getattr(self, "path", "")))
        return ok

    def script_src(self):
        # The test-only mounts run Pyodide in a page (the engine tests); the site's pages never may.
        if getattr(self, "path", "").startswith(tuple(MOUNTS)):
            return server.WORKER_SCRIPT_SRC + " 'unsafe-inline'"  # embed_host.html's inline script too
        return super().script_src()

    def csp(self):
        # embed_host.html (a course page) frames the site from the other loopback origin too.
        extra = "; frame-src 'self' http://127.0.0.1:* http://localhost:*"
        return super().csp() + (extra if getattr(self, "path", "").startswith(tuple(MOUNTS)) else "")

    def translate_path(self, path):
        clean = unquote(urlparse(path).path)
        for prefix, directory in MOUNTS.items():
            if clean.startswith(prefix):
                rel = os.path.normpath(clean[len(prefix):]).lstrip("/")
                if rel.startswith(".."):
                    return os.path.join(directory, "__forbidden__")
                return os.path.join(directory, rel)
        return super().translate_path(path)


@pytest.fixture(scope="session")
def built_site():
    import build
    build.build()  # seconds when nothing changed; never test a stale wheel
    return paths.SITE


@pytest.fixture(scope="session")
def site_url(built_site):
    httpd = server.make_server(built_site, port=0, handler_class=TestSiteHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield "http://127.0.0.1:%d/" % httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    executable = devenv.find_chromium()
    with sync_playwright() as pw:
        options = {"args": CHROMIUM_ARGS + ["--enable-unsafe-webgpu"]}
        if executable:
            options["executable_path"] = executable
        browser = pw.chromium.launch(**options)
        yield browser
        browser.close()


class PageErrors:
    """Console errors, page errors and off-origin requests seen by one page."""

    def __init__(self):
        self.console, self.off_origin, self.allowed = [], [], []

    def allow(self, fragment):
        """Expect console errors containing ``fragment`` (e.g. a deliberate 404)."""
        self.allowed.append(fragment)

    def unexpected(self):
        return [m for m in self.console if not any(a in m for a in self.allowed)]


@pytest.fixture
def page_errors():
    return PageErrors()


def guarded_context(browser, errors):
    """A new browser context whose requests off 127.0.0.1 are aborted and recorded in
    ``errors()`` (a function: the PageErrors of the test now running). The offline cache
    (site/sw.js) would copy the whole site into every test's context; its own tests
    (test_offline_cache.py) allow it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")

    def guard(route):
        if urlparse(route.request.url).hostname != "127.0.0.1":
            errors().off_origin.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", guard)
    return context


def watched_page(context, page_errors):
    """A new page in ``context`` whose console errors and uncaught errors go to ``page_errors``."""
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and page_errors.console.append(m.text))
    page.on("pageerror", lambda e: page_errors.console.append("uncaught: %s" % e))
    page.set_default_timeout(90000)
    return page


def check_page_errors(page_errors):
    assert not page_errors.off_origin, "requests left 127.0.0.1: %s" % page_errors.off_origin
    assert not page_errors.unexpected(), "console errors: %s" % page_errors.unexpected()


@pytest.fixture
def page(browser, site_url, page_errors):
    """A page in a fresh browser context: a first visit, nothing cached or stored."""
    context = guarded_context(browser, lambda: page_errors)
    page = watched_page(context, page_errors)
    yield page
    context.close()
    check_page_errors(page_errors)


class WarmContext:
    """One browser context per test process for pages that start ready: its HTTP cache and the
    engine's kept bytecode (Cache Storage) make each start a repeat visit. Nothing else carries
    over: each test's page is new, and the origin's local and session storage are cleared first."""

    def __init__(self, browser):
        self.errors = PageErrors()  # the running test's
        self.context = guarded_context(browser, lambda: self.errors)


@pytest.fixture(scope="session")
def warm_context(browser):
    warm = WarmContext(browser)
    yield warm
    warm.context.close()


@pytest.fixture
def warm_page(warm_context, site_url, page_errors):
    """A new page in the warm context, on a blank page of the site whose storage was cleared."""
    warm_context.errors = page_errors
    page = watched_page(warm_context.context, page_errors)
    page.goto(site_url + "__tests__/browser/blank.html")
    page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
    yield page
    page.close()
    warm_context.errors = PageErrors()
    check_page_errors(page_errors)


@pytest.fixture
def ready_page(warm_page, site_url):
    """The playground page, loaded and ready (a repeat visit: see warm_context)."""
    warm_page.goto(site_url)
    warm_page.evaluate("window.playground.ready")
    return warm_page

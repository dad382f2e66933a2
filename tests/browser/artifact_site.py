"""Artifacts for the page tests, and the built site served with them at /artifacts/.

Which artifacts: PYPLAYGROUND_TEST_ARTIFACTS=DIR if set; else the committed site/artifacts when
they hold every kind a test needs; else the quick pipeline build (``build.py artifacts --quick``)
in .build/artifacts-quick, whose jobs are skipped when nothing changed since the last run.

``PAGES`` names each artifact page's kinds; ``page_fixtures`` makes a page's three fixtures
(its artifacts folder, its URL, the page opened and ready), and one server per artifacts folder
serves every page of a test process.
"""
import atexit
import contextlib
import json
import os
import subprocess
import sys
import threading
from urllib.parse import unquote, urlparse

import pytest

import conftest  # the browser tests' conftest (imported before any test module of this folder)
from sitebuild import paths, server, stamps


def kinds_in(directory):
    """The artifact kinds listed by ``directory``'s manifest (empty if it is missing or bad)."""
    try:
        with open(os.path.join(directory, "manifest.json")) as f:
            return {a.get("kind") for a in json.load(f)["artifacts"]}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return set()


def find_or_build(kinds, only=None):
    """A folder of artifacts holding every kind in ``kinds``; ``only``: the kinds to build
    quickly (their inputs come along), or None for the whole quick build."""
    given = os.environ.get("PYPLAYGROUND_TEST_ARTIFACTS")
    if given:
        return os.path.abspath(given)
    committed = os.path.join(paths.SITE, "artifacts")
    if set(kinds) <= kinds_in(committed):
        return committed
    out = os.path.join(paths.STAMPS, "artifacts-quick")
    with stamps.exclusive("artifacts-quick"):  # parallel test workers: one quick build at a time
        _quick_build(out, only)
    if not set(kinds) <= kinds_in(out):
        pytest.fail("the quick pipeline build made no %s artifacts" % ", ".join(sorted(set(kinds) - kinds_in(out))))
    return out


def _quick_build(out, only):
    for selection in ([["--only", kind] for kind in only] if only else [[]]):
        proc = subprocess.run([sys.executable, "-m", "pipeline", "--quick", "--out", out] + selection,
                              cwd=paths.ROOT, capture_output=True, text=True, timeout=1800)
        if proc.returncode != 0:
            pytest.fail("the quick pipeline build %s failed:\n%s%s"
                        % (" ".join(selection), proc.stdout[-3000:], proc.stderr[-3000:]))


@contextlib.contextmanager
def serve(site, artifacts):
    """Serve the built ``site`` with /artifacts/ mapped to ``artifacts``; yields the base URL."""
    class Handler(conftest.TestSiteHandler):
        def translate_path(self, path):
            clean = unquote(urlparse(path).path)
            if clean.startswith("/artifacts/"):
                rel = os.path.normpath(clean[len("/artifacts/"):]).lstrip("/")
                return os.path.join(artifacts, "__forbidden__" if rel.startswith("..") else rel)
            return super().translate_path(path)

    httpd = server.make_server(site, port=0, handler_class=Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield "http://127.0.0.1:%d/" % httpd.server_address[1]
    finally:
        httpd.shutdown()
        httpd.server_close()


# Each artifact page: (the artifact kinds its tests need, the kinds to build quickly when they are missing).
PAGES = {
    "models": ({"model"}, ["model"]),
    "relevance": ({"relevance"}, ["relevance"]),
    "units": ({"units", "facets"}, ["units", "facets"]),
    "landscapes": ({"landscape"}, ["landscape"]),
    "clusters": ({"clusters"}, ["clusters"]),
    "dynamics": ({"dynamics"}, ["dynamics"]),
}

_SERVERS = {}  # artifacts folder -> base URL of the one server of this process that maps it


def folder(name):
    """The artifacts folder for page ``name`` (a key of PAGES)."""
    kinds, only = PAGES[name]
    return find_or_build(kinds, only=only)


def url(site, name):
    """``name``.html on a server of ``site`` whose /artifacts/ is that page's folder (started once)."""
    artifacts = folder(name)
    if artifacts not in _SERVERS:
        server_cm = serve(site, artifacts)
        _SERVERS[artifacts] = server_cm.__enter__()
        atexit.register(server_cm.__exit__, None, None, None)
    return _SERVERS[artifacts] + name + ".html"


def opened(page, page_url, name):
    """``page`` at ``page_url``, once window.NAME.ready has resolved."""
    page.goto(page_url)
    page.evaluate("window.%s.ready" % name)
    return page


def page_fixtures(name, folder_fixture, url_fixture, page_fixture):
    """A test module's three fixtures for page ``name``, under the names given: the artifacts
    folder (session), the page's URL (session) and a new page opened there and ready (in
    the warm context: a repeat visit, see conftest.WarmContext)."""
    def artifacts_folder(built_site):
        return folder(name)

    def page_url(built_site):
        return url(built_site, name)

    def ready_page(warm_page, request):
        return opened(warm_page, request.getfixturevalue(url_fixture), name)

    return (pytest.fixture(scope="session", name=folder_fixture)(artifacts_folder),
            pytest.fixture(scope="session", name=url_fixture)(page_url),
            pytest.fixture(name=page_fixture)(ready_page))

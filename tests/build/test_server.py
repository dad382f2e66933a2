"""The static server's security: a CSP header on every response, no directory listings, Host check.

Runs against a temporary folder shaped like the site, so it needs no build.
"""
import http.client
import os
import threading

import pytest

from sitebuild import server


@pytest.fixture
def site(tmp_path):
    for rel, text in (("index.html", "<!doctype html><title>x</title>"), ("js/worker/engine-worker.js", "//"),
                      ("js/playground/main.js", "//"), ("vendor/pyodide/pyodide.asm.wasm", "\0asm"),
                      ("empty/.keep", "")):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return str(tmp_path)


@pytest.fixture
def serve(site):
    """Start a server on the folder; returns get(path, host=None) -> (status, headers, body)."""
    servers = []

    def start(**options):
        httpd = server.make_server(site, port=0, **options)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)
        port = httpd.server_address[1]

        def get(path, host=None):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.putrequest("GET", path, skip_host=True)
            conn.putheader("Host", "127.0.0.1:%d" % port if host is None else host)
            conn.endheaders()
            response = conn.getresponse()
            body = response.read()
            conn.close()
            return response.status, response.headers, body
        return get
    yield start
    for httpd in servers:
        httpd.shutdown()
        httpd.server_close()


def directives(header):
    return dict((part.strip().split(" ", 1) + [""])[:2] for part in header.split(";"))


@pytest.mark.parametrize("path", ["/", "/index.html", "/js/playground/main.js", "/vendor/pyodide/pyodide.asm.wasm",
                                  "/missing.txt", "/js/worker/engine-worker.js"])
def test_every_response_carries_the_csp(serve, path):
    status, headers, _ = serve()(path)
    csp = directives(headers["Content-Security-Policy"])
    assert csp["default-src"] == "'self'" and csp["connect-src"] == "'self'"
    assert csp["form-action"] == "'none'" and csp["object-src"] == "'none'" and csp["base-uri"] == "'none'"
    assert csp["style-src"] == "'self'"  # no inline styles anywhere
    assert "frame-ancestors" not in csp  # any course page may embed unless restricted
    if path.startswith("/js/worker/"):
        assert csp["script-src"] == "'self' 'unsafe-eval' 'wasm-unsafe-eval'"  # what Pyodide 0.17.1 needs
    else:
        assert csp["script-src"] == "'self'"
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_frame_ancestors_can_be_restricted(serve):
    _, headers, _ = serve(frame_ancestors=["https://course.example"])("/")
    assert directives(headers["Content-Security-Policy"])["frame-ancestors"] == "'self' https://course.example"


def test_directories_are_never_listed(serve):
    get = serve()
    status, _, body = get("/empty/")
    assert status == 404 and b".keep" not in body
    assert get("/js/")[0] == 404
    assert get("/")[0] == 200  # a folder with index.html serves the page


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "LOCALHOST:8000", "[::1]:8000", "127.0.0.1:1"])
def test_loopback_host_names_are_answered(serve, host):
    assert serve()("/index.html", host=host)[0] == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example", "", "10.0.0.1"])
def test_other_host_names_are_refused(serve, host):
    status, headers, body = serve()("/index.html", host=host)
    assert status == 403 and b"Host" in body
    assert "Content-Security-Policy" in headers


def test_a_host_can_be_allowed_by_name(serve):
    get = serve(allowed_hosts=["kiosk.lan"])
    assert get("/index.html", host="kiosk.lan:8000")[0] == 200
    assert get("/index.html", host="other.lan")[0] == 403


def test_the_kiosk_copy_has_the_same_options(site):
    assert os.path.basename(server.__file__) == "server.py"
    parser = __import__("argparse").ArgumentParser()
    server.add_arguments(parser)
    args = parser.parse_args(["--port", "1", "--allow-host", "a", "--frame-ancestors", "https://b.example"])
    assert (args.port, args.allow_host, args.frame_ancestors) == (1, ["a"], ["https://b.example"])


def test_only_plotly_pages_allow_inline_styles(serve, site):
    with open(os.path.join(site, "landscapes.html"), "w") as f:
        f.write("<!doctype html><title>l</title>")
    get = serve()
    assert directives(get("/landscapes.html")[1]["Content-Security-Policy"])["style-src"] == "'self' 'unsafe-inline'"
    assert directives(get("/landscapes.html")[1]["Content-Security-Policy"])["script-src"] == "'self'"
    assert directives(get("/index.html")[1]["Content-Security-Policy"])["style-src"] == "'self'"

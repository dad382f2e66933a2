"""Gzip copies of the large files and the server that sends them to clients accepting gzip."""
import gzip
import http.client
import threading

import pytest

from sitebuild import compress, precache, server


@pytest.fixture
def site(tmp_path):
    vendor = tmp_path / "vendor" / "lib"
    vendor.mkdir(parents=True)
    big = bytes(range(256)) * 1024  # 256 KiB, compressible
    (vendor / "runtime.wasm").write_bytes(big)
    (vendor / "small.js").write_bytes(b"x" * 100)
    (vendor / "archive.whl").write_bytes(big)
    (tmp_path / "index.html").write_bytes(b"<!doctype html>")
    return tmp_path, big


def test_large_compressible_files_get_a_gzip_copy_once(site):
    root, big = site
    assert compress.compress_site(str(root)) == 1
    copy = root / "vendor" / "lib" / "runtime.wasm.gz"
    assert gzip.decompress(copy.read_bytes()) == big and copy.stat().st_size < len(big) / 10
    assert not (root / "vendor" / "lib" / "small.js.gz").exists()
    assert not (root / "vendor" / "lib" / "archive.whl.gz").exists()
    assert compress.compress_site(str(root)) == 0  # up to date: nothing rewritten
    (root / "vendor" / "lib" / "runtime.wasm").unlink()
    compress.compress_site(str(root))
    assert not copy.exists()  # an orphaned copy goes
    assert "vendor/lib/runtime.wasm.gz" not in precache.site_files(str(root))


@pytest.fixture
def served(site):
    root, big = site
    compress.compress_site(str(root))
    httpd = server.make_server(str(root), port=0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd.server_address[1], big
    httpd.shutdown()


def get(port, path, headers):
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    return response, response.read()


def test_the_server_sends_the_gzip_copy_only_to_clients_that_accept_it(served):
    port, big = served
    response, body = get(port, "/vendor/lib/runtime.wasm", {"Accept-Encoding": "gzip, deflate"})
    assert response.status == 200 and response.getheader("Content-Encoding") == "gzip"
    assert response.getheader("Content-Type") == "application/wasm" and response.getheader("Vary") == "Accept-Encoding"
    assert gzip.decompress(body) == big and response.getheader("Content-Security-Policy")
    response, body = get(port, "/vendor/lib/runtime.wasm", {})
    assert response.getheader("Content-Encoding") is None and body == big
    modified = response.getheader("Last-Modified")
    response, body = get(port, "/vendor/lib/runtime.wasm", {"Accept-Encoding": "gzip", "If-Modified-Since": modified})
    assert response.status == 304 and body == b""
    response, body = get(port, "/vendor/lib/runtime.wasm", {"Accept-Encoding": "gzip", "Range": "bytes=0-9"})
    assert response.getheader("Content-Encoding") is None  # ranges are served from the plain file

"""build.py's steps against the real files: wheel, manifest, vendoring, server, error messages."""
import base64
import csv
import hashlib
import io
import json
import os
import subprocess
import sys
import threading
import urllib.request
import zipfile

import pytest

import build
from sitebuild import npm, paths, server, stamps, vendor, wheel


@pytest.fixture(scope="module")
def built():
    build.build()
    with open(paths.MANIFEST) as f:
        return json.load(f)


def test_manifest_hashes_match_the_files_on_disk(built):
    assert built["runtime"]["version"] == "0.17.1" and built["runtime"]["numpy"] == "1.17.5"
    entries = built["runtime"]["files"] + [built["pyplayground"]["wheel"]]
    assert any(e["path"].endswith("pyodide.asm.wasm") for e in entries)
    for entry in entries:
        path = os.path.join(paths.SITE, entry["path"])
        assert os.path.getsize(path) == entry["bytes"]
        assert stamps.file_sha256(path) == entry["sha256"]


def test_only_what_the_site_needs_is_vendored(built):
    names = {os.path.basename(e["path"]) for e in built["runtime"]["files"]}
    assert {"numpy.data", "pyodide.js"} <= names
    assert "micropip.data" not in names  # the worker unpacks the wheel itself
    assert "scipy.data" not in names and "pytest.data" not in names
    assert sorted(n for n in os.listdir(paths.VENDOR_PYODIDE) if not n.endswith(".gz")) == sorted(names)
    assert sum(e["bytes"] for e in built["runtime"]["files"]) < 40e6


def test_package_closure_follows_dependencies():
    deps = {"a": ["b"], "b": ["c"], "c": [], "d": []}
    assert vendor.package_closure(["a"], deps) == ["a", "b", "c"]
    with pytest.raises(KeyError, match="zzz"):
        vendor.package_closure(["zzz"], deps)


def test_wheel_is_a_valid_pure_python_wheel(built, tmp_path):
    path = os.path.join(paths.SITE, built["pyplayground"]["wheel"]["path"])
    assert os.path.basename(path) == "pyplayground-%s-py3-none-any.whl" % wheel.package_version()
    with zipfile.ZipFile(path) as whl:
        names = whl.namelist()
        record_name = [n for n in names if n.endswith(".dist-info/RECORD")][0]
        rows = list(csv.reader(io.StringIO(whl.read(record_name).decode())))
        for name, digest, size in rows:
            if name == record_name:
                continue
            data = whl.read(name)
            expected = "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert digest == expected and int(size) == len(data), name
    assert "pyplayground/nn/__init__.py" in names and "pyplayground/bridge/__init__.py" in names
    # build-time code (training recipes, cluster jobs) lives in pipeline/, not in the browser's wheel
    assert not [n for n in names if n.startswith(("pipeline/", "pyplayground/clusters/", "pyplayground/zoo/training"))]
    # pip accepts it and the installed package imports.
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index",
                    "--target", str(tmp_path), path], check=True)
    # What the worker imports (runtime-pyodide-0.17.js: pyplayground.bridge, which imports every
    # module of its request table) comes from the wheel alone.
    imports = "import pyplayground, pyplayground.bridge as b; assert len(b.HANDLERS) > 20; print(pyplayground.__file__)"
    out = subprocess.run([sys.executable, "-c", imports],
                         cwd=str(tmp_path), env=dict(os.environ, PYTHONPATH=str(tmp_path)),
                         capture_output=True, text=True, check=True)
    assert out.stdout.startswith(str(tmp_path))


def test_a_second_build_skips_every_step(built):
    wasm = os.path.join(paths.VENDOR_PYODIDE, "pyodide.asm.wasm")
    mtime = os.path.getmtime(wasm)
    out = subprocess.run([sys.executable, "build.py"], cwd=paths.ROOT, capture_output=True, text=True, check=True)
    assert "node_modules matches package-lock.json" in out.stdout
    assert "site/vendor/pyodide is up to date" in out.stdout
    assert "is up to date" in out.stdout.split("wheel:")[1]
    assert os.path.getmtime(wasm) == mtime


def test_missing_npm_gives_a_clear_message(monkeypatch):
    monkeypatch.setattr(npm.stamps, "read", lambda name: None)
    monkeypatch.setattr(npm.shutil, "which", lambda name: None)
    with pytest.raises(npm.BuildError, match="install Node.js and npm"):
        npm.ensure_node_modules()


def test_a_failed_npm_ci_explains_and_leaves_no_half_runtime(monkeypatch, tmp_path):
    fake_npm = tmp_path / "npm"
    fake_npm.write_text("#!/bin/sh\necho 'npm ERR! network request failed' ; exit 1\n")
    fake_npm.chmod(0o755)
    node_modules = tmp_path / "node_modules"
    (node_modules / "partial").mkdir(parents=True)
    monkeypatch.setattr(npm.stamps, "read", lambda name: None)
    monkeypatch.setattr(npm.shutil, "which", lambda name: str(fake_npm))
    monkeypatch.setattr(npm, "NODE_MODULES", str(node_modules))
    with pytest.raises(npm.BuildError, match="needs the npm registry"):
        npm.ensure_node_modules()
    assert not node_modules.exists()


def test_an_interrupted_vendor_step_keeps_the_previous_runtime(monkeypatch, tmp_path):
    target = tmp_path / "vendor" / "pyodide"
    target.mkdir(parents=True)
    (target / "pyodide.js").write_text("previous good copy")
    monkeypatch.setattr(vendor, "VENDOR_PYODIDE", str(target))
    monkeypatch.setattr(vendor.stamps, "read", lambda name: None)
    monkeypatch.setattr(vendor.stamps, "write", lambda name, value: None)
    calls = []

    def failing_copy(src, dst):
        calls.append(src)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return None

    monkeypatch.setattr(vendor.shutil, "copy2", failing_copy)
    with pytest.raises(KeyboardInterrupt):
        vendor.vendor("hash")
    assert (target / "pyodide.js").read_text() == "previous good copy"
    assert sorted(os.listdir(str(tmp_path / "vendor"))) == ["pyodide"]


@pytest.mark.parametrize("path, mime", [
    ("vendor/pyodide/pyodide.asm.wasm", "application/wasm"),
    ("vendor/pyodide/pyodide.js", "text/javascript; charset=utf-8"),
    ("index.html", "text/html; charset=utf-8"),
    ("build-manifest.json", "application/json"),
])
def test_server_sends_correct_mime_types_on_loopback(built, path, mime):
    httpd = server.make_server(paths.SITE, port=0)
    assert httpd.server_address[0] == "127.0.0.1"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        url = "http://127.0.0.1:%d/%s" % (httpd.server_address[1], path)
        with urllib.request.urlopen(url) as response:
            assert response.headers["Content-Type"] == mime
            assert response.headers["Cache-Control"] == "no-cache"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_the_built_site_carries_its_own_server(built):
    copied = os.path.join(paths.SITE, "serve.py")
    with open(copied) as a, open(os.path.join(paths.ROOT, "sitebuild", "server.py")) as b:
        assert a.read() == b.read()


def test_serve_explains_a_busy_port(built, capsys):
    busy = server.make_server(paths.SITE, port=0)
    try:
        assert server.serve(paths.SITE, busy.server_address[1]) == 2
    finally:
        busy.server_close()
    assert "choose another port with --port" in capsys.readouterr().err

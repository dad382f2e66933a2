"""A repeat visit starts from the bytecode the first one compiled (pyplayground/bytecode_cache.py,
site/js/worker/bytecode-files.js)."""
import base64
import io
import zipfile

import pytest

from pyplayground import bytecode_cache

from helpers import state, wait_for

KEPT = "caches.open('python-bytecode').then((c) => c.keys()).then((keys) => keys.map((k) => k.url))"
KEPT_BYTES = """caches.open('python-bytecode').then((c) => c.keys().then(([k]) => c.match(k)))
    .then((r) => r.arrayBuffer()).then((b) => btoa(Array.from(new Uint8Array(b), (x) => String.fromCharCode(x)).join('')))"""

# The worker's reader in the page: {names, sizes, first} of the pycs it would write, or {error}.
PYC_FILES = """async (base64) => {
    if (!window.PlaygroundBytecode) await new Promise((resolve) => {
        const script = document.createElement('script');
        script.src = '/js/worker/bytecode-files.js';
        script.onload = resolve;
        document.head.appendChild(script);
    });
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    try {
        const files = PlaygroundBytecode.pycFiles(bytes);
        return {names: files.map((f) => f.name), first: files.length ? Array.from(files[0].data) : null};
    } catch (err) {
        return {error: err.message};
    }
}"""


def _train(page, epochs=3):
    page.evaluate("(n) => window.playground.step(n)", epochs)
    return state(page)


def test_a_repeat_visit_imports_numpy_and_the_engine_from_the_kept_bytecode(page, site_url):
    page.goto(site_url)
    page.evaluate("window.playground.ready")
    assert state(page)["versions"]["precompiled"] == 0  # a first visit compiles
    wait_for(page, KEPT + ".then((urls) => urls.length === 1)")
    (url,) = page.evaluate(KEPT)
    manifest = page.evaluate("fetch('build-manifest.json').then((r) => r.json())")
    assert url.endswith(manifest["runtime"]["version"] + "-" + manifest["pyplayground"]["wheel"]["sha256"] + ".zip")

    kept = page.evaluate(PYC_FILES, page.evaluate(KEPT_BYTES))
    # modules Python and Pyodide import while starting (before any code of ours runs), NumPy's, the engine's
    for name in ("/lib/python3.8/__pycache__/codecs.cpython-38.pyc", "/lib/python3.8/__pycache__/ast.cpython-38.pyc",
                 "/lib/python3.8/site-packages/numpy/core/__pycache__/numeric.cpython-38.pyc",
                 "/lib/python3.8/site-packages/pyplayground/playground/__pycache__/epoch_trainer.cpython-38.pyc"):
        assert name in kept["names"]

    page.reload()
    page.evaluate("window.playground.ready")
    s = state(page)
    assert s["versions"]["precompiled"] == len(kept["names"]) > 200  # all written before Python started
    assert _train(page)["epoch"] == 3


def test_a_corrupt_bytecode_entry_is_ignored_and_replaced(page, site_url, page_errors):
    page.goto(site_url)
    page.evaluate("window.playground.ready")
    wait_for(page, KEPT + ".then((urls) => urls.length === 1)")
    page.evaluate("""async () => {
        const cache = await caches.open('python-bytecode');
        const [key] = await cache.keys();
        await cache.put(key, new Response('not a zip file at all'));
    }""")
    warnings = []
    page.on("console", lambda m: m.type == "warning" and warnings.append(m.text))
    page.reload()
    page.evaluate("window.playground.ready")
    assert state(page)["versions"]["precompiled"] == 0
    assert any("ignoring the cached bytecode" in w for w in warnings), warnings
    assert _train(page)["epoch"] == 3
    # the start compiled again and keeps a good entry for the next visit
    wait_for(page, """caches.open('python-bytecode').then((c) => c.keys().then((k) => k.length && c.match(k[0])))
                      .then((r) => r && r.arrayBuffer()).then((b) => Boolean(b) && b.byteLength > 100000)""")


def _zip(files, compression=zipfile.ZIP_STORED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in files:
            archive.writestr(name, data)
    return base64.b64encode(buffer.getvalue()).decode()


def test_the_worker_takes_only_checked_hash_pycs_under_the_runtimes_library(page, site_url):
    page.goto(site_url + "__tests__/browser/blank.html")
    checked = b"\x55\x0d\x0d\x0a" + (0b11).to_bytes(4, "little") + bytes(8) + b"code"
    good = "/lib/python3.8/site-packages/pkg/__pycache__/mod.cpython-38.pyc"
    packed = bytecode_cache.pack({
        good: checked,
        "/lib/python3.8/__pycache__/stale.cpython-38.pyc": checked[:4] + bytes(4) + checked[8:],  # by timestamp
        "/lib/python3.8/pkg/__pycache__/short.cpython-38.pyc": checked[:10],
        "/lib/python3.8/pkg/notes.txt": checked,
        "/etc/__pycache__/elsewhere.cpython-38.pyc": checked,
        "/lib/python3.8/../../etc/__pycache__/up.cpython-38.pyc": checked,
        "lib/python3.8/__pycache__/relative.cpython-38.pyc": checked,
    })
    got = page.evaluate(PYC_FILES, base64.b64encode(packed).decode())
    assert got == {"names": [good], "first": list(checked)}


@pytest.mark.parametrize("case", ["junk", "compressed", "truncated"])
def test_a_zip_the_worker_cannot_read_is_refused(page, site_url, case):
    page.goto(site_url + "__tests__/browser/blank.html")
    files = [("/lib/python3.8/__pycache__/a.cpython-38.pyc", bytes(16) * 50)]
    data = {"junk": base64.b64encode(b"not a zip file at all").decode(),
            "compressed": _zip(files, zipfile.ZIP_DEFLATED),
            "truncated": base64.b64encode(base64.b64decode(_zip(files))[:-60]).decode()}[case]
    assert "error" in page.evaluate(PYC_FILES, data)

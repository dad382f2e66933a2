"""A repeat visit starts from the bytecode the first one compiled (pyplayground/bytecode_cache.py)."""
from helpers import state, wait_for

KEPT = "caches.open('python-bytecode').then((c) => c.keys()).then((keys) => keys.map((k) => k.url))"


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

    page.reload()
    page.evaluate("window.playground.ready")
    s = state(page)
    assert s["versions"]["precompiled"] > 100  # numpy's modules, the engine's, the standard library's they use
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

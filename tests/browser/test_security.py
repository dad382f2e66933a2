"""Nothing off-origin: the CSP header on the page, the worker and the runtime, enforced in Chromium.

A worker takes its policy from its own script's response (not from the page's <meta>), so the
test asks the real engine worker to load its runtime from another origin and checks that the
request never left the browser.
"""
import json
import urllib.request

import pytest

import conftest

pytestmark = pytest.mark.browser


def csp(url):
    with urllib.request.urlopen(url) as response:
        return dict((part.strip().split(" ", 1) + [""])[:2]
                    for part in response.headers["Content-Security-Policy"].split(";"))


def test_the_header_covers_page_worker_and_runtime(site_url, built_site):
    with open(built_site + "/build-manifest.json") as f:
        manifest = json.load(f)
    page = csp(site_url)
    assert page["script-src"] == "'self'" and page["style-src"] == "'self'" and page["form-action"] == "'none'"
    worker = csp(site_url + "js/worker/engine-worker.js")
    assert worker["script-src"] == "'self' 'unsafe-eval' 'wasm-unsafe-eval'" and worker["connect-src"] == "'self'"
    for entry in manifest["runtime"]["files"] + [manifest["pyplayground"]["wheel"]]:
        policy = csp(site_url + entry["path"])
        assert policy["default-src"] == "'self'" and policy["connect-src"] == "'self'", entry["path"]


def test_the_page_cannot_eval_inline_or_load_off_origin(ready_page, page_errors):
    page_errors.allow("Content Security Policy")
    # Code the page itself runs (not DevTools' evaluate, which the CSP exempts): a string timer,
    # an inline script and an inline style attribute; each is refused and reported.
    violations = ready_page.evaluate("""() => new Promise((resolve) => {
        const seen = [];
        document.addEventListener('securitypolicyviolation', (e) => seen.push(e.violatedDirective));
        setTimeout('window.__evaluated = true', 0);
        const script = document.createElement('script');
        script.textContent = 'window.__inline = true';
        document.body.appendChild(script);
        document.body.setAttribute('style', 'background: red');
        fetch('http://localhost:9/x').catch(() => {});
        setTimeout(() => resolve(seen), 500);
    })""")
    assert ready_page.evaluate("[window.__evaluated, window.__inline]") == [None, None]
    assert sorted(set(v.split("-elem")[0].split("-attr")[0] for v in violations)) == [
        "connect-src", "script-src", "style-src"], violations
    assert ready_page.evaluate("window.playground.state().phase") == "ready"  # the runtime still runs


def test_an_off_origin_fetch_from_inside_the_worker_is_blocked(ready_page, page_errors, site_url):
    page_errors.allow("Content Security Policy")
    port = site_url.rsplit(":", 1)[1].strip("/")
    other_origin = "http://localhost:%s/" % port  # the same test server, under another origin
    before = len(conftest.REQUESTS)
    reply = ready_page.evaluate("""(base) => new Promise((resolve) => {
        const worker = new Worker('js/worker/engine-worker.js');
        worker.onmessage = (e) => { if (e.data.type !== 'progress') { worker.terminate(); resolve(e.data); } };
        worker.postMessage({id: 1, type: 'init', payload: {base_url: base}});
    })""", other_origin)
    assert reply["type"] == "error"
    assert "fetch" in reply["message"].lower()
    reached = [r for r in conftest.REQUESTS[before:] if r[0] and r[0].startswith("localhost")]
    assert reached == []  # blocked in the browser, never sent

"""Embed mode: only with embed=true, commands only from allowed parent origins (same-origin unless
embed.json lists more), replies only to the parent's origin, malformed strings refused.

The hostile parent is the same test server under another origin (localhost instead of 127.0.0.1).
"""
import json
from urllib.parse import quote, urlparse

import pytest

from helpers import wait_for

pytestmark = pytest.mark.browser

COMMANDS = """() => {
    window.send({type: 'pyplayground:setConfig', id: 1, config: {dataset: 'spiral', learningRate: 1}});
    window.send({type: 'pyplayground:step', id: 2, epochs: 7});
    window.send({type: 'pyplayground:play', id: 3});
    window.send({type: 'pyplayground:getState', id: 4});
}"""


@pytest.fixture
def two_origins(browser, site_url, page_errors):
    """A page whose requests may go to 127.0.0.1 and localhost (the same server), nowhere else."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")

    def guard(route):
        if urlparse(route.request.url).hostname not in ("127.0.0.1", "localhost"):
            page_errors.off_origin.append(route.request.url)
            route.abort()
        else:
            route.continue_()
    context.route("**/*", guard)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and page_errors.console.append(m.text))
    page.on("pageerror", lambda e: page_errors.console.append("uncaught: %s" % e))
    page.set_default_timeout(90000)
    other = site_url.replace("127.0.0.1", "localhost")
    yield page, site_url, other
    context.close()
    assert not page_errors.off_origin and not page_errors.unexpected(), (page_errors.off_origin, page_errors.console)


# In the frame: count the messages its parent sends (our listener runs after the page's own).
COUNT_PARENT_MESSAGES = """() => {
    window.__fromParent = 0;
    addEventListener("message", (event) => { if (event.source === window.parent) window.__fromParent++; });
}"""
# In the frame, once it has every command: one task later, so whatever the page's own listener
# started on them (its origin check is awaited) has run, and so has every engine request that
# started (the worker answers in order). The positive signal that replaces a sleep.
AFTER_COMMANDS = """async (n) => {
    while (window.__fromParent < n) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 0));
    await window.playground.engine.request("model");  // any engine request they caused is answered
    for (let i = 0; i < 2; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
}"""


def send_commands(page, frame):
    """Send COMMANDS from the parent and return once the frame has received and handled all four."""
    frame.evaluate(COUNT_PARENT_MESSAGES)
    page.evaluate(COMMANDS)
    frame.evaluate(AFTER_COMMANDS, 4)


def host(page, parent_base, frame_url):
    page.goto(parent_base + "__tests__/browser/embed_host.html?frame=" + quote(frame_url, safe=""))
    frame = [f for f in page.frames if f != page.main_frame][0]
    wait_for(frame, "() => window.playground !== undefined")
    frame.evaluate("window.playground.ready")
    return frame


def test_a_hostile_parent_on_another_origin_cannot_drive_the_playground(two_origins):
    page, site, other = two_origins
    frame = host(page, other, site + "#embed=true&dataset=xor")
    before = frame.evaluate("window.playground.state()")
    send_commands(page, frame)
    after = frame.evaluate("window.playground.state()")
    assert after["epoch"] == 0 and not after["playing"] and after["config"] == before["config"]
    assert page.evaluate("window.received") == []  # no replies, no state: nothing leaks to it


def test_an_origin_listed_in_embed_json_may_drive_it_and_gets_replies_at_its_origin(two_origins):
    page, site, other = two_origins
    origin = other.rstrip("/")
    page.route("**/embed.json", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps({"allowed_parent_origins": [origin]})))
    frame = host(page, other, site + "#embed=true&dataset=xor")
    page.evaluate(COMMANDS)
    wait_for(page, "() => [1, 2, 3, 4].every(id => window.received.some(m => m.id === id))")
    replies = {m["id"]: m for m in page.evaluate("window.received") if m.get("type") == "pyplayground:result"}
    assert replies[1]["ok"] and replies[2]["state"]["epoch"] == 7 and replies[3]["ok"]
    frame.evaluate("window.playground.pause()")


def test_without_embed_true_a_same_origin_parent_gets_no_hearing(page, site_url):
    page.goto(site_url + "__tests__/browser/embed_host.html?frame=" + quote("/#dataset=xor", safe=""))
    frame = [f for f in page.frames if f != page.main_frame][0]
    wait_for(frame, "() => window.playground !== undefined")
    frame.evaluate("window.playground.ready")
    send_commands(page, frame)
    assert page.evaluate("window.received") == []
    assert frame.evaluate("window.playground.state()")["epoch"] == 0
    assert frame.evaluate("document.body.classList.contains('embed')") is False


def test_malformed_strings_are_refused(page, site_url):
    page.goto(site_url + "__tests__/browser/embed_host.html")
    frame = [f for f in page.frames if f != page.main_frame][0]
    wait_for(frame, "() => window.playground !== undefined")
    frame.evaluate("window.playground.ready")
    page.evaluate("window.send({type: 'pyplayground:setConfig', id: 5, config: {tutorial: '\\ud800'}})")
    page.evaluate("window.send({type: 'pyplayground:getState', id: '\\udfff'})")
    page.evaluate("window.send({type: 'pyplayground:explode', id: 6})")
    wait_for(page, "() => window.received.filter(m => m.type === 'pyplayground:result').length >= 3")
    results = [m for m in page.evaluate("window.received") if m.get("type") == "pyplayground:result"]
    assert [r["ok"] for r in results] == [False, False, False]
    assert "tutorial" in results[0]["error"] and "id must be" in results[1]["error"]
    assert "unknown command 'explode'" in results[2]["error"]
    # The page goes on: frames draw and the hash is still written.
    assert frame.evaluate("window.playground.step(2)")["epoch"] == 2
    assert "tutorial=" in frame.evaluate("location.hash")
    assert frame.evaluate("window.playground.setConfig({tutorial: 'ok \\ud83d\\ude00'})")["config"]["tutorial"] == "ok 😀"

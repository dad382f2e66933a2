"""Small helpers shared by the browser tests."""
import time

POLL_S = 0.05  # between two checks of wait_for


def state(page):
    return page.evaluate("window.playground.state()")


def engine_config(page):
    """The playground's current config as the engine's config (state.toEngineConfig), to rebuild the
    page's session with the host's Python."""
    return page.evaluate("""async () => {
        const state = await import('/js/playground/state.js');
        return state.toEngineConfig(window.playground.state().config, 0, null);
    }""")


def hash_params(url):
    """The key=value pairs of a URL's hash as a dict of strings."""
    text = url.split("#", 1)[1] if "#" in url else ""
    return dict(part.split("=", 1) for part in text.split("&") if "=" in part)


def notices(page):
    return " | ".join(page.evaluate("window.playground.notices()"))


def wait_for(page, expression, arg=None, timeout=None, polling=None):
    """Wait until the JS ``expression`` (or function of ``arg``) is truthy; returns True.

    The same contract as Playwright's ``page.wait_for_function``, which the page fixture maps to
    this: it polls with ``page.evaluate`` (a DevTools call that the page's CSP does not govern)
    because Playwright's own version needs ``'unsafe-eval'`` in the page. ``timeout`` in ms (None:
    the page's default, 90 s in these tests), ``polling`` in ms or "raf".
    """
    # As Playwright does: a string that evaluates to a function is called with arg.
    check = ("(arg) => { const v = (%s); return Promise.resolve(typeof v === 'function' ? v(arg) : v)"
             ".then((x) => !!x); }" % expression)
    interval = polling / 1000.0 if isinstance(polling, (int, float)) else POLL_S
    deadline = time.monotonic() + (90.0 if timeout is None else timeout / 1000.0)
    while True:
        if page.evaluate(check, arg):
            return True
        if time.monotonic() >= deadline:
            raise TimeoutError("wait_for: %r was not true within %s ms" % (expression, timeout or 90000))
        time.sleep(interval)


SETTLE = """async () => {
    await window.playground.engine.request("model");  // the worker answers in order: all before it are in
    for (let i = 0; i < 2; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
}"""


def settle(page):
    """Return once every engine request the playground sent so far has been answered and the page
    has drawn twice since: a train request sent by a play loop that should have stopped would have
    landed (and moved the epoch) by then. The positive signal that replaces "wait and see"."""
    page.evaluate(SETTLE)

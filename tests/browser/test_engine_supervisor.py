"""The engine supervisor (site/js/engine-client.js + the controller's restore), on the real worker.

A worker that is killed or hangs is replaced; the page hands the new one its own copy of the
config, data and weights, and training goes on exactly as if nothing had happened (the session's
shuffle depends only on the seed and the epoch).
"""
import time

import pytest

from helpers import notices, state

pytestmark = pytest.mark.browser

START_STEP = "(n) => { window.__step = window.playground.step(n); window.__step.catch(() => {}); }"


def engine_worker(page):
    workers = [w for w in page.workers if w.url.endswith("/js/worker/engine-worker.js")]
    assert len(workers) == 1, [w.url for w in page.workers]
    return workers[0]


def kill_worker(page):
    """Close the engine worker from inside, as a crash would: it just stops answering."""
    engine_worker(page).evaluate("setTimeout(() => self.close(), 0)")


def hang_worker(page, seconds=120):
    engine_worker(page).evaluate("setTimeout(() => { const end = Date.now() + %d; while (Date.now() < end); }, 0)"
                                 % (seconds * 1000))


def set_timeout(page, ms):
    page.evaluate("(ms) => { window.playground.engine.timeouts.request = ms; }", ms)


def model(page):
    return page.evaluate("window.playground.saveModel()")


@pytest.fixture
def reference(ready_page):
    """The uninterrupted run: the model after 20 epochs and after 20 + 300 (rewound afterwards)."""
    page = ready_page
    page.evaluate("window.playground.setConfig({dataset: 'spiral', networkShape: [6, 4]})")
    page.evaluate("window.playground.step(20)")
    at_20 = model(page)
    page.evaluate("window.playground.step(300)")
    at_320 = model(page)
    page.evaluate("window.playground.rewind().then(() => window.playground.step(20))")
    assert model(page) == at_20  # training is deterministic
    return at_20, at_320


def test_a_worker_killed_mid_training_resumes_with_the_same_weights_and_data(ready_page, reference):
    page = ready_page
    set_timeout(page, 2000)
    page.evaluate(START_STEP, 300)
    page.wait_for_function("window.playground.state().epoch >= 60")
    kill_worker(page)
    started = time.monotonic()
    after = page.evaluate("window.__step")
    recovered_s = time.monotonic() - started
    assert after["epoch"] == 320 and after["engineRestarts"] == 1 and after["phase"] == "ready"
    assert model(page) == reference[1]  # exactly the weights of the uninterrupted run
    assert "restored at epoch" in notices(page)
    print("killed at epoch >= 60 of 20..320: recovered and finished in %.1f s" % recovered_s)
    # Play goes on too after a second kill while playing.
    page.evaluate("window.playground.play()")
    page.wait_for_function("window.playground.state().epoch > 340")
    kill_worker(page)
    page.wait_for_function("window.playground.state().engineRestarts === 2 && window.playground.state().epoch > 400")
    assert state(page)["playing"]
    page.evaluate("window.playground.pause()")


def test_a_hung_request_times_out_and_recovers(ready_page, reference):
    page = ready_page
    set_timeout(page, 1500)
    hang_worker(page)
    started = time.monotonic()
    after = page.evaluate("window.playground.step(300)")
    took = time.monotonic() - started
    assert after["epoch"] == 320 and after["engineRestarts"] == 1
    assert model(page) == reference[1]
    assert page.evaluate("window.playground.engine.lastLoss").startswith("the engine did not answer 'train' within")
    assert len([w for w in page.workers if w.url.endswith("engine-worker.js")]) == 1  # the hung one is gone
    print("hung worker: timed out after 1.5 s, restarted, 300 epochs done in %.1f s in all" % took)


def test_the_model_can_be_saved_while_the_worker_is_down(ready_page):
    page = ready_page
    page.evaluate("window.playground.step(5)")
    before = model(page)
    kill_worker(page)
    assert model(page) == before  # the page's own copy; no engine round trip


def test_python_errors_do_not_restart_the_worker(ready_page):
    page = ready_page
    error = page.evaluate("window.playground.engine.request('set_param', {kind: 'weight', layer: 99, i: 0, j: 0,"
                          " value: 1}).then(() => null, (e) => e.message)")
    assert "layer must be an integer" in error
    assert state(page)["engineRestarts"] == 0


def test_pause_answers_within_a_frame_during_a_long_step(ready_page):
    page = ready_page
    page.evaluate(START_STEP, 100000)
    page.wait_for_function("window.playground.state().epoch >= 30")
    waits = []
    for _ in range(5):
        waits.append(page.evaluate("""async () => {
            const t = performance.now();
            await window.playground.pause();
            return performance.now() - t;
        }"""))
        resumed_at = state(page)["epoch"]
        page.evaluate(START_STEP, 100000)
        page.wait_for_function("e => window.playground.state().epoch > e", resumed_at)  # the step is under way
    page.evaluate("window.playground.pause()")
    final = page.evaluate("window.__step")
    assert final["epoch"] < 100000 and not final["playing"]
    print("pause during step(100000): %s ms" % ", ".join("%.0f" % w for w in waits))
    assert sorted(waits)[2] < 50, waits  # the median; a loaded 2-core CI machine may stretch a single one


def test_a_failed_start_can_be_retried(page, page_errors, site_url):
    page_errors.allow("404")
    page.route("**/build-manifest.json", lambda route: route.fulfill(status=404, body="missing"))
    page.goto(site_url)
    assert "python3 build.py" in page.evaluate("window.playground.ready.then(() => null, e => e.message)")
    page.unroute("**/build-manifest.json")
    page.click("#loading .loading-retry")
    page.evaluate("window.playground.ready")
    assert state(page)["phase"] == "ready" and page.locator("#loading").is_hidden()
    assert page.evaluate("window.playground.step(2)")["epoch"] == 2

